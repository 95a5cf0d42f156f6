namespace Plumb.Metrics;

/// <summary>
/// Maximum absolute error, as scikit-learn's <c>max_error</c>: the worst case.
/// </summary>
/// <remarks>
/// max_error = maxᵢ |yᵢ − ŷᵢ| over the samples with positive weight (scikit-learn takes no weights; a weight
/// of 0 removes a sample, any positive weight keeps it). NaN before any sample. Lower is better. Exact state.
/// <code>
/// double m = MaxError.Regression([3, 2, 7, 1], [9, 2, 7, 1]); // 6
/// </code>
/// </remarks>
public sealed class MaxError : RegressionMetric
{
    private readonly MaxState _max;

    /// <summary>Creates a streaming max error.</summary>
    public MaxError() : base("max_error", MetricDirection.LowerIsBetter) => _max = Declare(new MaxState());

    /// <summary>Max error of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new MaxError().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute() => double.IsNegativeInfinity(_max.Value) ? double.NaN : _max.Value;

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        for (int i = 0; i < y.Length; i++)
            if (w.IsEmpty || w[i] > 0) _max.Add(Math.Abs(y[i] - p[i]));
    }
}
