using System.Globalization;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Cli.Output;

/// <summary>
/// What <c>plumb train</c> says beside the model: the linear baseline, the trivial predictors, the loss' skill over the
/// prior's, the threshold measured on rows that did not choose it, and which rows every number comes from — in
/// summary.json, the printed summary and the report's tables, from one <see cref="TabularResult"/>.
/// </summary>
internal static class TrainJudgement
{
    /// <summary>Adds the judgement keys to summary.json (see docs/outputs.md).</summary>
    public static void Extend(Dictionary<string, object?> summary, TabularResult r)
    {
        summary["model"] = r.KeptModel;
        summary["model_choice"] = r.ModelChoice.ToString().ToLowerInvariant();
        summary["network_beats_linear"] = r.NetworkBeatsLinear;
        summary["monitor_tie_break"] = r.TieBreak;
        summary["patience"] = r.Patience;
        summary["data"] = new Dictionary<string, object?>
        {
            ["train"] = new Dictionary<string, object?> { ["rows"] = r.Rows.Train, ["source"] = r.Rows.TrainSource },
            ["validation"] = new Dictionary<string, object?> { ["rows"] = r.Rows.Validation, ["source"] = r.Rows.ValidationSource },
            ["test"] = r.Rows.Test is { } t ? new Dictionary<string, object?> { ["rows"] = t, ["source"] = r.Rows.TestSource } : null,
        };
        double valPrior = Baselines.PriorLoss(r.ValidationBaselines);
        double? testPrior = r.TestBaselines is { } tb ? Baselines.PriorLoss(tb) : null;
        summary["skill"] = Skill(r.Validation, valPrior, r.Test, testPrior);
        summary["baselines"] = new Dictionary<string, object?>
        {
            ["validation"] = BaselineJson(r.ValidationBaselines),
            ["test"] = r.TestBaselines is { } t2 ? BaselineJson(t2) : null,
        };
        summary["compared_model"] = r.Compared is { } l
            ? new Dictionary<string, object?>
            {
                ["kind"] = l.Kind,
                ["epochs_run"] = l.History.Epochs.Count,
                ["best_epoch"] = l.BestEpoch + 1,
                ["validation"] = l.Validation,
                ["test"] = l.Test,
                ["skill"] = Skill(l.Validation, valPrior, l.Test, testPrior),
            }
            : null;
        summary["threshold_report"] = r.ThresholdReport is { } th
            ? new Dictionary<string, object?>
            {
                ["threshold"] = th.Threshold, ["tuned_on"] = th.TunedOn, ["reported_on"] = th.ReportedOn,
                ["precision"] = th.Counts.Precision, ["recall"] = th.Counts.Recall, ["f1"] = th.Counts.F1, ["accuracy"] = th.Counts.Accuracy,
                ["tp"] = th.Counts.TruePositives, ["fp"] = th.Counts.FalsePositives, ["tn"] = th.Counts.TrueNegatives, ["fn"] = th.Counts.FalseNegatives,
            }
            : null;
        summary["advice"] = r.Advice is { } advice ? AdviceJson.Of(advice) : null;
    }

    /// <summary>The printed summary: each data set with its rows, the kept model beside the other model and the trivial predictors.</summary>
    public static void WriteLines(TextWriter output, TabularResult r)
    {
        output.WriteLine($"data: train {r.Rows.Train} rows ({r.Rows.TrainSource}); validation {r.Rows.Validation} rows ({r.Rows.ValidationSource})" +
                         (r.Rows.Test is { } t ? $"; test {t} rows ({r.Rows.TestSource})" : ""));
        Block(output, $"validation ({r.Rows.Validation} rows)", r, r.Validation, r.Compared?.Validation, r.ValidationBaselines);
        if (r.Test is { } te) Block(output, $"test ({r.Rows.Test} rows)", r, te, r.Compared?.Test, r.TestBaselines!);
        if (r.Spec.Task == MetricTask.Binary)
        {
            output.WriteLine(Inv($"threshold {r.Spec.Threshold:0.####}: max F1 on {r.ThresholdReport?.TunedOn ?? "validation"}"));
            if (r.ThresholdReport is { } th)
                output.WriteLine(Inv($"  at that threshold on {th.ReportedOn}: precision {th.Counts.Precision:0.####}, recall {th.Counts.Recall:0.####}, f1 {th.Counts.F1:0.####}, accuracy {th.Counts.Accuracy:0.####}"));
        }
    }

    /// <summary>The report's metric tables, each titled with its data set and rows.</summary>
    public static IReadOnlyList<(string Title, IReadOnlyList<(string Key, string Value)> Rows)> Tables(TabularResult r)
    {
        var tables = new List<(string, IReadOnlyList<(string, string)>)>();
        string at = r.Spec.Task == MetricTask.Binary ? "; label metrics at threshold 0.5" : "";
        void Add(string data, IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, double>? other, IReadOnlyList<BaselineScore> baselines)
        {
            double prior = Baselines.PriorLoss(baselines);
            tables.Add(($"{data}: {r.KeptModel} (kept, best weights{at})", Rows(values, prior)));
            if (other is not null) tables.Add(($"{data}: {r.Compared!.Kind} ({(r.Compared.Kind == "linear" ? "linear baseline, no hidden layer" : "the network")}, same loop; not kept)", Rows(other, prior)));
            foreach (var b in baselines)
                tables.Add(($"{data}: trivial predictor '{b.Predictor}', fitted on the training targets ({b.Description})", [.. b.Values.Select(kv => (kv.Key, Num(kv.Value)))]));
        }
        Add($"validation, {r.Rows.Validation} rows", r.Validation, r.Compared?.Validation, r.ValidationBaselines);
        if (r.Test is { } te) Add($"test, {r.Rows.Test} rows", te, r.Compared?.Test, r.TestBaselines!);
        if (r.ThresholdReport is { } th)
            tables.Add((Inv($"threshold {th.Threshold:0.####} (max F1 on {th.TunedOn}), counted on {th.ReportedOn}"),
            [
                ("precision", Num(th.Counts.Precision)), ("recall", Num(th.Counts.Recall)), ("f1", Num(th.Counts.F1)), ("accuracy", Num(th.Counts.Accuracy)),
                ("tp / fp / tn / fn", Inv($"{th.Counts.TruePositives} / {th.Counts.FalsePositives} / {th.Counts.TrueNegatives} / {th.Counts.FalseNegatives}")),
            ]));
        return tables;
    }

    private static List<(string, string)> Rows(IReadOnlyDictionary<string, double> values, double prior) =>
        [.. values.Select(kv => (kv.Key, Num(kv.Value))),
         .. values.TryGetValue("loss", out double loss) && !double.IsNaN(Baselines.Skill(loss, prior))
            ? new[] { ("loss skill (1 − loss/prior)", Inv($"{Num(Baselines.Skill(loss, prior))} (prior's loss {Num(prior)})")) } : []];

    private static void Block(TextWriter output, string title, TabularResult r, IReadOnlyDictionary<string, double> values,
        IReadOnlyDictionary<string, double>? other, IReadOnlyList<BaselineScore> baselines)
    {
        var columns = new List<(string Name, IReadOnlyDictionary<string, double> Values)> { ($"{r.KeptModel} (kept)", values) };
        if (other is not null) columns.Add((r.Compared!.Kind, other));
        columns.AddRange(baselines.Select(b => (b.Predictor, b.Values)));
        output.WriteLine($"{title,-30}" + string.Concat(columns.Select(c => $"{c.Name,14}")));
        double prior = Baselines.PriorLoss(baselines);
        foreach (var (k, _) in values)
            output.WriteLine($"  {k,-28}" + string.Concat(columns.Select(c => $"{(c.Values.TryGetValue(k, out double v) ? Num(v) : "—"),14}")));
        output.WriteLine($"  {"loss skill (1 − loss/prior)",-28}" + string.Concat(columns.Select(c => $"{(c.Values.TryGetValue("loss", out double v) ? Num(Baselines.Skill(v, prior)) : "—"),14}")));
    }

    private static Dictionary<string, object?> Skill(IReadOnlyDictionary<string, double> val, double valPrior, IReadOnlyDictionary<string, double>? test, double? testPrior) => new()
    {
        ["validation"] = Baselines.Skill(val["loss"], valPrior),
        ["test"] = test is not null && testPrior is { } tp ? Baselines.Skill(test["loss"], tp) : null,
    };

    private static Dictionary<string, object?> BaselineJson(IReadOnlyList<BaselineScore> scores) => new()
    {
        ["loss_prior"] = Baselines.PriorLoss(scores),
        ["predictors"] = scores.Select(s => new Dictionary<string, object?> { ["name"] = s.Predictor, ["description"] = s.Description, ["values"] = s.Values }).ToList(),
    };

    private static string Num(double v) => double.IsNaN(v) ? "nan" : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
