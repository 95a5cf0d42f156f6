using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// Mean Tweedie deviance with power p, as scikit-learn's <c>mean_tweedie_deviance</c>; p = 1 is the Poisson
/// deviance (<c>mean_poisson_deviance</c>), p = 2 the Gamma deviance (<c>mean_gamma_deviance</c>), p = 0 the MSE.
/// </summary>
/// <remarks>
/// Per sample: p = 0: (y − ŷ)²; p = 1: 2(y ln(y/ŷ) − y + ŷ) (0·ln 0 = 0); p = 2: 2(ln(ŷ/y) + y/ŷ − 1);
/// otherwise 2(max(y, 0)^(2−p)/((1−p)(2−p)) − y ŷ^(1−p)/(1−p) + ŷ^(2−p)/(2−p)) (max only for p &lt; 0).
/// Domains: p &lt; 0: ŷ &gt; 0; 1 ≤ p &lt; 2: y ≥ 0, ŷ &gt; 0; p ≥ 2: y &gt; 0, ŷ &gt; 0; 0 &lt; p &lt; 1 is undefined.
/// The metric is Σ wᵢ dᵢ / Σ wᵢ. Lower is better.
/// <code>
/// double pd = TweedieDeviance.Regression([2, 0, 1, 4], [0.5, 0.5, 2, 2], power: 1); // Poisson: 1.4260151319…
/// var gamma = TweedieDeviance.Gamma();
/// </code>
/// </remarks>
public sealed class TweedieDeviance : MeanLossMetric
{
    /// <summary>Creates a streaming mean Tweedie deviance.</summary>
    /// <exception cref="ArgumentException">0 &lt; power &lt; 1 or NaN.</exception>
    public TweedieDeviance(double power) : this(power, "tweedie_deviance") { }

    private TweedieDeviance(double power, string name) : base(name)
    {
        if (double.IsNaN(power) || (power > 0 && power < 1))
            throw new ArgumentException($"tweedie_deviance: power {power.ToString("R", CultureInfo.InvariantCulture)}: Tweedie deviance is only defined for power ≤ 0 and power ≥ 1");
        Power = power;
    }

    /// <summary>The mean Poisson deviance (power 1, name <c>poisson_deviance</c>).</summary>
    public static TweedieDeviance Poisson() => new(1, "poisson_deviance");

    /// <summary>The mean Gamma deviance (power 2, name <c>gamma_deviance</c>).</summary>
    public static TweedieDeviance Gamma() => new(2, "gamma_deviance");

    /// <summary>The Tweedie power p.</summary>
    public double Power { get; }

    private protected override string ConfigKey => string.Create(CultureInfo.InvariantCulture, $"{Name}(power={Power:R})");

    /// <summary>Mean Tweedie deviance of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, double power, ReadOnlySpan<double> weight = default) =>
        new TweedieDeviance(power).Evaluate(target, prediction, weight);

    private protected override void CheckDomain(double y, double p, long index)
    {
        string what = string.Create(CultureInfo.InvariantCulture, $"{Name} (power {Power:R})");
        if (Power < 0 || Power >= 1)
            if (p <= 0) throw new ArgumentException($"{what}: prediction {Fmt(p)} at index {index} must be > 0");
        if (Power >= 1 && Power < 2 && y < 0) throw new ArgumentException($"{what}: target {Fmt(y)} at index {index} must be ≥ 0");
        if (Power >= 2 && y <= 0) throw new ArgumentException($"{what}: target {Fmt(y)} at index {index} must be > 0");
    }

    private protected override double Loss(double y, double mu)
    {
        double p = Power;
        if (p == 0) return (y - mu) * (y - mu);
        if (p == 1) return 2 * ((y == 0 ? 0 : y * Math.Log(y / mu)) - y + mu);
        if (p == 2) return 2 * (Math.Log(mu / y) + y / mu - 1);
        double yy = p < 0 ? Math.Max(y, 0) : y;
        return 2 * (Math.Pow(yy, 2 - p) / ((1 - p) * (2 - p)) - y * Math.Pow(mu, 1 - p) / (1 - p) + Math.Pow(mu, 2 - p) / (2 - p));
    }
}
