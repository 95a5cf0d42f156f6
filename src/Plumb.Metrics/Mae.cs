namespace Plumb.Metrics;

/// <summary>
/// Mean absolute error, as scikit-learn's <c>mean_absolute_error</c>.
/// </summary>
/// <remarks>
/// MAE = Σ wᵢ |ŷᵢ − yᵢ| / Σ wᵢ. Lower is better.
/// <code>
/// double mae = Mae.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
/// </code>
/// </remarks>
public sealed class Mae : MeanLossMetric
{
    /// <summary>Creates a streaming MAE.</summary>
    public Mae() : base("mae") { }

    /// <summary>MAE of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new Mae().Evaluate(target, prediction, weight);

    private protected override double Loss(double y, double p) => Math.Abs(p - y);
}
