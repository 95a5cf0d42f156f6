namespace Plumb.Metrics;

/// <summary>
/// Mean squared logarithmic error, as scikit-learn's <c>mean_squared_log_error</c>. Targets and predictions
/// must be ≥ 0.
/// </summary>
/// <remarks>
/// MSLE = Σ wᵢ (ln(1 + yᵢ) − ln(1 + ŷᵢ))² / Σ wᵢ. Lower is better.
/// <code>
/// double msle = Msle.Regression([3, 5, 2.5, 7], [2.5, 5, 4, 8]); // 0.0397301229…
/// </code>
/// </remarks>
public sealed class Msle : MeanLossMetric
{
    /// <summary>Creates a streaming MSLE.</summary>
    public Msle() : base("msle") { }

    /// <summary>MSLE of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new Msle().Evaluate(target, prediction, weight);

    private protected override void CheckDomain(double y, double p, long index)
    {
        if (y < 0) throw new ArgumentException($"msle: target {Fmt(y)} at index {index} is negative");
        if (p < 0) throw new ArgumentException($"msle: prediction {Fmt(p)} at index {index} is negative");
    }

    private protected override double Loss(double y, double p)
    {
        double a = Log1P(y), b = Log1P(p);
        return (a - b) * (a - b);
    }

    /// <summary>ln(1 + x) accurate for small x (Goldberg's trick; .NET's LogP1 is Log(x + 1)).</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * (x / (u - 1));
    }
}
