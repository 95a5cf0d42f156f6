namespace Plumb.Metrics;

/// <summary>What kind of quantity a metric judges; checks and listings read it from the descriptor.</summary>
public enum MetricFamily
{
    /// <summary>Computed from predicted class labels (accuracy, precision, F1, MCC…); scores are thresholded or arg-maxed.</summary>
    Label,
    /// <summary>Computed from the scores themselves (ROC-AUC, average precision, log loss, Brier, curves).</summary>
    Score,
    /// <summary>Compares real-valued predictions with real-valued targets (MSE, MAE, R²…).</summary>
    Regression,
    /// <summary>Judges the order of items within query groups (NDCG, MAP@k, MRR…).</summary>
    Ranking,
    /// <summary>Judges boxes against ground-truth boxes (mAP…).</summary>
    Detection,
    /// <summary>A training loss evaluated as a metric over all samples.</summary>
    Loss,
}

/// <summary>What a metric or loss reads from the model's output and targets.</summary>
[Flags]
public enum MetricInputs
{
    /// <summary>Nothing declared (a custom object that said nothing).</summary>
    None = 0,
    /// <summary>Class labels as targets (0/1, class indices or one-hot rows).</summary>
    Labels = 1,
    /// <summary>Probabilities in [0, 1] (rows summing to 1 for a multiclass task).</summary>
    Probabilities = 2,
    /// <summary>Raw scores / logits (any real number; monotone in the class probability).</summary>
    Logits = 4,
    /// <summary>Real-valued targets and predictions.</summary>
    RealValues = 8,
    /// <summary>Graded relevance targets within query groups.</summary>
    Relevance = 16,
    /// <summary>Bounding boxes with class and score.</summary>
    Boxes = 32,
    /// <summary>Log-probabilities (log-softmax outputs).</summary>
    LogProbabilities = 64,
}
