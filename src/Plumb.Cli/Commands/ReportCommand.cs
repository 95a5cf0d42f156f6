using System.CommandLine;
using Plumb.Cli.Reports;
using Plumb.IO;

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
            if (!File.Exists(Path.Combine(d, "report.json"))) throw new UsageException($"{d}: no report.json (is this a folder written by plumb train or plumb demo?)");
            try { RunManifest.Verify(d, ["report.json"], rel => rel == "report.html" || rel.StartsWith("plots/", StringComparison.Ordinal)); }
            catch (RunFolderException e) { throw new UsageException(e.Message); }
            var data = ReportStore.Load(d);
            // The re-rendered run replaces the folder in one step, with a new manifest.
            using var run = new RunFolder(d);
            string staging = run.Begin(parse.InvocationConfiguration.Output);
            string source = Path.GetFullPath(d);
            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(source, file);
                if (rel == RunManifest.FileName || rel == "report.html" || rel.StartsWith("plots" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
                string target = Path.Combine(staging, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var images = HtmlReport.Write(data, Path.Combine(staging, "report.html"));
            run.Commit();
            parse.InvocationConfiguration.Output.WriteLine($"report: {Path.Combine(d, "report.html")} ({images.Count} plots)");
            return 0;
        });
        return cmd;
    }
}
