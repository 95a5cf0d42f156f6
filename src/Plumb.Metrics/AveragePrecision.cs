namespace Plumb.Metrics;

/// <summary>
/// Average precision, step-wise and exact, as scikit-learn's <c>average_precision_score</c> (not the
/// interpolated trapezoid): binary, multilabel, and multiclass one-vs-rest.
/// </summary>
/// <remarks>
/// <para>AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct scores taken as thresholds, highest first; tied scores
/// form one threshold. 0 when there are no positives (scikit-learn warns and returns 0).</para>
/// <para>Multilabel: per column, averaged micro, macro (default), weighted, samples or none. Multiclass:
/// each class c vs the rest on column c (scikit-learn 1.2 has no multiclass AP; this equals its multilabel
/// AP on <c>label_binarize(y)</c>), averaged the same way.</para>
/// <para>Memory and sorting as <see cref="RocAuc"/>; O(bins) binned mode: <see cref="BinnedRanking"/>.</para>
/// <code>
/// double ap = AveragePrecision.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
/// </code>
/// </remarks>
public sealed class AveragePrecision : ScoreMetric
{
    /// <summary>Average precision for the task in <paramref name="options"/> (default: binary).</summary>
    public AveragePrecision(MetricOptions? options = null) : base(options ?? new MetricOptions()) { }

    /// <inheritdoc />
    public override string Name => "average_precision";

    /// <summary>Exact binary average precision of 0/1 targets and scores (optional weights).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        return ComputeOnce(new AveragePrecision(), new MetricBatch(target, score, 1, weight));
    }

    /// <summary>Binary form for <c>int</c> 0/1 targets and <c>float</c> scores, read without copying (optional weights).</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, ReadOnlySpan<double> weight = default)
    {
        if (weight.IsEmpty && TryRankInPlace(target, score, averagePrecision: true, out double ap)) return ap;
        return ComputeOnce(new AveragePrecision(), new MetricBatch(target, score, 1, weight));
    }

    /// <inheritdoc />
    public override object ComputeStructured()
    {
        if (State.Count == 0) throw new InvalidOperationException("average_precision of no samples is undefined");
        var avg = EffectiveAverage;
        int k = State.Columns;
        if (Options.Task == MetricTask.Binary) return Column(0).AucAp().Ap;
        if (avg == Metrics.Average.Micro) return Flattened().AucAp().Ap;
        if (avg == Metrics.Average.Samples)
        {
            if (Options.Task != MetricTask.Multilabel) throw new InvalidOperationException("average_precision: average=samples needs a multilabel task");
            var per = new double[State.Count];
            for (int i = 0; i < State.Count; i++) per[i] = SampleRow(i).AucAp().Ap;
            return Average(per, State.Weights is null ? null : Enumerable.Range(0, State.Count).Select(i => State.Weights[i]).ToArray());
        }
        var values = new double[k];
        for (int c = 0; c < k; c++) values[c] = Column(c).AucAp().Ap;
        return avg switch
        {
            Metrics.Average.None => values,
            Metrics.Average.Weighted => Average(values, Support()),
            _ => Average(values, null),
        };
    }
}
