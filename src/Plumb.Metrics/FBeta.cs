using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// F-beta score: the weighted harmonic mean of precision and recall, recall counting β times as much,
/// as scikit-learn's <c>fbeta_score</c>.
/// </summary>
/// <remarks>
/// Per class: F_β = (1 + β²)·P·R / (β²·P + R), with P and R taking <see cref="MetricOptions.ZeroDivision"/>
/// where undefined, and F_β = 0 when β²·P + R = 0. β = 0 gives precision, β = +∞ recall. Micro pools the
/// counts first; macro, weighted and samples average the per-class (per-sample) F values.
/// <code>
/// double f2 = FBeta.Binary([1, 1, 0, 0], [0.9, 0.3, 0.8, 0.1], beta: 2); // P = R = 0.5 → 0.5
/// var f = new FBeta(2, new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Weighted });
/// </code>
/// </remarks>
public class FBeta : AveragedLabelMetric
{
    /// <summary>Creates a streaming F-beta.</summary>
    /// <exception cref="ArgumentException">β is negative or NaN.</exception>
    public FBeta(double beta, MetricOptions? options = null) : this("fbeta", beta, options) { }

    private protected FBeta(string name, double beta, MetricOptions? options) : base(name, options, RatioKind.FBeta, CheckBeta(beta))
        => Beta = beta;

    /// <summary>Binary F-beta of <c>int</c> 0/1 targets and <c>float</c> scores, read without copying.</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, double beta, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new FBeta(beta, new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>β: how many times recall counts as much as precision.</summary>
    public double Beta { get; }

    private static double CheckBeta(double beta) => beta >= 0
        ? beta
        : throw new ArgumentException($"fbeta: beta {beta.ToString("R", CultureInfo.InvariantCulture)} must be ≥ 0");

    /// <summary>Binary F-beta of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double beta, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new FBeta(beta, new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));
}

/// <summary>
/// F1 score: the harmonic mean of precision and recall, F-beta with β = 1, as scikit-learn's <c>f1_score</c>.
/// </summary>
/// <remarks>
/// Per class: F1 = 2·P·R / (P + R) = 2·tp / (2·tp + fp + fn) (with zero-division handling as
/// <see cref="FBeta"/>). Binary default: the positive class; otherwise macro. Keras' <c>F1Score</c> defaults
/// to per-class values (<c>average=None</c>) and thresholds with a strict &gt;; Plumb does not.
/// <code>
/// double f1 = F1.Binary([1, 1, 0, 0], [0.9, 0.3, 0.8, 0.1]); // 0.5
/// double macro = F1.Multiclass([0, 1, 2, 2], [0, 2, 1, 2]);  // predicted labels → (1 + 0 + 0.5) / 3
/// </code>
/// </remarks>
public sealed class F1 : FBeta
{
    /// <summary>Creates a streaming F1.</summary>
    public F1(MetricOptions? options = null) : base("f1", 1, options) { }

    /// <summary>Binary F1 of the positive class (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new F1(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Binary F1 of <c>int</c> 0/1 targets and <c>float</c> scores, read without copying (SIMD counting).</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new F1(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    /// <summary>Multiclass F1 of <c>int</c> true and predicted labels, read without copying.</summary>
    public static double Multiclass(ReadOnlySpan<int> target, ReadOnlySpan<int> predicted, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, predicted, weight));

    /// <summary>Multiclass F1: <paramref name="columns"/> scores per sample (argmax), or predicted labels when 1.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, Average average = Average.Macro, ReadOnlySpan<double> weight = default) =>
        (double)new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = average }).Evaluate(new MetricBatch(target, score, columns, weight));
}
