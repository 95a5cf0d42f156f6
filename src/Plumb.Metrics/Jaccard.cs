namespace Plumb.Metrics;

/// <summary>
/// Jaccard: tp / (tp + fp + fn): intersection over union of the predicted and true positive sets. Same values as scikit-learn's <c>jaccard_score</c>.
/// </summary>
/// <remarks>
/// Per class c: tp / (tp + fp + fn), computed from the weighted confusion counts; combined by
/// <see cref="AveragedLabelMetric.Average"/> (binary task default: the positive class 1; otherwise macro).
/// A zero denominator gives <see cref="MetricOptions.ZeroDivision"/> (default 0).
/// <code>
/// double v = Jaccard.Binary([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1]); // 1/3 = 0.3333…
/// var macro = new Jaccard(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro });
/// </code>
/// </remarks>
public sealed class Jaccard : AveragedLabelMetric
{
    /// <summary>Creates a streaming jaccard.</summary>
    public Jaccard(MetricOptions? options = null) : base("jaccard", options, RatioKind.Jaccard) { }

    /// <summary>Binary jaccard of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new Jaccard(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass jaccard: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new Jaccard(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, score, columns, weight));
}
