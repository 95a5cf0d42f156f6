namespace Plumb.Metrics;

/// <summary>
/// Precision-recall curve points of a binary ranking: the same arrays as scikit-learn 1.2's
/// <c>precision_recall_curve</c>.
/// </summary>
/// <remarks>
/// One (precision, recall) per distinct score taken as threshold, thresholds increasing, then the final
/// point (precision 1, recall 0) without a threshold. Precision at a threshold with no predicted positive
/// is 0; with no positives at all recall is 1 (both as scikit-learn). Structured result:
/// {"precision": [...], "recall": [...], "thresholds": [...]}.
/// <code>
/// var m = new PrCurve();
/// m.Update(new MetricBatch([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
/// // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
/// </code>
/// </remarks>
public sealed class PrCurve : ScoreMetric, IStructuredMetric<PrecisionRecallCurvePoints>
{
    /// <summary>Creates the curve (binary task).</summary>
    public PrCurve(MetricOptions? options = null) : base(options ?? new MetricOptions())
    {
        if (Options.Task != MetricTask.Binary) throw new ArgumentException("pr_curve: binary task only");
    }

    /// <inheritdoc />
    public override string Name => "pr_curve";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.None;

    /// <inheritdoc />
    public override object ComputeStructured()
    {
        var c = ComputeResult();
        return new Dictionary<string, object> { ["precision"] = c.Precision, ["recall"] = c.Recall, ["thresholds"] = c.Thresholds };
    }

    /// <summary>The curve's points.</summary>
    /// <exception cref="InvalidOperationException">No samples.</exception>
    public PrecisionRecallCurvePoints ComputeResult()
    {
        if (State.Count == 0) throw new InvalidOperationException("pr_curve of no samples is undefined");
        var (p, r, t) = Column(0).Curve().PrPoints();
        return new PrecisionRecallCurvePoints(p, r, t);
    }
}
