namespace Plumb.Metrics;

/// <summary>
/// Median absolute error, as scikit-learn's <c>median_absolute_error</c>: robust to outliers.
/// </summary>
/// <remarks>
/// Without weights: the median of |ŷᵢ − yᵢ| (mean of the two middle values for an even count, as
/// <c>np.median</c>). With weights (any batch carrying them): scikit-learn's weighted percentile, the smallest
/// error e whose cumulative weight reaches half the total. Lower is better. State: every (error, weight) pair
/// (16 bytes per sample), exact and mergeable.
/// <code>
/// double m = MedianAbsoluteError.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
/// </code>
/// </remarks>
public sealed class MedianAbsoluteError : RegressionMetric
{
    private readonly RetainedSamples _errors;

    /// <summary>Creates a streaming median absolute error.</summary>
    public MedianAbsoluteError() : base("median_absolute_error", MetricDirection.LowerIsBetter) => _errors = Declare(new RetainedSamples());

    /// <summary>Median absolute error of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new MedianAbsoluteError().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute() => _errors.Median(numpyMedian: true);

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        if (!w.IsEmpty) _errors.MarkWeighted();
        for (int i = 0; i < y.Length; i++) _errors.Add(Math.Abs(p[i] - y[i]), w.IsEmpty ? 1 : w[i]);
    }
}
