namespace Plumb.Metrics;

/// <summary>
/// Precision: tp / (tp + fp): of the samples predicted positive, the fraction that are. Same values as scikit-learn's <c>precision_score</c>.
/// </summary>
/// <remarks>
/// Per class c: tp / (tp + fp), computed from the weighted confusion counts; combined by
/// <see cref="AveragedLabelMetric.Average"/> (binary task default: the positive class 1; otherwise macro).
/// A zero denominator gives <see cref="MetricOptions.ZeroDivision"/> (default 0).
/// <code>
/// double v = Precision.Binary([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1]); // 0.5
/// var macro = new Precision(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro });
/// </code>
/// </remarks>
public sealed class Precision : AveragedLabelMetric
{
    /// <summary>Creates a streaming precision.</summary>
    public Precision(MetricOptions? options = null) : base("precision", options, RatioKind.Precision) { }

    /// <summary>Binary precision of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new Precision(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass precision: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new Precision(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, score, columns, weight));
}
