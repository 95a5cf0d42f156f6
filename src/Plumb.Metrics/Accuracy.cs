namespace Plumb.Metrics;

/// <summary>
/// Accuracy: the (weighted) fraction of samples whose predicted label equals the target; for multilabel
/// the subset accuracy (every label of the sample right), as scikit-learn's <c>accuracy_score</c>.
/// </summary>
/// <remarks>
/// accuracy = Σᵢ wᵢ·[ŷᵢ = yᵢ] / Σᵢ wᵢ. Binary: ŷ = 1 when score ≥ threshold (default 0.5). Multiclass:
/// ŷ = argmax, the first maximum wins. <see cref="MetricOptions.Average"/> does not apply. On imbalanced data
/// read it next to balanced accuracy, F1 or PR-AUC: predicting the majority class of a 500:1 problem
/// scores 99.8 %. No samples (or zero total weight) gives NaN.
/// <code>
/// double acc = Accuracy.Binary([1, 0, 1, 1], [0.9, 0.4, 0.3, 0.8]); // 0.75
/// </code>
/// </remarks>
public sealed class Accuracy : LabelMetric
{
    /// <summary>
    /// Creates a streaming accuracy with the binary decision threshold; the task is read from the first
    /// batch's shape (one score column: binary, more: multiclass).
    /// </summary>
    public Accuracy(double threshold = 0.5)
        : base("accuracy", MetricDirection.HigherIsBetter, new MetricOptions { Threshold = threshold }, inferTask: true) { }

    /// <summary>Creates a streaming accuracy for the options' task.</summary>
    public Accuracy(MetricOptions options) : base("accuracy", MetricDirection.HigherIsBetter, options) { }

    /// <summary>Binary accuracy of scores against 0/1 targets (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new Accuracy(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Binary accuracy of <c>int</c> 0/1 targets and <c>float</c> scores, read without copying.</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new Accuracy(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass accuracy: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, ReadOnlySpan<double> weight = default) =>
        (double)new Accuracy(new MetricOptions { Task = MetricTask.Multiclass }).Evaluate(new MetricBatch(target, score, columns, weight));

    internal override object ComputeFrom(ConfusionState s) => Of(s);

    internal static double Of(ConfusionState s)
    {
        if (s.Task == MetricTask.Multilabel)
        {
            double hit = 0, total = 0;
            foreach (var ((_, fp, fn), w) in s.SampleHistogram)
            {
                if (fp == 0 && fn == 0) hit += w;
                total += w;
            }
            return hit / total;
        }
        double trace = 0;
        for (int c = 0; c < s.K; c++) trace += s.Cell(c, c);
        return trace / s.TotalWeight;
    }
}
