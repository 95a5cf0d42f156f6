using System.Globalization;
using Plumb.Cli.Commands;
using Plumb.Metrics;

namespace Plumb.Cli.Reports;

/// <summary>The report of <c>plumb eval --report</c>: the metric table plus the plots for the task.</summary>
internal static class EvalReport
{
    /// <summary>Writes the report; returns the number of plots.</summary>
    public static int Write(EvalCommand.EvalRequest r, EvalCommand.Evaluation e, string path)
    {
        var rows = e.Results
            .Where(kv => kv.Value is double)
            .Select(kv => (kv.Key, ((double)kv.Value).ToString("0.######", CultureInfo.InvariantCulture)))
            .ToList();
        var data = new ReportData
        {
            Title = $"plumb eval {Path.GetFileName(r.Data)}",
            Summary = [e.Caption],
            PredictionsOf = $"{Path.GetFileName(r.Data)}, {e.Target.Length / (r.Task == MetricTask.Multilabel ? e.Columns : 1)} rows",
            Tables = e.Bootstrap is null ? [("metrics", rows)] : [("metrics", rows), EvalIntervals.ReportTable(e.Intervals, e.Bootstrap)],
        };
        switch (r.Task)
        {
            case MetricTask.Binary:
                double[] p = r.FromLogits ? e.Scores.Select(z => 1 / (1 + Math.Exp(-z))).ToArray() : e.Scores;
                data = data with { Binary = new BinaryPredictions(e.Target, p, r.Threshold, "given by --threshold") };
                break;
            case MetricTask.Regression:
                data = data with { Regression = (e.Target, e.Scores) };
                break;
            case MetricTask.Multiclass:
                data = data with
                {
                    Multiclass = (ReportData.Confusion(e.Target, e.Scores, e.Columns), e.ClassNames.ToArray()),
                    MulticlassPredictions = (e.Target, e.Scores),
                };
                break;
        }
        return HtmlReport.Write(data, path, plotFiles: false).Count;
    }
}
