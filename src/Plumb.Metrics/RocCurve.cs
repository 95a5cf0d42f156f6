namespace Plumb.Metrics;

/// <summary>
/// ROC curve points of a binary ranking: the same arrays as scikit-learn 1.2's <c>roc_curve</c>, by default
/// with <c>drop_intermediate=True</c> (its default; spec <c>roc_curve(drop_intermediate=0)</c> keeps every
/// distinct threshold).
/// </summary>
/// <remarks>
/// Points (fpr, tpr) at each distinct score taken as threshold (predicted positive when score ≥ threshold),
/// highest first, preceded by (0, 0) at threshold max + 1 (scikit-learn 1.2; 1.3 uses +∞). Dropping
/// removes the points where both cumulative counts have a zero second difference (collinear points).
/// Structured result: {"fpr": [...], "tpr": [...], "thresholds": [...]}. Thresholds are in the units of the
/// scores given (logits stay logits).
/// <code>
/// var m = new RocCurve();
/// m.Update(new MetricBatch([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
/// var d = (IReadOnlyDictionary&lt;string, object&gt;)m.ComputeStructured(); // fpr [0, 0, 0.5, 0.5, 1]
/// </code>
/// </remarks>
public sealed class RocCurve : ScoreMetric, IStructuredMetric<RocCurvePoints>
{
    /// <summary>Creates the curve (binary task).</summary>
    public RocCurve(MetricOptions? options = null, bool dropIntermediate = true) : base(options ?? new MetricOptions())
    {
        if (Options.Task != MetricTask.Binary) throw new ArgumentException("roc_curve: binary task only");
        DropIntermediate = dropIntermediate;
    }

    /// <summary>Whether collinear points are dropped (scikit-learn's default).</summary>
    public bool DropIntermediate { get; }

    /// <inheritdoc />
    public override string Name => "roc_curve";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.None;

    /// <inheritdoc />
    public override object ComputeStructured()
    {
        var c = ComputeResult();
        return new Dictionary<string, object> { ["fpr"] = c.FalsePositiveRate, ["tpr"] = c.TruePositiveRate, ["thresholds"] = c.Thresholds };
    }

    /// <summary>The curve's points.</summary>
    /// <exception cref="InvalidOperationException">No samples.</exception>
    public RocCurvePoints ComputeResult()
    {
        if (State.Count == 0) throw new InvalidOperationException("roc_curve of no samples is undefined");
        var (fpr, tpr, thr) = Column(0).Curve().RocPoints(DropIntermediate);
        return new RocCurvePoints(fpr, tpr, thr);
    }
}
