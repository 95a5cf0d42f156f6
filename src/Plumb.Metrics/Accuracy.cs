namespace Plumb.Metrics;

/// <summary>
/// Accuracy: the (weighted) fraction of samples whose predicted label equals the target.
/// </summary>
/// <remarks>
/// accuracy = Σᵢ wᵢ·[ŷᵢ = yᵢ] / Σᵢ wᵢ. Binary: ŷ = 1 when score ≥ threshold (default 0.5). Multiclass
/// (K &gt; 1 score columns): ŷ = argmax, the first maximum wins. Same value as scikit-learn's
/// <c>accuracy_score</c>. On imbalanced data read it next to balanced accuracy, F1 or PR-AUC: predicting
/// the majority class of a 500:1 problem scores 99.8 %.
/// <code>
/// double acc = Accuracy.Binary([1, 0, 1, 1], [0.9, 0.4, 0.3, 0.8]); // 0.75
/// </code>
/// </remarks>
public sealed class Accuracy : IStreamingMetric
{
    private readonly double _threshold;
    private double _correct;
    private double _total;

    /// <summary>Creates a streaming accuracy with the binary decision threshold.</summary>
    public Accuracy(double threshold = 0.5) => _threshold = threshold;

    /// <inheritdoc />
    public string Name => "accuracy";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>Binary accuracy of scores against 0/1 targets (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5)
    {
        var m = new Accuracy(threshold);
        m.Update(new MetricBatch(target, score));
        return m.Compute();
    }

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int k = batch.Columns;
        for (int i = 0; i < batch.Count; i++)
        {
            double label;
            if (k == 1) label = batch.Score[i] >= _threshold ? 1 : 0;
            else
            {
                var row = batch.Score.Slice(i * k, k);
                int best = 0;
                for (int j = 1; j < k; j++) if (row[j] > row[best]) best = j;
                label = best;
            }
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            if (label == batch.Target[i]) _correct += w;
            _total += w;
        }
    }

    /// <inheritdoc />
    public double Compute() => _total == 0 ? 0 : _correct / _total;

    /// <inheritdoc />
    public void Reset() => (_correct, _total) = (0, 0);
}
