namespace Plumb.Metrics.Detection;

/// <summary>
/// darknet's threshold block (<c>for conf_thresh = 0.25, precision = …</c>): detections with score above the
/// threshold, each matched once to its best same-class ground truth with IoU above the IoU threshold.
/// </summary>
/// <param name="ConfidenceThreshold">The confidence threshold.</param>
/// <param name="Precision">TP / (TP + FP) (single precision, as darknet).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">2·P·R / (P + R).</param>
/// <param name="TruePositives">Detections above the threshold matched to a ground truth not matched before in their image.</param>
/// <param name="FalsePositives">The other detections above the threshold.</param>
/// <param name="FalseNegatives">Ground truths − TP.</param>
/// <param name="AverageIou">Σ IoU of the TPs / (TP + FP): false positives count 0.</param>
public sealed record DarknetThresholdStats(double ConfidenceThreshold, double Precision, double Recall, double F1,
    int TruePositives, int FalsePositives, int FalseNegatives, double AverageIou);
