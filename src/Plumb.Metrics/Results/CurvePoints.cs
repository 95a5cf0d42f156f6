namespace Plumb.Metrics;

/// <summary>ROC curve points, as scikit-learn's <c>roc_curve</c> returns them (thresholds highest first).</summary>
/// <param name="FalsePositiveRate">FP / N at each threshold.</param>
/// <param name="TruePositiveRate">TP / P at each threshold.</param>
/// <param name="Thresholds">Predicted positive when score ≥ threshold.</param>
public sealed record RocCurvePoints(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds);

/// <summary>Precision-recall curve points, as scikit-learn's <c>precision_recall_curve</c> returns them.</summary>
/// <param name="Precision">TP / (TP + FP), ending with 1.</param>
/// <param name="Recall">TP / P, ending with 0.</param>
/// <param name="Thresholds">Predicted positive when score ≥ threshold (one fewer than the points).</param>
public sealed record PrecisionRecallCurvePoints(double[] Precision, double[] Recall, double[] Thresholds);

/// <summary>A reliability diagram over the non-empty bins, with the expected calibration error.</summary>
/// <param name="ProbTrue">Observed frequency of the positive class per bin.</param>
/// <param name="ProbPred">Mean predicted probability per bin.</param>
/// <param name="Weight">Σ w in each bin (the count for unit weights).</param>
/// <param name="Bin">The bin index of each entry.</param>
/// <param name="Ece">Σ_b (n_b / n)·|acc_b − conf_b|.</param>
public sealed record CalibrationCurvePoints(double[] ProbTrue, double[] ProbPred, double[] Weight, double[] Bin, double Ece);
