namespace Plumb.Metrics.Statistics;

/// <summary>
/// McNemar's test of paired accuracy: do two classifiers err on the same rows equally often? Only the
/// discordant rows count: b = rows A gets right and B wrong, c = rows A gets wrong and B right.
/// </summary>
/// <remarks>
/// <para>Exact (as statsmodels' <c>mcnemar(table, exact=True)</c>): p = min(1, 2·P(X ≤ min(b, c))) with
/// X ~ Binomial(b + c, ½).</para>
/// <para>Chi-square with continuity correction (as <c>mcnemar(table, exact=False, correction=True)</c>):
/// χ² = (|b − c| − 1)²/(b + c), p = P(χ²₁ ≥ χ²) = erfc(√(χ²/2)).</para>
/// <para><see cref="Test(long, long)"/> uses the exact test while b + c &lt; <see cref="ExactBelow"/> (25), the
/// chi-square beyond. With no discordant row the models agree everywhere: p = 1.</para>
/// <code>
/// var t = McNemar.Exact(2, 8);      // p = 2·(1 + 10 + 45)/1024 = 0.109375
/// var u = McNemar.ChiSquare(2, 8);  // χ² = 2.5, p = 0.113846…
/// </code>
/// </remarks>
public static class McNemar
{
    /// <summary>Discordant counts below which <see cref="Test(long, long)"/> uses the exact binomial test.</summary>
    public const long ExactBelow = 25;

    /// <summary>The exact test for small discordant counts, else chi-square with continuity correction.</summary>
    /// <param name="aRightBWrong">b: rows model A classifies correctly and B does not.</param>
    /// <param name="aWrongBRight">c: rows model B classifies correctly and A does not.</param>
    /// <exception cref="ArgumentException">A negative count.</exception>
    public static McNemarTest Test(long aRightBWrong, long aWrongBRight) =>
        aRightBWrong + aWrongBRight < ExactBelow ? Exact(aRightBWrong, aWrongBRight) : ChiSquare(aRightBWrong, aWrongBRight);

    /// <summary>The exact binomial test: p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).</summary>
    /// <exception cref="ArgumentException">A negative count.</exception>
    public static McNemarTest Exact(long aRightBWrong, long aWrongBRight)
    {
        Check(aRightBWrong, aWrongBRight);
        long n = aRightBWrong + aWrongBRight, s = Math.Min(aRightBWrong, aWrongBRight);
        if (n == 0) return new McNemarTest(aRightBWrong, aWrongBRight, 0, 1, true);
        // Terms C(n, k)/2ⁿ for k = s, s−1, …, 0, relative to the largest (k = s ≤ n/2): t_{k−1} = t_k·k/(n − k + 1).
        double logTerm = LogChoose(n, s) - n * Math.Log(2);
        double sum = 0, t = 1;
        for (long k = s; k >= 0; k--)
        {
            sum += t;
            if (k == 0) break;
            t *= (double)k / (n - k + 1);
            if (t < 1e-18 * sum) break;
        }
        double p = Math.Min(1, 2 * Math.Exp(logTerm + Math.Log(sum)));
        return new McNemarTest(aRightBWrong, aWrongBRight, s, p, true);
    }

    /// <summary>The chi-square test with continuity correction: χ² = (|b − c| − 1)²/(b + c), one degree of freedom.</summary>
    /// <exception cref="ArgumentException">A negative count.</exception>
    public static McNemarTest ChiSquare(long aRightBWrong, long aWrongBRight)
    {
        Check(aRightBWrong, aWrongBRight);
        long n = aRightBWrong + aWrongBRight;
        if (n == 0) return new McNemarTest(aRightBWrong, aWrongBRight, 0, 1, false);
        double d = Math.Abs(aRightBWrong - aWrongBRight) - 1.0;
        double chi2 = d * d / n;
        return new McNemarTest(aRightBWrong, aWrongBRight, chi2, Normal.Erfc(Math.Sqrt(chi2 / 2)), false);
    }

    /// <summary>Counts the discordant rows of two label predictions against the target.</summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static (long ARightBWrong, long AWrongBRight) Discordant(ReadOnlySpan<double> target, ReadOnlySpan<double> predictedA, ReadOnlySpan<double> predictedB)
    {
        if (predictedA.Length != target.Length || predictedB.Length != target.Length)
            throw new ArgumentException($"McNemar: {target.Length} targets, {predictedA.Length} and {predictedB.Length} predictions");
        long b = 0, c = 0;
        for (int i = 0; i < target.Length; i++)
        {
            bool a = predictedA[i] == target[i], bb = predictedB[i] == target[i];
            if (a && !bb) b++;
            else if (!a && bb) c++;
        }
        return (b, c);
    }

    private static double LogChoose(long n, long k)
    {
        double s = 0;
        for (long i = 0; i < k; i++) s += Math.Log((double)(n - i) / (i + 1));
        return s;
    }

    private static void Check(long b, long c)
    {
        if (b < 0 || c < 0) throw new ArgumentException($"McNemar: discordant counts must be non-negative, got {b} and {c}");
    }
}

/// <summary>The result of a <see cref="McNemar"/> test.</summary>
/// <param name="ARightBWrong">b: rows A classifies correctly and B does not.</param>
/// <param name="AWrongBRight">c: rows B classifies correctly and A does not.</param>
/// <param name="Statistic">Exact test: min(b, c); chi-square: (|b − c| − 1)²/(b + c).</param>
/// <param name="P">Two-sided p-value.</param>
/// <param name="IsExact">True for the exact binomial test.</param>
public sealed record McNemarTest(long ARightBWrong, long AWrongBRight, double Statistic, double P, bool IsExact);
