namespace Plumb.Metrics;

/// <summary>Which way a metric improves. Callbacks read it instead of guessing from the metric's name.</summary>
public enum MetricDirection
{
    /// <summary>The metric has no better direction (e.g. a confusion matrix, a count).</summary>
    None = 0,
    /// <summary>Larger is better (accuracy, F1, ROC-AUC…).</summary>
    HigherIsBetter = 1,
    /// <summary>Smaller is better (losses, errors, log loss…).</summary>
    LowerIsBetter = 2,
}
