using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Cli.Reports;
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
        var images = new Option<string?>("--images") { Description = "YOLO: folder of the images (PNG / JPEG), whose headers give the sizes when --sizes is not given (default: the 'images' folder beside 'labels', if any).", HelpName = "DIR" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var errors = new Option<bool>("--errors") { Description = "Add TIDE's error breakdown (ΔAP of fixing each error type, IoU 0.5 / 0.1) and the cross-class confusion matrix (at --iou and --conf-thresh)." };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (per-class AP, PR curves, TIDE errors, confusion matrix) to this file.", HelpName = "FILE.html" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --report file." };
        var cmd = new Command("eval-detection", "Mean average precision of object detections (COCO, VOC or darknet protocol).")
        {
            gt, pred, format, protocol, iou, points, conf, names, sizes, images, json, errors, report, force,
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
            string? reportPath = parse.GetValue(report);
            if (reportPath is not null) OutputFile.Check(reportPath, "--report", parse.GetValue(force));
            double confT = parse.GetValue(conf);
            var options = new DetectionOptions(proto, iouT, pts, confT, InclusivePixels: fmt == "voc");
            var (metric, categoryNames) = Load(fmt, parse.GetValue(gt)!, parse.GetValue(pred)!, parse.GetValue(names), parse.GetValue(sizes), parse.GetValue(images), options);
            var result = metric.ComputeResult();
            bool analyse = parse.GetValue(errors) || reportPath is not null;
            var outcome = new DetectionOutcome(result, categoryNames,
                analyse ? metric.ComputeTide() : null, analyse ? metric.ComputeConfusion(iouT, confT) : null, metric.ImageCount, iouT);
            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            if (asJson) WriteJson(output, outcome);
            else WriteText(output, outcome);
            if (reportPath is not null)
            {
                int plots = DetectionReport.Write(outcome, $"plumb eval-detection {Path.GetFileName(parse.GetValue(pred)!.TrimEnd('/', '\\'))}", reportPath);
                (asJson ? parse.InvocationConfiguration.Error : output).WriteLine($"report: {Path.GetFullPath(reportPath)} ({plots} plots)");
            }
            return 0;
        });
        return cmd;
    }

    private static (DetectionMetric Metric, Dictionary<int, string> Names) Load(string format, string gt, string pred, string? namesFile, string? sizesFile, string? imageDir, DetectionOptions options)
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
                    var imageSizes = sizesFile is not null ? YoloLabels.ReadSizes(sizesFile)
                        : (imageDir ?? YoloLabels.ConventionalImageDir(gt)) is { } dir ? YoloLabels.ReadSizesFromImages(gt, dir) : null;
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

    private static void WriteJson(TextWriter output, DetectionOutcome o)
    {
        var r = o.Result;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("protocol", r.Protocol.ToString().ToLowerInvariant());
            foreach (var (k, v) in r.Summary) Number(w, k, v);
            w.WriteStartObject("per_class");
            for (int k = 0; k < r.CategoryIds.Count; k++) Number(w, o.Name(k), r.PerClassAp[k]);
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
                    w.WriteStartObject(o.Name(k));
                    w.WriteNumber("tp", r.PerClassTruePositives![k]); w.WriteNumber("fp", r.PerClassFalsePositives![k]);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            if (o.Tide is { } tide)
            {
                w.WriteStartObject("tide");
                Number(w, "ap", tide.Ap);
                Number(w, "fg_iou", tide.ForegroundIou); Number(w, "bg_iou", tide.BackgroundIou);
                w.WriteStartObject("delta_ap");
                for (int k = 0; k < 6; k++) Number(w, TideResult.ShortNames[k], tide.DeltaAp[(TideErrorKind)k]);
                w.WriteEndObject();
                w.WriteStartObject("counts");
                for (int k = 0; k < 6; k++) w.WriteNumber(TideResult.ShortNames[k], tide.Counts[(TideErrorKind)k]);
                w.WriteEndObject();
                Number(w, "false_pos", tide.FalsePositiveDeltaAp); Number(w, "false_neg", tide.FalseNegativeDeltaAp);
                w.WriteEndObject();
            }
            if (o.Confusion is { } c)
            {
                w.WriteStartObject("confusion");
                Number(w, "iou", c.IouThreshold); Number(w, "conf_thresh", c.ConfidenceThreshold);
                w.WriteStartArray("rows");
                foreach (var n in o.ConfusionRowNames()) w.WriteStringValue(n);
                w.WriteEndArray();
                w.WriteStartArray("columns");
                foreach (var n in o.ConfusionColumnNames()) w.WriteStringValue(n);
                w.WriteEndArray();
                w.WriteStartArray("counts");
                for (int i = 0; i < c.Size; i++)
                {
                    w.WriteStartArray();
                    for (int j = 0; j < c.Size; j++) w.WriteNumberValue(c[i, j]);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
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

    private static void WriteText(TextWriter output, DetectionOutcome o)
    {
        var r = o.Result;
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
            output.WriteLine($"{o.Name(k),-24} {(r.PerClassAp[k] < 0 ? "n/a" : F(r.PerClassAp[k])),8}{extra}");
        }
        if (o.Tide is { } tide)
        {
            output.WriteLine($"TIDE (IoU {F(tide.ForegroundIou)}, background {F(tide.BackgroundIou)}): AP {F(tide.Ap)}; ΔAP of fixing each error type:");
            for (int k = 0; k < 6; k++)
                output.WriteLine($"  {TideResult.ShortNames[k],-5} {F(tide.DeltaAp[(TideErrorKind)k]),8}  ({tide.Counts[(TideErrorKind)k]} errors)");
            output.WriteLine($"  false positives {F(tide.FalsePositiveDeltaAp)}, false negatives {F(tide.FalseNegativeDeltaAp)}");
        }
        if (o.Confusion is { } c)
        {
            output.WriteLine($"confusion (IoU > {F(c.IouThreshold)}, score > {F(c.ConfidenceThreshold)}): rows ground truth + background, columns predicted + missed");
            var cols = o.ConfusionColumnNames();
            var rows = o.ConfusionRowNames();
            output.WriteLine($"{"",-16}" + string.Concat(cols.Select(n => $" {Trim(n),10}")));
            for (int i = 0; i < c.Size; i++)
                output.WriteLine($"{Trim(rows[i]),-16}" + string.Concat(Enumerable.Range(0, c.Size).Select(j => $" {c[i, j],10}")));
        }
    }

    private static string Trim(string s) => s.Length <= 10 ? s : s[..9] + "…";

    /// <summary>What one evaluation found: the result, class names, and with --errors / --report TIDE and the confusion matrix. JSON, text and report all read it.</summary>
    internal sealed record DetectionOutcome(DetectionResult Result, Dictionary<int, string> Names, TideResult? Tide, DetectionConfusion? Confusion, int Images, double Iou)
    {
        /// <summary>The name of category index k.</summary>
        public string Name(int k) => Names.TryGetValue(Result.CategoryIds[k], out var n) ? n : Result.CategoryIds[k].ToString(CultureInfo.InvariantCulture);

        /// <summary>Confusion rows: the class names, then "background".</summary>
        public string[] ConfusionRowNames() => [.. Enumerable.Range(0, Result.CategoryIds.Count).Select(Name), "background"];

        /// <summary>Confusion columns: the class names, then "missed".</summary>
        public string[] ConfusionColumnNames() => [.. Enumerable.Range(0, Result.CategoryIds.Count).Select(Name), "missed"];
    }
}
