namespace Plumb.Metrics;

/// <summary>
/// Hamming loss: the (weighted) fraction of wrong labels, as scikit-learn's <c>hamming_loss</c>.
/// </summary>
/// <remarks>
/// Binary and multiclass: Σᵢ wᵢ·[ŷᵢ ≠ yᵢ] / Σᵢ wᵢ = 1 − accuracy. Multilabel: Σᵢ wᵢ·|{l : ŷᵢₗ ≠ yᵢₗ}| / (L·Σᵢ wᵢ),
/// the fraction of wrong label cells. Lower is better.
/// <code>
/// double h = HammingLoss.Binary([1, 0, 1, 1], [0.9, 0.4, 0.3, 0.8]); // 0.25
/// </code>
/// </remarks>
public sealed class HammingLoss : LabelMetric
{
    /// <summary>Creates a streaming Hamming loss.</summary>
    public HammingLoss(MetricOptions? options = null) : base("hamming_loss", MetricDirection.LowerIsBetter, options) { }

    /// <summary>Binary Hamming loss (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new HammingLoss(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    internal override object ComputeFrom(ConfusionState s) => Of(s);

    internal static double Of(ConfusionState s)
    {
        if (s.Task == MetricTask.Multilabel)
        {
            double wrong = 0, total = 0;
            foreach (var ((_, fp, fn), w) in s.SampleHistogram)
            {
                wrong += w * (fp + fn);
                total += w;
            }
            return wrong / (s.K * total);
        }
        double miss = 0;
        for (int i = 0; i < s.K; i++)
            for (int j = 0; j < s.K; j++)
                if (i != j) miss += s.Cell(i, j);
        return miss / s.TotalWeight;
    }
}
