namespace Plumb.Metrics;

/// <summary>
/// Keras' intersection-over-union metrics (<c>mean_iou</c>, <c>one_hot_mean_iou</c>, <c>one_hot_iou</c>,
/// <c>binary_iou</c>): per class c, IoU_c = TP_c / (TP_c + FP_c + FN_c) from the weighted confusion matrix, averaged
/// over the target classes that have appeared (a non-zero denominator).
/// </summary>
/// <remarks>
/// <para>mean IoU = Σ_{c ∈ S} IoU_c / |S|, S = the listed classes (<c>target_class_ids</c>; all 0…K−1 when none)
/// with TP_c + FP_c + FN_c &gt; 0 — Keras 3's average, which skips classes absent from targets and predictions.
/// <see cref="MetricOptions.NumClasses"/> only declares K and validates the labels; it does not change which classes
/// are averaged (<c>jaccard(average=macro)</c> with NumClasses averages over all K, absent ones scoring 0).</para>
/// <para>Inputs as every label metric: multiclass targets are class indices or one-hot rows, predictions K score
/// columns (argmax) or one column of predicted labels — so <c>mean_iou</c> (label predictions) and
/// <c>one_hot_mean_iou</c> (one-hot targets, score rows) are the same metric. Binary (<c>binary_iou</c>): one score
/// per sample, predicted 1 when score ≥ threshold (Keras documents the same ≥ cut); classes 0 and 1.
/// Differences from Keras: when no listed class has appeared the value is NaN (Keras returns 0); labels outside
/// 0…K−1 are refused (Keras' confusion matrix drops or errors on them).</para>
/// <code>
/// var iou = new MeanIou(new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 2 });
/// iou.Update(new MetricBatch([0, 0, 1, 1], [0, 1, 0, 1]));
/// double v = iou.Compute(); // 1/3 (Keras' doc example)
/// </code>
/// </remarks>
public sealed class MeanIou : LabelMetric
{
    private readonly int[]? _targets;

    /// <summary>Creates a streaming mean IoU.</summary>
    /// <param name="options">Task (binary or multiclass), threshold, NumClasses.</param>
    /// <param name="targetClassIds">Classes averaged over (Keras' <c>target_class_ids</c>); all when null.</param>
    /// <param name="name">Log name.</param>
    /// <exception cref="ArgumentException">A multilabel or regression task, or a class id outside the task's classes.</exception>
    public MeanIou(MetricOptions? options = null, IReadOnlyList<int>? targetClassIds = null, string name = "mean_iou")
        : base(name, MetricDirection.HigherIsBetter, options ?? new MetricOptions { Task = MetricTask.Multiclass })
    {
        if (Options.Task is not (MetricTask.Binary or MetricTask.Multiclass))
            throw new ArgumentException($"{name} is defined for binary and multiclass tasks, not {Options.Task}");
        if (targetClassIds is not null)
        {
            if (targetClassIds.Count == 0) throw new ArgumentException($"{name}: target_class_ids is empty");
            int k = Options.Task == MetricTask.Binary ? 2 : Options.NumClasses;
            foreach (int c in targetClassIds)
                if (c < 0 || (k > 0 && c >= k))
                    throw new ArgumentException($"{name}: target class id {c} is not a class of 0…{(k > 0 ? k - 1 : "K−1")}");
            _targets = [.. targetClassIds];
        }
    }

    /// <summary>The classes averaged over, or null for all.</summary>
    public IReadOnlyList<int>? TargetClassIds => _targets;

    internal override object ComputeFrom(ConfusionState s)
    {
        int k = s.K;
        double sum = 0;
        int valid = 0;
        foreach (int c in _targets ?? Enumerable.Range(0, k))
        {
            if (c >= k) continue; // a declared class beyond those seen: absent, so skipped as Keras does
            double tp = s.Cell(c, c), row = 0, col = 0;
            for (int j = 0; j < k; j++) { row += s.Cell(c, j); col += s.Cell(j, c); }
            double denominator = row + col - tp;
            if (denominator <= 0) continue;
            sum += tp / denominator;
            valid++;
        }
        return valid == 0 ? double.NaN : sum / valid;
    }
}
