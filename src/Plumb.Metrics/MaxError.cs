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
    private double _max = double.NegativeInfinity;

    /// <summary>Creates a streaming max error.</summary>
    public MaxError() : base("max_error", MetricDirection.LowerIsBetter) { }

    /// <summary>Max error of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new MaxError().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute() => double.IsNegativeInfinity(_max) ? double.NaN : _max;

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        for (int i = 0; i < y.Length; i++)
            if (w.IsEmpty || w[i] > 0) _max = Math.Max(_max, Math.Abs(y[i] - p[i]));
    }

    private protected override void ResetCore() => _max = double.NegativeInfinity;

    private protected override void MergeCore(RegressionMetric other) => _max = Math.Max(_max, ((MaxError)other)._max);

    private protected override void Write(BinaryWriter w) => w.Write(_max);

    private protected override void Read(BinaryReader r) => _max = r.ReadDouble();
}
