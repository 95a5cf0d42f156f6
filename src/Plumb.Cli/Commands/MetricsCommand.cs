using System.CommandLine;
using System.Text.Json;
using Plumb.Metrics;
using Plumb.Training;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb metrics [--family F] [--json]</c>: every registered metric — canonical name, aliases, family, what it
/// reads, direction, arguments and formula — generated from the descriptors (losses included, as metrics).
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var family = new Option<string?>("--family") { Description = "Only this family.", HelpName = "label|score|regression|ranking|detection|loss" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of descriptors instead of a table." };
        var cmd = new Command("metrics", "List every metric: aliases, family, inputs, direction, arguments and formula.") { family, json };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var list = Select(parse.GetValue(family));
            if (parse.GetValue(json)) WriteJson(output, list);
            else if (ProgressDisplay.IsInteractive(output)) WriteTable(list);
            else WritePlain(output, list);
            return 0;
        });
        return cmd;
    }

    private static IReadOnlyList<MetricDescriptor> Select(string? family)
    {
        var all = MetricRegistry.Descriptors;
        if (family is null) return all;
        if (!Enum.TryParse(family, ignoreCase: true, out MetricFamily f) || int.TryParse(family, out _))
            throw new UsageException($"--family '{family}' is not one of {string.Join(", ", Enum.GetNames<MetricFamily>().Select(n => n.ToLowerInvariant()))}");
        return [.. all.Where(d => d.Family == f)];
    }

    internal static string Direction(MetricDescriptor d) => d.Direction switch
    {
        MetricDirection.HigherIsBetter => "higher",
        MetricDirection.LowerIsBetter => "lower",
        _ => "—",
    };

    internal static string Reads(MetricInputs r) =>
        string.Join("|", Enum.GetValues<MetricInputs>().Where(v => v != MetricInputs.None && r.HasFlag(v)).Select(v => v switch
        {
            MetricInputs.RealValues => "real",
            MetricInputs.LogProbabilities => "log-probabilities",
            _ => v.ToString().ToLowerInvariant(),
        }));

    private static string Arguments(MetricDescriptor d) => string.Join("; ", d.Arguments.Select(a => a.Summary()));

    private static void WriteJson(TextWriter output, IReadOnlyList<MetricDescriptor> list)
    {
        var items = list.Select(d => new Dictionary<string, object?>
        {
            ["name"] = d.Name,
            ["aliases"] = d.Aliases,
            ["family"] = d.Family.ToString().ToLowerInvariant(),
            ["reads"] = Reads(d.Reads).Split('|'),
            ["direction"] = Direction(d) == "—" ? null : Direction(d),
            ["structured"] = d.Structured,
            ["tasks"] = d.Tasks.Select(t => t.ToString().ToLowerInvariant()),
            ["description"] = d.Description,
            ["formula"] = d.Formula,
            ["arguments"] = d.Arguments.Select(a => new Dictionary<string, object?>
            {
                ["name"] = a.Name,
                ["type"] = a.Kind.ToString().ToLowerInvariant(),
                ["default"] = a.Default is null ? null : ArgumentSchema.FormatValue(a.Default),
                ["required"] = a.Required,
                ["choices"] = a.Choices.Count == 0 ? null : a.Choices,
                ["min"] = double.IsFinite(a.Min) ? a.Min : null,
                ["max"] = double.IsFinite(a.Max) ? a.Max : null,
                ["description"] = a.Description,
            }),
        });
        output.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void WriteTable(IReadOnlyList<MetricDescriptor> list)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("[bold]metric[/] (aliases)", "family", "reads", "better", "arguments", "formula");
        foreach (var d in list)
            table.AddRow(Markup.Escape(Names(d)), d.Family.ToString().ToLowerInvariant(), Reads(d.Reads), Direction(d),
                Markup.Escape(Arguments(d)), Markup.Escape(d.Formula));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Specs take arguments, e.g. [bold]fbeta(beta=2)[/], [bold]f1(average=macro)[/]; they log as [bold]fbeta_beta2[/], [bold]f1_macro[/].");
    }

    private static void WritePlain(TextWriter output, IReadOnlyList<MetricDescriptor> list)
    {
        foreach (var d in list)
        {
            output.WriteLine($"{Names(d)}  [{d.Family.ToString().ToLowerInvariant()}; reads {Reads(d.Reads)}; {(d.Structured ? "structured" : Direction(d) + " is better")}]");
            output.WriteLine($"    {d.Description}" + (d.Formula.Length > 0 ? $": {d.Formula}" : ""));
            if (d.Arguments.Count > 0) output.WriteLine($"    arguments: {Arguments(d)}");
        }
        output.WriteLine();
        output.WriteLine("Specs take arguments, e.g. fbeta(beta=2), f1(average=macro); they log as fbeta_beta2, f1_macro (both spellings are accepted).");
    }

    private static string Names(MetricDescriptor d) => d.Aliases.Count == 0 ? d.Name : $"{d.Name} ({string.Join(", ", d.Aliases)})";
}
