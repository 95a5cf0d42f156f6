using System.CommandLine;
using Plumb.Cli.Output;
using Plumb.Losses;
using Plumb.Training;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb losses [--plot DIR]</c>: lists every loss with its formula, target and prediction domains and when to
/// use it; with <c>--plot</c>, writes one PNG per loss (against the error or the margin) plus two overview plots.
/// </summary>
internal static class LossesCommand
{
    public static Command Create()
    {
        var plot = new Option<string?>("--plot") { Description = "Write PNG plots of every loss against the error or the margin into DIR (created if missing).", HelpName = "DIR" };
        var cmd = new Command("losses", "List every loss: formula, target/prediction domain, when to use it; --plot DIR draws them.") { plot };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? dir = parse.GetValue(plot);
            if (dir is not null) return WritePlots(dir, output);
            if (ProgressDisplay.IsInteractive(output)) WriteTable();
            else WritePlain(output);
            return 0;
        });
        return cmd;
    }

    private static string Category(LossCategory c) => c switch
    {
        LossCategory.Regression => "regression",
        LossCategory.Classification => "classification",
        LossCategory.Imbalance => "imbalance",
        LossCategory.Ranking => "ranking",
        _ => "metric surrogate",
    };

    private static string Names(LossDescriptor i) => i.Aliases.Count == 0 ? i.Name : $"{i.Name} ({string.Join(", ", i.Aliases)})";

    private static void WriteTable()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("[bold]loss[/] (aliases)", "use", "formula", "target", "prediction", "when to use");
        foreach (LossDescriptor i in LossRegistry.Descriptors)
            table.AddRow(Markup.Escape(Names(i)), Category(i.Category), Markup.Escape(i.Formula), Markup.Escape(i.TargetDomain),
                Markup.Escape(i.PredictionDomain), Markup.Escape(i.WhenToUse));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Specs take arguments, e.g. [bold]huber(delta=1.5)[/], [bold]focal(gamma=2, alpha=0.25)[/]; every loss is also a metric.");
    }

    private static void WritePlain(TextWriter output)
    {
        string[] head = ["loss", "use", "formula", "target", "prediction", "when to use"];
        var rows = LossRegistry.Descriptors.Select(i => new[] { i.Name, Category(i.Category), i.Formula, i.TargetDomain, i.PredictionDomain, i.WhenToUse }).ToList();
        int[] width = [.. Enumerable.Range(0, head.Length).Select(c => Math.Max(head[c].Length, rows.Max(r => r[c].Length)))];
        string Line(string[] r) => string.Join("  ", r.Select((v, c) => c == r.Length - 1 ? v : v.PadRight(width[c]))).TrimEnd();
        output.WriteLine(Line(head));
        foreach (var r in rows) output.WriteLine(Line(r));
        output.WriteLine();
        output.WriteLine("aliases: " + string.Join("; ", LossRegistry.Descriptors.Where(i => i.Aliases.Count > 0).Select(i => $"{i.Name} = {string.Join(", ", i.Aliases)}")));
        output.WriteLine("Specs take arguments, e.g. huber(delta=1.5), focal(gamma=2, alpha=0.25); every loss is also a metric (plumb eval --metrics).");
    }

    private static int WritePlots(string dir, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(dir)) throw new UsageException("--plot needs a directory");
        if (File.Exists(dir)) throw new UsageException($"--plot {dir}: is a file, not a directory");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--plot {dir}: cannot create the directory ({e.Message.Split('\n')[0]})");
        }
        var curves = LossRegistry.Descriptors.Select(i => (Info: i, Curve: LossCurves.Compute(i))).ToList();
        try
        {
            foreach (var (info, curve) in curves)
            {
                string path = Path.Combine(dir, info.Name + ".png");
                LossPlots.Write(path, $"{info.Name}  [{curve.Spec}]", curve.XLabel, [curve]);
                output.WriteLine(path);
            }
            foreach (var (file, title, pick) in new (string, string, Func<LossDescriptor, bool>)[]
            {
                ("regression.png", "Regression losses against the error", i => i.Plot == LossPlotInput.Error),
                ("classification.png", "Binary classification losses against the margin", i => i.Plot == LossPlotInput.Margin && i.Category != LossCategory.MetricSurrogate),
            })
            {
                var group = curves.Where(c => pick(c.Info)).Select(c => c.Curve).ToList();
                string path = Path.Combine(dir, file);
                LossPlots.Write(path, title, group[0].XLabel, group);
                output.WriteLine(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--plot {dir}: cannot write ({e.Message.Split('\n')[0]})");
        }
        return 0;
    }
}
