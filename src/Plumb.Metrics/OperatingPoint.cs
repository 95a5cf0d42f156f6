namespace Plumb.Metrics;

/// <summary>
/// Operating points on the exact precision-recall curve: <c>precision_at_recall(r=R)</c> is the highest
/// precision among thresholds whose recall is at least R; <c>recall_at_precision(p=P)</c> the highest recall
/// among thresholds whose precision is at least P; <c>sensitivity_at_specificity(specificity=S)</c> the highest
/// recall (TPR) among thresholds whose specificity (1 − FPR) is at least S, and
/// <c>specificity_at_sensitivity(sensitivity=S)</c> the highest specificity among thresholds whose recall is at least S.
/// </summary>
/// <remarks>
/// Computed on the points of <see cref="PrCurve"/> (scikit-learn's <c>precision_recall_curve</c>), including
/// its final point (precision 1, recall 0), so precision_at_recall(r=0) is 1 and recall_at_precision is 0
/// when no threshold reaches the precision. Reference: <c>max(p[r &gt;= R])</c> and <c>max(r[p &gt;= P])</c>
/// over those arrays. Thresholds are the distinct scores (predicted positive when score ≥ threshold), as in
/// Keras' PrecisionAtRecall/RecallAtPrecision/SensitivityAtSpecificity/SpecificityAtSensitivity but exact rather
/// than over 200 fixed thresholds (so values can differ from Keras' by the threshold grid). The sensitivity and
/// specificity points are read on every ROC point (<see cref="RocCurve"/> without dropping collinear ones),
/// starting from (TPR 0, specificity 1) above the highest score.
/// <code>
/// var m = new OperatingPoint(OperatingPoint.Kind.PrecisionAtRecall, 0.5);
/// m.Update(new MetricBatch([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])); // 1.0 (threshold 0.8)
/// </code>
/// </remarks>
public sealed class OperatingPoint : ScoreMetric
{
    /// <summary>Which operating point.</summary>
    public enum Kind
    {
        /// <summary>max precision subject to recall ≥ target.</summary>
        PrecisionAtRecall,
        /// <summary>max recall subject to precision ≥ target.</summary>
        RecallAtPrecision,
        /// <summary>max sensitivity (TPR) subject to specificity (1 − FPR) ≥ target.</summary>
        SensitivityAtSpecificity,
        /// <summary>max specificity subject to sensitivity ≥ target.</summary>
        SpecificityAtSensitivity,
    }

    /// <summary>Creates the operating point with its target in [0, 1] (binary task).</summary>
    public OperatingPoint(Kind kind, double target, MetricOptions? options = null) : base(options ?? new MetricOptions())
    {
        if (Options.Task != MetricTask.Binary) throw new ArgumentException($"{NameOf(kind)}: binary task only");
        if (!(target >= 0 && target <= 1)) throw new ArgumentOutOfRangeException(nameof(target), target, $"{NameOf(kind)}: the target must be in [0, 1]");
        Point = kind;
        Target = target;
    }

    /// <summary>The operating point.</summary>
    public Kind Point { get; }

    /// <summary>The required recall or precision.</summary>
    public double Target { get; }

    /// <inheritdoc />
    public override string Name => NameOf(Point);

    private static string NameOf(Kind k) => k switch
    {
        Kind.PrecisionAtRecall => "precision_at_recall",
        Kind.RecallAtPrecision => "recall_at_precision",
        Kind.SensitivityAtSpecificity => "sensitivity_at_specificity",
        _ => "specificity_at_sensitivity",
    };

    /// <inheritdoc />
    public override object ComputeStructured()
    {
        if (State.Count == 0) throw new InvalidOperationException($"{Name} of no samples is undefined");
        double best = 0;
        if (Point is Kind.SensitivityAtSpecificity or Kind.SpecificityAtSensitivity)
        {
            var (fpr, tpr, _) = Column(0).Curve().RocPoints(dropIntermediate: false);
            for (int i = 0; i < fpr.Length; i++)
            {
                double spec = 1 - fpr[i];
                if (Point == Kind.SensitivityAtSpecificity && spec >= Target) best = Math.Max(best, tpr[i]);
                if (Point == Kind.SpecificityAtSensitivity && tpr[i] >= Target) best = Math.Max(best, spec);
            }
            return best;
        }
        var (p, r, _) = Column(0).Curve().PrPoints();
        for (int i = 0; i < p.Length; i++)
        {
            if (Point == Kind.PrecisionAtRecall && r[i] >= Target) best = Math.Max(best, p[i]);
            if (Point == Kind.RecallAtPrecision && p[i] >= Target) best = Math.Max(best, r[i]);
        }
        return best;
    }
}
