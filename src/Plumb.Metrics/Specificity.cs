namespace Plumb.Metrics;

/// <summary>
/// Specificity: tn / (tn + fp): of the negative samples, the fraction predicted negative (true negative rate; recall of the negative class). Same values as scikit-learn's <c>recall_score with pos_label=0 in the binary case; per class one-vs-rest otherwise</c>.
/// </summary>
/// <remarks>
/// Per class c: tn / (tn + fp), computed from the weighted confusion counts; combined by
/// <see cref="AveragedLabelMetric.Average"/> (binary task default: the positive class 1; otherwise macro).
/// A zero denominator gives <see cref="MetricOptions.ZeroDivision"/> (default 0).
/// <code>
/// double v = Specificity.Binary([1, 0, 0, 0], [0.9, 0.8, 0.3, 0.1]); // 2/3 = 0.6666…
/// var macro = new Specificity(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro });
/// </code>
/// </remarks>
public sealed class Specificity : AveragedLabelMetric
{
    /// <summary>Creates a streaming specificity.</summary>
    public Specificity(MetricOptions? options = null) : base("specificity", options, RatioKind.Specificity) { }

    /// <summary>Binary specificity of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new Specificity(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass specificity: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new Specificity(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, score, columns, weight));
}
