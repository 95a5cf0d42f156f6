using Plumb.Metrics;

namespace Plumb.Cli.Reports;

/// <summary>
/// Precision, recall, F1, accuracy and the confusion counts of binary predictions at one threshold, computed by the
/// same registry metrics as <c>plumb eval --json</c> (predicted positive when score ≥ threshold), so a report caption
/// and the JSON cannot disagree.
/// </summary>
internal sealed record BinaryAtThreshold(double Threshold, double Precision, double Recall, double F1, double Accuracy,
    double TrueNegatives, double FalsePositives, double FalseNegatives, double TruePositives)
{
    /// <summary>Computes every value at <paramref name="threshold"/> with <see cref="MetricRegistry"/> metrics.</summary>
    public static BinaryAtThreshold Of(double[] target, double[] score, double threshold)
    {
        var options = new MetricOptions { Task = MetricTask.Binary, Threshold = threshold };
        var metrics = new[] { "precision", "recall", "f1", "accuracy" }.Select(spec => MetricRegistry.Create(spec, options)).ToArray();
        var cm = MetricRegistry.Create("confusion_matrix", options with { NumClasses = 2 });
        foreach (var m in metrics.Append(cm)) m.Update(new MetricBatch(target, score));
        var c = (double[][])((IStructuredMetric)cm).ComputeStructured();
        return new BinaryAtThreshold(threshold, metrics[0].Compute(), metrics[1].Compute(), metrics[2].Compute(), metrics[3].Compute(),
            c[0][0], c[0][1], c[1][0], c[1][1]);
    }
}
