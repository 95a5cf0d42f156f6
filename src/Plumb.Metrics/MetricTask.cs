namespace Plumb.Metrics;

/// <summary>The shape of the problem a metric is evaluated on.</summary>
public enum MetricTask
{
    /// <summary>Targets 0/1; one score per sample (probability of class 1, or a logit with <c>FromLogits</c>).</summary>
    Binary,
    /// <summary>Targets 0…K−1; K scores per sample. Predicted label = argmax, first maximum wins.</summary>
    Multiclass,
    /// <summary>K targets 0/1 and K scores per sample.</summary>
    Multilabel,
    /// <summary>Real targets; one prediction per sample.</summary>
    Regression,
    /// <summary>Graded relevance targets (≥ 0), one score per item and a query id per item
    /// (<see cref="MetricBatch.Group"/>); items are ranked within their query.</summary>
    Ranking,
}

/// <summary>How per-class values combine into one number (scikit-learn's <c>average</c>).</summary>
public enum Average
{
    /// <summary>Pool the counts of every class, then compute once.</summary>
    Micro,
    /// <summary>Unweighted mean of per-class values.</summary>
    Macro,
    /// <summary>Mean of per-class values weighted by support.</summary>
    Weighted,
    /// <summary>Per-sample values averaged (multilabel only).</summary>
    Samples,
    /// <summary>No averaging: one value per class.</summary>
    None,
    /// <summary>Binary: the value for the positive class only (scikit-learn's <c>average='binary'</c>).</summary>
    Binary,
}

/// <summary>Options shared by every metric created from a spec; each metric reads what applies to it.</summary>
public sealed record MetricOptions
{
    /// <summary>The task; decides how targets and scores are read.</summary>
    public MetricTask Task { get; init; } = MetricTask.Binary;

    /// <summary>Averaging for per-class metrics; null means the task's default (binary: positive class, else macro).</summary>
    public Average? Average { get; init; }

    /// <summary>Binary decision threshold: predicted positive when score ≥ threshold.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Scores are logits (sigmoid / softmax applied by the metric), declared once, never guessed per batch.</summary>
    public bool FromLogits { get; init; }

    /// <summary>
    /// Number of classes (multiclass) or labels (multilabel); 0 = infer from the score columns. Declaring it also
    /// makes label metrics average over every class 0…K−1, absent ones included (scikit-learn's
    /// <c>labels=range(K)</c>); with 0 they use the classes present in targets ∪ predictions, as scikit-learn does
    /// by default.
    /// </summary>
    public int NumClasses { get; init; }

    /// <summary>Value used where a ratio is 0/0 (scikit-learn's <c>zero_division</c>, default 0).</summary>
    public double ZeroDivision { get; init; }

    /// <summary>
    /// Keras' <c>class_id</c>: per-class metrics (precision, recall, F-scores, Jaccard, specificity, NPV) report the
    /// value of this one class (label) instead of an average; null for the average. Multiclass predictions are the
    /// argmax (Keras thresholds each score column instead; multilabel data is thresholded in both).
    /// </summary>
    public int? ClassId { get; init; }
}
