using Plumb.Metrics.Detection;

namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    private static readonly ArgumentSchema[] DetectionArguments =
    [
        ArgumentSchema.Choice("protocol", "evaluation protocol: COCO, VOC 2007 (11-point), VOC 2010+ (all-point) or darknet", null,
            "coco", "voc07", "voc", "darknet"),
        ArgumentSchema.Integer("points", "darknet: recall points of the AP integral (0 = all points, 11 or 101)", null, 0, 101),
    ];

    static partial void RegisterDetectionMetrics()
    {
        Register(new MetricDescriptor
        {
            Name = "map", Aliases = ["mean_average_precision", "coco_map", "bbox_map"], Family = MetricFamily.Detection, Reads = MetricInputs.Boxes,
            Direction = MetricDirection.HigherIsBetter, Description = "mean average precision over classes (COCO: averaged over IoU .50:.05:.95)",
            Formula = "pycocotools COCOeval stats[0]; VOC/darknet: mean over classes of AP at IoU 0.5", Arguments = DetectionArguments,
        }, (s, o) => Detection(s, o, DetectionProtocol.Coco));
        Register(new MetricDescriptor
        {
            Name = "map_50", Aliases = ["map50", "voc_map"], Family = MetricFamily.Detection, Reads = MetricInputs.Boxes,
            Direction = MetricDirection.HigherIsBetter, Description = "mean average precision at IoU 0.5 (VOC 2010+ all-point by default)",
            Formula = "mean over classes with ground truth of Σ (R_n − R_{n−1})·P_n at IoU > 0.5", Arguments = DetectionArguments,
        }, (s, o) => Detection(s, o, DetectionProtocol.Voc));
    }

    private static DetectionMetric Detection(MetricSpec s, MetricOptions o, DetectionProtocol fallback)
    {
        var protocol = s.Choice("protocol") switch
        {
            "coco" => DetectionProtocol.Coco,
            "voc07" => DetectionProtocol.Voc07,
            "voc" => DetectionProtocol.Voc,
            "darknet" => DetectionProtocol.Darknet,
            _ => fallback,
        };
        if (fallback == DetectionProtocol.Voc && protocol == DetectionProtocol.Coco)
            throw new FormatException($"metric '{s.Text}': COCO's headline is map (AP over IoU .50:.95); its AP at IoU .50 is the map_50 key of plumb eval-detection");
        int points = (int)(s.OptionalInteger("points") ?? 0);
        if (points is not (0 or 11 or 101)) throw new FormatException($"metric '{s.Text}': points must be 0, 11 or 101");
        if (points != 0 && protocol != DetectionProtocol.Darknet)
            throw new FormatException($"metric '{s.Text}': points applies to the darknet protocol (COCO uses 101 points, VOC 2007 11, VOC 2010+ all)");
        return new DetectionMetric(Enumerable.Range(0, Math.Max(1, o.NumClasses)), new DetectionOptions(protocol, Points: points));
    }
}
