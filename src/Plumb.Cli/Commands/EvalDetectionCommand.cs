using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Metrics.Detection;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb eval-detection</c>: mean average precision of saved detections against ground truth, as COCO
/// (pycocotools), VOC (<c>voc_eval</c>) or darknet (<c>detector map</c>) compute it.
/// </summary>
/// <remarks>
/// <code>
/// plumb eval-detection --gt instances_val.json --pred detections.json --json
/// {"map":0.41,"map_50":0.62,…,"per_class":{"person":0.53,…}}
/// plumb eval-detection --format yolo --gt labels/ --pred preds/ --names obj.names --protocol darknet
/// </code>
/// </remarks>
internal static class EvalDetectionCommand
{
    /// <summary>Builds the <c>eval-detection</c> command.</summary>
    public static Command Create()
    {
        var gt = new Option<string>("--gt") { Description = "Ground truth: COCO JSON file, YOLO label folder, or VOC XML folder.", Required = true, HelpName = "PATH" };
        var pred = new Option<string>("--pred") { Description = "Detections: COCO results JSON, YOLO txt folder (class cx cy w h conf), or VOC-style folder.", Required = true, HelpName = "PATH" };
        var format = new Option<string>("--format") { Description = "Input format.", DefaultValueFactory = _ => "coco", HelpName = "coco|yolo|voc" };
        var protocol = new Option<string>("--protocol") { Description = "How mAP is computed.", DefaultValueFactory = _ => "coco", HelpName = "coco|voc07|voc|darknet" };
        var iou = new Option<double>("--iou") { Description = "VOC / darknet: IoU threshold (a match needs IoU > T).", DefaultValueFactory = _ => 0.5, HelpName = "T" };
        var points = new Option<int>("--points") { Description = "darknet: 0 = all-point AP, 11 or 101 interpolation points.", DefaultValueFactory = _ => 0, HelpName = "0|11|101" };
        var conf = new Option<double>("--conf-thresh") { Description = "darknet: confidence threshold of the TP/FP/F1 block.", DefaultValueFactory = _ => 0.25, HelpName = "C" };
        var names = new Option<string?>("--names") { Description = "YOLO / VOC: class names file, one per line (line i = class i).", HelpName = "FILE" };
        var sizes = new Option<string?>("--sizes") { Description = "YOLO: image sizes, a line 'NAME width height' per image (boxes in pixels, so COCO area ranges apply).", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("eval-detection", "Mean average precision of object detections (COCO, VOC or darknet protocol).")
        {
            gt, pred, format, protocol, iou, points, conf, names, sizes, json,
        };
        cmd.SetAction(parse =>
        {
            var proto = parse.GetValue(protocol) switch
            {
                "coco" => DetectionProtocol.Coco,
                "voc07" => DetectionProtocol.Voc07,
                "voc" => DetectionProtocol.Voc,
                "darknet" => DetectionProtocol.Darknet,
                var p => throw new UsageException($"--protocol: unknown protocol '{p}' (coco, voc07, voc, darknet)"),
            };
            int pts = parse.GetValue(points);
            if (pts is not (0 or 11 or 101)) throw new UsageException($"--points: {pts} is not 0, 11 or 101");
            double iouT = parse.GetValue(iou);
            if (!(iouT is >= 0 and < 1)) throw new UsageException($"--iou: {iouT.ToString(CultureInfo.InvariantCulture)} is not in [0, 1)");
            string fmt = parse.GetValue(format)!;
            var options = new DetectionOptions(proto, iouT, pts, parse.GetValue(conf), InclusivePixels: fmt == "voc");
            var (metric, categoryNames) = Load(fmt, parse.GetValue(gt)!, parse.GetValue(pred)!, parse.GetValue(names), parse.GetValue(sizes), options);
            var result = metric.ComputeResult();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, result, categoryNames);
            else WriteText(output, result, categoryNames);
            return 0;
        });
        return cmd;
    }

    private static (DetectionMetric Metric, Dictionary<int, string> Names) Load(string format, string gt, string pred, string? namesFile, string? sizesFile, DetectionOptions options)
    {
        try
        {
            switch (format)
            {
                case "coco":
                    var (metric, categories) = CocoJson.LoadGroundTruth(gt, options);
                    CocoJson.AddResults(metric, pred);
                    return (metric, categories.ToDictionary(c => c.Id, c => c.Name == "" ? c.Id.ToString(CultureInfo.InvariantCulture) : c.Name));
                case "yolo":
                {
                    if (namesFile is null) throw new UsageException("--format yolo needs --names (the class names file)");
                    var classes = ClassNames.Read(namesFile);
                    var imageSizes = sizesFile is null ? null : YoloLabels.ReadSizes(sizesFile);
                    return (YoloLabels.Load(gt, pred, classes.Length, imageSizes, options), Indexed(classes));
                }
                case "voc":
                {
                    var classes = namesFile is null ? null : ClassNames.Read(namesFile);
                    var (m, found) = VocXml.LoadWithClassNames(gt, pred, classes, options);
                    return (m, Indexed([.. found]));
                }
                default:
                    throw new UsageException($"--format: unknown format '{format}' (coco, yolo, voc)");
            }
        }
        catch (InvalidDataException e) { throw new UsageException(e.Message); }
        catch (ArgumentException e) { throw new UsageException(UsageException.MessageOf(e)); }
    }

    private static Dictionary<int, string> Indexed(string[] names) => names.Select((n, i) => (n, i)).ToDictionary(p => p.i, p => p.n);

    private static string Name(Dictionary<int, string> names, int id) => names.TryGetValue(id, out var n) ? n : id.ToString(CultureInfo.InvariantCulture);

    private static void WriteJson(TextWriter output, DetectionResult r, Dictionary<int, string> names)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("protocol", r.Protocol.ToString().ToLowerInvariant());
            foreach (var (k, v) in r.Summary) Number(w, k, v);
            w.WriteStartObject("per_class");
            for (int k = 0; k < r.CategoryIds.Count; k++) Number(w, Name(names, r.CategoryIds[k]), r.PerClassAp[k]);
            w.WriteEndObject();
            if (r.Threshold is { } t)
            {
                w.WriteStartObject("threshold");
                Number(w, "conf_thresh", t.ConfidenceThreshold);
                Number(w, "precision", t.Precision); Number(w, "recall", t.Recall); Number(w, "f1", t.F1);
                w.WriteNumber("tp", t.TruePositives); w.WriteNumber("fp", t.FalsePositives); w.WriteNumber("fn", t.FalseNegatives);
                Number(w, "average_iou", t.AverageIou);
                w.WriteEndObject();
                w.WriteStartObject("per_class_counts");
                for (int k = 0; k < r.CategoryIds.Count; k++)
                {
                    w.WriteStartObject(Name(names, r.CategoryIds[k]));
                    w.WriteNumber("tp", r.PerClassTruePositives![k]); w.WriteNumber("fp", r.PerClassFalsePositives![k]);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static void Number(Utf8JsonWriter w, string key, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(key, v); else w.WriteNull(key);
    }

    private static readonly string[] CocoLines =
    [
        "Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
        "Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ]",
        "Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ]",
        "Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
        "Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
        "Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
        "Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
    ];

    private static void WriteText(TextWriter output, DetectionResult r, Dictionary<int, string> names)
    {
        string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);
        if (r.Protocol == DetectionProtocol.Coco)
            for (int i = 0; i < 12; i++) output.WriteLine($" {CocoLines[i]} = {F(r.Summary[DetectionResult.CocoKeys[i]])}");
        else
            output.WriteLine($"mAP@{r.Protocol.ToString().ToLowerInvariant()} = {F(r.Summary["map_50"])}");
        if (r.Threshold is { } t)
        {
            output.WriteLine($"conf_thresh {F(t.ConfidenceThreshold)}: precision {F(t.Precision)}, recall {F(t.Recall)}, F1 {F(t.F1)}, TP {t.TruePositives}, FP {t.FalsePositives}, FN {t.FalseNegatives}, average IoU {F(t.AverageIou)}");
        }
        output.WriteLine($"{"class",-24} {"AP",8}");
        for (int k = 0; k < r.CategoryIds.Count; k++)
        {
            string extra = r.PerClassTruePositives is { } tp ? $"  (TP {tp[k]}, FP {r.PerClassFalsePositives![k]})" : "";
            output.WriteLine($"{Name(names, r.CategoryIds[k]),-24} {(r.PerClassAp[k] < 0 ? "n/a" : F(r.PerClassAp[k])),8}{extra}");
        }
    }
}
