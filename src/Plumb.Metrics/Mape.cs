namespace Plumb.Metrics;

/// <summary>
/// Mean absolute percentage error as a fraction (0.1 = 10 %), as scikit-learn's
/// <c>mean_absolute_percentage_error</c>.
/// </summary>
/// <remarks>
/// MAPE = Σ wᵢ |ŷᵢ − yᵢ| / max(|yᵢ|, ε) / Σ wᵢ with ε = 2.220446049250313e-16 (float64 machine epsilon), so
/// a zero target gives a huge but finite term, as scikit-learn. Lower is better.
/// <code>
/// double mape = Mape.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.3273809523…
/// </code>
/// </remarks>
public sealed class Mape : MeanLossMetric
{
    /// <summary>Creates a streaming MAPE.</summary>
    public Mape() : base("mape") { }

    /// <summary>MAPE of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new Mape().Evaluate(target, prediction, weight);

    private const double Eps = 2.220446049250313e-16; // np.finfo(np.float64).eps

    private protected override double Loss(double y, double p) => Math.Abs(p - y) / Math.Max(Math.Abs(y), Eps);
}
