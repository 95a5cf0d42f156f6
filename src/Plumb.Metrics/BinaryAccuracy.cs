namespace Plumb.Metrics;

/// <summary>
/// Keras' <c>binary_accuracy</c>: the (weighted) fraction of elements whose thresholded score equals the 0/1
/// target — for one score column the binary accuracy, for K labels per sample the fraction of right label cells
/// (1 − Hamming loss), not the subset accuracy that <see cref="Accuracy"/> gives multilabel data.
/// </summary>
/// <remarks>
/// binary_accuracy = Σᵢ wᵢ·Σₗ [ŝᵢₗ = yᵢₗ] / (L·Σᵢ wᵢ), ŝ = 1 when score ≥ threshold (default 0.5). Keras predicts
/// positive at score &gt; threshold: the two differ only for a score exactly at the threshold (Plumb keeps ≥, as
/// every Plumb label metric). A sample weight applies to every label of its sample.
/// <code>
/// var acc = new BinaryAccuracy(new MetricOptions { Task = MetricTask.Binary });
/// acc.Update(new MetricBatch([1, 1, 0, 0], [0.98, 1, 0, 0.6]));
/// double v = acc.Compute(); // 0.75 (Keras' doc example)
/// </code>
/// </remarks>
public sealed class BinaryAccuracy : LabelMetric
{
    /// <summary>Creates a streaming binary accuracy for a binary or multilabel task.</summary>
    /// <exception cref="ArgumentException">A multiclass or regression task.</exception>
    public BinaryAccuracy(MetricOptions? options = null) : base("binary_accuracy", MetricDirection.HigherIsBetter, options)
    {
        if (Options.Task is not (MetricTask.Binary or MetricTask.Multilabel))
            throw new ArgumentException($"binary_accuracy is defined for binary and multilabel tasks, not {Options.Task}; for classes use categorical_accuracy");
    }

    internal override object ComputeFrom(ConfusionState s) => s.Task == MetricTask.Multilabel ? 1 - HammingLoss.Of(s) : Accuracy.Of(s);
}
