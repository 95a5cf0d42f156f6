using System.Globalization;
using Plumb.Cli.Commands;
using Plumb.IO;
using Plumb.Metrics.Detection;

namespace Plumb.Cli.Reports;

/// <summary>The report of <c>plumb eval-detection --report</c>: the summary and per-class tables, PR curves, TIDE bars and the confusion matrix.</summary>
internal static class DetectionReport
{
    /// <summary>Writes the report (self-contained HTML); returns the number of plots.</summary>
    public static int Write(EvalDetectionCommand.DetectionOutcome o, string title, string path)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "n/a";
        var r = o.Result;
        var tables = new List<(string, IReadOnlyList<(string, string)>)>
        {
            ("metrics", r.Summary.Select(kv => (kv.Key, F(kv.Value))).ToList()),
            (r.Protocol == DetectionProtocol.Coco ? "per-class AP@[.50:.95]" : "per-class AP",
                Enumerable.Range(0, r.CategoryIds.Count).Select(k => (o.Name(k), r.PerClassAp[k] is var v && (double.IsNaN(v) || (r.Protocol == DetectionProtocol.Coco && v < 0)) ? "n/a (no ground truth)" : F(v))).ToList()),
        };
        if (o.Tide is { } t)
            tables.Add(($"TIDE ΔAP (errors), AP@{F(t.ForegroundIou)} {F(t.Ap)}",
                [.. Enumerable.Range(0, 6).Select(k => (TideResult.ShortNames[k], $"{F(t.DeltaAp[(TideErrorKind)k])} ({t.Counts[(TideErrorKind)k]})")),
                 ("false_pos", F(t.FalsePositiveDeltaAp)), ("false_neg", F(t.FalseNegativeDeltaAp))]));
        var data = new ReportData
        {
            Title = title,
            Summary = [$"{r.Protocol.ToString().ToLowerInvariant()} protocol, {o.Images} images, {r.CategoryIds.Count} classes: " +
                       (r.Protocol == DetectionProtocol.Coco ? $"mAP@[.50:.95] {F(r.Summary["map"])}, mAP@0.5 {F(r.Summary["map_50"])}" : $"mAP {F(r.Summary["map_50"])}")],
            Tables = tables,
        };
        var images = DetectionPlots.Figures(o).Select(f => f.Render()).ToList();
        AtomicFile.WriteAllText(path, HtmlReport.Render(data, images));
        return images.Count;
    }
}
