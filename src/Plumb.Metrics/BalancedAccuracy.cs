namespace Plumb.Metrics;

/// <summary>
/// Balanced accuracy: the mean of per-class recalls, as scikit-learn's <c>balanced_accuracy_score</c>
/// (not adjusted). Binary and multiclass only.
/// </summary>
/// <remarks>
/// balanced_accuracy = (1/|C|) Σ_{c ∈ C} tp_c / (tp_c + fn_c), over the classes C with non-zero (weighted)
/// support; classes that only ever appear as predictions are left out, as scikit-learn does. Equals ML.NET's
/// "MacroAccuracy". Robust to class imbalance: always predicting the majority class scores 1/K.
/// <code>
/// double b = BalancedAccuracy.Binary([1, 0, 0, 0], [0.9, 0.6, 0.2, 0.1]); // (1 + 2/3) / 2 = 0.8333…
/// </code>
/// </remarks>
public sealed class BalancedAccuracy : LabelMetric
{
    /// <summary>Creates a streaming balanced accuracy.</summary>
    public BalancedAccuracy(MetricOptions? options = null) : base("balanced_accuracy", MetricDirection.HigherIsBetter, options) =>
        Require(Options.Task != MetricTask.Multilabel, "balanced_accuracy is not defined for multilabel tasks");

    /// <summary>Binary balanced accuracy (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new BalancedAccuracy(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    internal override object ComputeFrom(ConfusionState s)
    {
        double sum = 0;
        int n = 0;
        foreach (int c in s.Labels())
        {
            double row = 0;
            for (int j = 0; j < s.K; j++) row += s.Cell(c, j);
            if (row == 0) continue;
            sum += s.Cell(c, c) / row;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
