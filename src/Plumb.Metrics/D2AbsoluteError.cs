namespace Plumb.Metrics;

/// <summary>
/// D² absolute error score, as scikit-learn's <c>d2_absolute_error_score</c>: the fraction of the absolute
/// error of the best constant (the median) that the predictions remove.
/// </summary>
/// <remarks>
/// D² = 1 − Σ wᵢ |yᵢ − ŷᵢ| / Σ wᵢ |yᵢ − q|, q the (weighted) median of the targets (linear interpolation
/// without weights, scikit-learn's weighted percentile with them). 1 when the numerator is 0, 0 when only
/// the denominator is; NaN with fewer than two samples. Higher is better. State: the targets and weights
/// (16 bytes per sample) plus a compensated sum.
/// <code>
/// double d2 = D2AbsoluteError.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.7647058823…
/// </code>
/// </remarks>
public sealed class D2AbsoluteError : RegressionMetric
{
    private readonly RetainedSamples _targets;
    private readonly SumState _loss, _weight;

    /// <summary>Creates a streaming D² absolute error score.</summary>
    public D2AbsoluteError() : base("d2_absolute_error", MetricDirection.HigherIsBetter)
    {
        _targets = Declare(new RetainedSamples());
        _loss = Declare(new SumState());
        _weight = Declare(new SumState());
    }

    /// <summary>D² absolute error score of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new D2AbsoluteError().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute()
    {
        if (Count < 2) return double.NaN;
        double q = _targets.Median(numpyMedian: false);
        var den = new CompensatedSum();
        foreach (var (y, w) in _targets.Items()) den.Add(w * Pinball(y - q));
        double numerator = _loss.Value / _weight.Value, denominator = den.Value / _weight.Value;
        if (numerator == 0) return 1;
        if (denominator == 0) return 0;
        return 1 - numerator / denominator;
    }

    private static double Pinball(double diff) => diff >= 0 ? 0.5 * diff : -(0.5 * diff);

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        if (!w.IsEmpty) _targets.MarkWeighted();
        for (int i = 0; i < y.Length; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            _targets.Add(y[i], wi);
            _loss.Add(wi * Pinball(y[i] - p[i]));
            _weight.Add(wi);
        }
    }
}
