using System.CommandLine;
using Plumb.Cli.Reports;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb report DIR</c>: re-renders the HTML report of a run folder from its saved files.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "A folder written by plumb train or plumb demo." };
        var cmd = new Command("report", "Re-render report.html (and its PNGs) of a run folder from history.csv, predictions and report.json.") { dir };
        cmd.SetAction(parse =>
        {
            string d = parse.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new UsageException($"{d}: no such folder");
            var data = ReportStore.Load(d);
            OutputFolder.EnsureWritable(d);
            string html = Path.Combine(d, "report.html");
            var images = HtmlReport.Write(data, html);
            parse.InvocationConfiguration.Output.WriteLine($"report: {html} ({images.Count} plots)");
            return 0;
        });
        return cmd;
    }
}
