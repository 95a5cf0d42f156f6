namespace Plumb.Metrics.Detection;

/// <summary>
/// The result of a detection evaluation: the summary numbers under the CLI's JSON keys, per-class AP and, per
/// protocol, the COCO arrays or darknet's threshold block.
/// </summary>
/// <remarks>
/// COCO fills the 12 keys <c>map, map_50, map_75, map_small, map_medium, map_large, mar_1, mar_10, mar_100,
/// mar_small, mar_medium, mar_large</c> (−1 where pycocotools gives −1); VOC and darknet fill <c>map_50</c>
/// (their mAP at the IoU threshold).
/// </remarks>
public sealed class DetectionResult
{
    /// <summary>The 12 COCO keys, in <c>summarize()</c> order.</summary>
    public static readonly string[] CocoKeys =
        ["map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large"];

    internal DetectionResult(DetectionProtocol protocol, IReadOnlyList<int> categoryIds, IReadOnlyDictionary<string, double> summary,
        double[] perClassAp, CocoArrays? coco = null, DarknetThresholdStats? threshold = null,
        int[]? perClassTp = null, int[]? perClassFp = null, double[][]? precisionCurves = null, double[][]? recallCurves = null)
    {
        Protocol = protocol; CategoryIds = categoryIds; Summary = summary; PerClassAp = perClassAp; Coco = coco;
        Threshold = threshold; PerClassTruePositives = perClassTp; PerClassFalsePositives = perClassFp;
        PrecisionCurves = precisionCurves; RecallCurves = recallCurves;
    }

    /// <summary>The protocol that computed this result.</summary>
    public DetectionProtocol Protocol { get; }

    /// <summary>Category ids in result order (sorted).</summary>
    public IReadOnlyList<int> CategoryIds { get; }

    /// <summary>Summary numbers by JSON key (<c>map</c>, <c>map_50</c>, …).</summary>
    public IReadOnlyDictionary<string, double> Summary { get; }

    /// <summary>The headline number: COCO AP@[.50:.95], VOC / darknet mAP@IoU.</summary>
    public double Map => Summary.TryGetValue("map", out var v) ? v : Summary["map_50"];

    /// <summary>AP per category (same order as <see cref="CategoryIds"/>); −1 (COCO) or NaN (VOC) for a category without ground truth.</summary>
    public double[] PerClassAp { get; }

    /// <summary>COCO: the precision / recall arrays.</summary>
    public CocoArrays? Coco { get; }

    /// <summary>darknet: the threshold block.</summary>
    public DarknetThresholdStats? Threshold { get; }

    /// <summary>darknet: TP per class at the confidence threshold.</summary>
    public int[]? PerClassTruePositives { get; }

    /// <summary>darknet: FP per class at the confidence threshold.</summary>
    public int[]? PerClassFalsePositives { get; }

    /// <summary>VOC / darknet: precision after each ranked detection, per class.</summary>
    public double[][]? PrecisionCurves { get; }

    /// <summary>VOC / darknet: recall after each ranked detection, per class.</summary>
    public double[][]? RecallCurves { get; }
}
