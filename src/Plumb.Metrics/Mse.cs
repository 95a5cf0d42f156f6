namespace Plumb.Metrics;

/// <summary>
/// Mean squared error, as scikit-learn's <c>mean_squared_error</c>.
/// </summary>
/// <remarks>
/// MSE = Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ. Lower is better.
/// <code>
/// double mse = Mse.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
/// </code>
/// </remarks>
public sealed class Mse : MeanLossMetric
{
    /// <summary>Creates a streaming MSE.</summary>
    public Mse() : base("mse") { }

    /// <summary>MSE of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new Mse().Evaluate(target, prediction, weight);

    private protected override double Loss(double y, double p) => (y - p) * (y - p);
}

/// <summary>
/// Root mean squared error, as scikit-learn's <c>mean_squared_error(squared=False)</c>: √MSE, in the units of
/// the target.
/// </summary>
/// <remarks>
/// RMSE = √(Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ). Lower is better.
/// <code>
/// double rmse = Rmse.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // √0.375 = 0.6123…
/// </code>
/// </remarks>
public sealed class Rmse : MeanLossMetric
{
    /// <summary>Creates a streaming RMSE.</summary>
    public Rmse() : base("rmse") { }

    /// <summary>RMSE of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new Rmse().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute() => Math.Sqrt(base.Compute());

    private protected override double Loss(double y, double p) => (y - p) * (y - p);
}
