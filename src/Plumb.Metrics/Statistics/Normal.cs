namespace Plumb.Metrics.Statistics;

/// <summary>
/// The standard normal distribution: CDF, upper tail, quantile and two-sided p-values, accurate to about
/// 1e-15 (relative) in the range a test statistic takes.
/// </summary>
/// <remarks>
/// <para>Φ(x) = ½·erfc(−x/√2). erfc is summed from the series erf(x) = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3···(2n+1))
/// for |x| ≤ 2.5 (positive terms, no cancellation) and from the continued fraction
/// erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))) beyond. The quantile starts from Acklam's
/// rational approximation and takes two Halley steps on Φ.</para>
/// <code>
/// double p = Normal.TwoSidedP(1.959963984540054); // 0.05
/// double z = Normal.Quantile(0.975);             // 1.959963984540054
/// </code>
/// </remarks>
public static class Normal
{
    private const double SqrtPi = 1.7724538509055160273;
    private const double Sqrt2 = 1.4142135623730950488;

    /// <summary>Φ(x) = P(Z ≤ x).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Sqrt2);

    /// <summary>1 − Φ(x) = P(Z &gt; x), without cancellation for large x.</summary>
    public static double UpperTail(double x) => 0.5 * Erfc(x / Sqrt2);

    /// <summary>Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).</summary>
    public static double TwoSidedP(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1, Erfc(Math.Abs(z) / Sqrt2));

    /// <summary>The complementary error function erfc(x) = 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x <= 2.5) return 1 - ErfSeries(x);
        if (x > 27) return 0;
        // Modified Lentz on erfc(x)·√π·e^(x²) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = n * 0.5;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / (SqrtPi * f);
    }

    private static double ErfSeries(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return 2 / SqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>The quantile Φ⁻¹(p) for p in (0, 1); −∞ at 0 and +∞ at 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1] or NaN.</exception>
    public static double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability in [0, 1] is needed");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        double x;
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p <= 1 - low)
        {
            double q = p - 0.5, r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        // Halley steps on Φ(x) − p (for p > ½ written as (1 − p) − (1 − Φ(x)), without cancellation).
        for (int step = 0; step < 2; step++)
        {
            double e = p > 0.5 ? (1 - p) - UpperTail(x) : Cdf(x) - p;
            double u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + x * u / 2);
        }
        return x;
    }
}
