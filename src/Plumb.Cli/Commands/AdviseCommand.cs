using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Advice;
using Plumb.Cli.Output;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb advise</c>: reads a table's target and recommends the output activation, loss, metrics, monitor, patience
/// and threshold strategy, each with its reason, and lists the pitfalls that apply — the same advice
/// <c>plumb train</c> takes its defaults from (<see cref="Advisor"/>).
/// </summary>
/// <remarks>
/// <code>
/// plumb advise --data fraud.csv --target is_fraud            # 500:1 → pr_auc judges, val_loss monitors, accuracy pitfall
/// plumb advise --data prices.csv --target price --json       # outliers → huber(delta=…)
/// </code>
/// </remarks>
internal static class AdviseCommand
{
    /// <summary>Builds the <c>advise</c> command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data: .csv, .tsv or .parquet.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (several, comma-separated: multilabel).", Required = true, HelpName = "COL" };
        var task = new Option<string>("--task") { Description = "auto|binary|multiclass|multilabel|regression", DefaultValueFactory = _ => "auto" };
        var valSplit = new Option<double>("--val-split") { Description = "Validation fraction the training run would hold out (the monitor's advice depends on it).", DefaultValueFactory = _ => 0.2 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size (patience is counted in optimizer steps).", DefaultValueFactory = _ => 32 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (docs/outputs.md)." };
        var cmd = new Command("advise", "Recommend activation, loss, metrics, monitor, patience and threshold for a table's target, with reasons and pitfalls.")
        {
            data, target, task, valSplit, batch, json,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            double split = parse.GetValue(valSplit);
            if (split is <= 0 or >= 1) throw new UsageException($"--val-split must be in (0, 1), got {split.ToString(CultureInfo.InvariantCulture)}");
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new UsageException($"--batch-size must be ≥ 1, got {batchSize}");
            var targets = parse.GetValue(target)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (targets.Length == 0) throw new UsageException("--target: no column named");
            MetricTask? forced = TrainCommand.ParseTask(parse.GetValue(task)!);
            var table = TrainCommand.Load(parse.GetValue(data)!);
            TrainingAdvice advice;
            try
            {
                table = TargetCells.Apply(table, targets, false, _ => { });
                advice = Advisor.Advise(table, targets, forced, new AdviceContext { ValidationSplit = split, BatchSize = batchSize });
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsageException(UsageException.MessageOf(e));
            }
            if (parse.GetValue(json))
            {
                var doc = new Dictionary<string, object?> { ["schema_version"] = Reports.ReportStore.SchemaVersion, ["data"] = table.Source, ["targets"] = targets };
                foreach (var (k, v) in AdviceJson.Of(advice)) doc[k] = v;
                output.WriteLine(JsonSerializer.Serialize(doc, Json));
            }
            else Write(output, table.Source, advice);
            return 0;
        });
        return cmd;
    }

    private static void Write(TextWriter o, string source, TrainingAdvice a)
    {
        var p = a.Profile;
        o.WriteLine($"data: {source}, {p.Rows} rows, {p.Features} feature column(s)");
        o.WriteLine($"task: {p.Task.ToString().ToLowerInvariant()} ({p.TaskReason})");
        if (p.Classes.Count > 0)
            o.WriteLine((p.Task == MetricTask.Multilabel ? "labels (positives): " : "classes: ") + string.Join(", ", p.Classes.Select(c => Inv($"{c.Name} {c.Count} ({c.Fraction:P2})"))) +
                        (double.IsNaN(p.ImbalanceRatio) ? "" : Inv($"; {p.ImbalanceRatio:0.#}:1")));
        if (p.Target is { } t)
            o.WriteLine(Inv($"target: mean {t.Mean:G5}, median {t.Median:G5}, std {t.Std:G5}, robust std {t.RobustStd:G5}, skewness {t.Skewness:0.##}, {t.Outliers} outlier(s) beyond {Advisor.OutlierZ} robust std, range {t.Min:G5} … {t.Max:G5}"));
        o.WriteLine($"conflicting duplicates: {(p.ConflictGroups == 0 ? "none" : $"{p.ConflictRows} rows in {p.ConflictGroups} group(s) with identical features and different targets")}");
        o.WriteLine($"validation rows assumed: {a.ValidationRows}");
        o.WriteLine();
        Rec(o, "output activation", a.OutputActivation);
        Rec(o, "loss", a.Loss);
        o.WriteLine($"metrics: {string.Join(", ", a.Metrics.Select(m => m.Value))}");
        foreach (var m in a.Metrics) o.WriteLine($"  - {m.Reason}");
        Rec(o, "judge", a.Judge);
        Rec(o, "monitor", a.Monitor);
        if (a.TieBreak is { } tb) Rec(o, "tie-break", tb);
        o.WriteLine($"patience: {a.Patience.Epochs}");
        o.WriteLine($"  {a.Patience.Reason}");
        Rec(o, "threshold", a.Threshold);
        o.WriteLine(a.Pitfalls.Count == 0 ? "pitfalls: none found" : "pitfalls:");
        foreach (var x in a.Pitfalls) o.WriteLine($"  - [{x.Id}] {x.Message}");
    }

    private static void Rec(TextWriter o, string what, Recommendation r)
    {
        o.WriteLine($"{what}: {r.Value}");
        o.WriteLine($"  {r.Reason}");
        foreach (var alt in r.Alternatives) o.WriteLine($"  or {alt.Value}: {alt.Reason}");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
