namespace Plumb.Metrics.Detection;

/// <summary>Options of <see cref="DetectionMetric"/>.</summary>
/// <param name="Protocol">How mAP is computed (default COCO).</param>
/// <param name="IouThreshold">VOC and darknet: a detection matches when IoU &gt; this (default 0.5). COCO uses its 10 thresholds.</param>
/// <param name="Points">darknet: 0 = all-point (default), 11 or 101 interpolation points.</param>
/// <param name="ConfidenceThreshold">darknet's threshold block: detections with score &gt; this count (default 0.25).</param>
/// <param name="InclusivePixels">VOC: boxes are inclusive pixel coordinates, widths and heights get +1 as in <c>voc_eval</c> (default true).</param>
public sealed record DetectionOptions(
    DetectionProtocol Protocol = DetectionProtocol.Coco,
    double IouThreshold = 0.5,
    int Points = 0,
    double ConfidenceThreshold = 0.25,
    bool InclusivePixels = true);
