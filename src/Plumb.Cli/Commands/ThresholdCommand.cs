using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Cli.Data;
using Plumb.Metrics;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb threshold</c>: the decision threshold that optimises a metric, and the metrics at it.</summary>
internal static class ThresholdCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "CSV, TSV or Parquet file with targets and scores.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (0/1).", Required = true, HelpName = "COL" };
        var score = new Option<string>("--score") { Description = "Score column (probability or any score where higher means positive).", Required = true, HelpName = "COL" };
        var optimize = new Option<string>("--optimize")
        {
            Description = "f1 | fbeta(beta=B) | youden | mcc | precision_at_recall(r=R) | cost(fp=A,fn=B)",
            DefaultValueFactory = _ => "f1",
            HelpName = "OBJECTIVE",
        };
        var weight = new Option<string?>("--weight") { Description = "Column of non-negative sample weights.", HelpName = "COL" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("threshold", "Choose the decision threshold that optimises a metric instead of 0.5.")
        {
            data, target, score, optimize, weight, json,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var table = TableReader.Read(parse.GetValue(data)!);
            var (y, s, w) = BinaryColumns.Read(table, parse.GetValue(target)!, parse.GetValue(score)!, parse.GetValue(weight));
            string objective = parse.GetValue(optimize)!;
            ThresholdPoint best, atHalf;
            try
            {
                best = ThresholdSelection.Optimize(objective, y, s, w);
                atHalf = ThresholdSelection.At(0.5, y, s, w);
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var rows = new (string Key, double Best, double Half)[]
            {
                ("threshold", best.Threshold, 0.5),
                ("precision", best.Precision, atHalf.Precision), ("recall", best.Recall, atHalf.Recall),
                ("f1", best.F1, atHalf.F1), ("specificity", best.Specificity, atHalf.Specificity),
                ("accuracy", best.Accuracy, atHalf.Accuracy), ("mcc", best.Mcc, atHalf.Mcc),
                ("tp", best.TruePositives, atHalf.TruePositives), ("fp", best.FalsePositives, atHalf.FalsePositives),
                ("tn", best.TrueNegatives, atHalf.TrueNegatives), ("fn", best.FalseNegatives, atHalf.FalseNegatives),
            };
            if (parse.GetValue(json))
            {
                var obj = new Dictionary<string, object>
                {
                    ["optimize"] = objective,
                    ["objective"] = best.Objective,
                    ["threshold"] = best.Threshold,
                    ["at_threshold"] = rows.Skip(1).ToDictionary(r => r.Key, r => r.Best),
                    ["at_0.5"] = rows.Skip(1).ToDictionary(r => r.Key, r => r.Half),
                };
                output.WriteLine(JsonSerializer.Serialize(obj));
                return 0;
            }
            output.WriteLine($"optimize {objective}: threshold {F(best.Threshold)} (predict positive when score ≥ threshold), objective {F(best.Objective)}");
            output.WriteLine($"{"",-12} {"chosen",12} {"at 0.5",12}");
            foreach (var (key, b, h) in rows.Skip(1)) output.WriteLine($"{key,-12} {F(b),12} {F(h),12}");
            return 0;
        });
        return cmd;
    }

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>Reads and validates binary target / score / weight columns, naming file, row, column and value.</summary>
internal static class BinaryColumns
{
    public static (double[] Target, double[] Score, double[] Weight) Read(Table table, string target, string score, string? weight)
    {
        var t = table.Column(target);
        double[] y = t.RequireFinite();
        for (int i = 0; i < y.Length; i++)
            if (y[i] is not (0 or 1)) throw new UsageException($"{t.Where(i)}: target '{t.Raw(i)}' is not 0 or 1");
        double[] s = table.Column(score).RequireFinite();
        double[] w = [];
        if (weight is not null)
        {
            var wc = table.Column(weight);
            w = wc.RequireFinite();
            for (int i = 0; i < w.Length; i++)
                if (w[i] < 0) throw new UsageException($"{wc.Where(i)}: weight '{wc.Raw(i)}' is negative");
        }
        return (y, s, w);
    }
}
