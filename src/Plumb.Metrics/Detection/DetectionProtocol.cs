namespace Plumb.Metrics.Detection;

/// <summary>How mean average precision is computed; each value follows its reference implementation exactly.</summary>
public enum DetectionProtocol
{
    /// <summary>COCO (pycocotools <c>COCOeval</c>, bbox): AP over IoU .50:.05:.95, 101 recall points, area ranges, maxDets 1/10/100.</summary>
    Coco,

    /// <summary>Pascal VOC 2007, 11-point interpolated AP at IoU &gt; 0.5 (py-faster-rcnn <c>voc_eval</c>, <c>use_07_metric=True</c>).</summary>
    Voc07,

    /// <summary>Pascal VOC 2010+, all-point (area under the interpolated curve) AP at IoU &gt; 0.5 (<c>voc_eval</c>).</summary>
    Voc,

    /// <summary>darknet's <c>detector map</c> (AlexeyAB <c>validate_detector_map</c>): mean over all classes, plus a threshold block.</summary>
    Darknet,
}
