namespace Plumb.Metrics;

/// <summary>
/// NegativePredictiveValue: tn / (tn + fn): of the samples predicted negative, the fraction that are negative (precision of the negative class). Same values as scikit-learn's <c>precision_score with pos_label=0 in the binary case; per class one-vs-rest otherwise</c>.
/// </summary>
/// <remarks>
/// Per class c: tn / (tn + fn), computed from the weighted confusion counts; combined by
/// <see cref="AveragedLabelMetric.Average"/> (binary task default: the positive class 1; otherwise macro).
/// A zero denominator gives <see cref="MetricOptions.ZeroDivision"/> (default 0).
/// <code>
/// double v = NegativePredictiveValue.Binary([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1]); // 0.5
/// var macro = new NegativePredictiveValue(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro });
/// </code>
/// </remarks>
public sealed class NegativePredictiveValue : AveragedLabelMetric
{
    /// <summary>Creates a streaming npv.</summary>
    public NegativePredictiveValue(MetricOptions? options = null) : base("npv", options, RatioKind.Npv) { }

    /// <summary>Binary npv of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new NegativePredictiveValue(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass npv: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new NegativePredictiveValue(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, score, columns, weight));
}
