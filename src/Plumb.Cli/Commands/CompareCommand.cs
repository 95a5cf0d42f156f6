using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Plumb.Cli.Data;
using Plumb.Cli.Output;
using Plumb.Metrics;
using Plumb.Metrics.Statistics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb compare</c>: is model B better than model A on the same rows, or is the difference noise? Reads
/// the target and two score columns as <c>plumb eval</c> does (same checks, same one-line errors), then for
/// each metric prints both values, the paired difference B − A with its seeded, stratified bootstrap interval,
/// DeLong's test for ROC-AUC and McNemar's test for accuracy, and one plain conclusion per metric
/// (<see cref="ModelComparison"/>).
/// </summary>
/// <remarks>
/// <code>
/// plumb compare --data scores.csv --target y --score logreg,mlp --metric roc_auc,accuracy --seed 1
/// mlp is better on roc_auc: Δ=+0.0213, 95% CI [0.0102, 0.0331], DeLong p=0.0004
/// </code>
/// </remarks>
internal static class CompareCommand
{
    private static readonly string[] BinaryDefaults = ["roc_auc", "average_precision", "accuracy", "log_loss"];
    private static readonly string[] RegressionDefaults = ["mae", "mse", "r2"];

    /// <summary>Builds the <c>compare</c> command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Scores file: .csv, .tsv or .parquet, with a header.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (binary 0/1, or a number for --task regression).", Required = true, HelpName = "COL" };
        var score = new Option<string>("--score") { Description = "The two models' score columns, A then B (binary: probability of class 1; regression: the prediction).", Required = true, HelpName = "A,B" };
        var metric = new Option<string[]>("--metric", "--metrics") { Description = "Metric specs (repeat or comma-separate); default binary roc_auc, average_precision, accuracy, log_loss; regression mae, mse, r2.", HelpName = "SPEC", AllowMultipleArgumentsPerToken = true };
        var task = new Option<string>("--task") { Description = "What the target and scores hold.", DefaultValueFactory = _ => "binary", HelpName = "binary|regression" };
        var threshold = new Option<double>("--threshold") { Description = "Binary decision threshold for label metrics and McNemar: positive when score ≥ T.", DefaultValueFactory = _ => 0.5, HelpName = "T" };
        var ci = new Option<double>("--ci") { Description = "Confidence level of the bootstrap intervals.", DefaultValueFactory = _ => 0.95, HelpName = "LEVEL" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples (stratified by class for binary targets).", DefaultValueFactory = _ => 1000, HelpName = "N" };
        var seed = new Option<long>("--seed") { Description = "Seed of the bootstrap: the same seed gives the same intervals.", DefaultValueFactory = _ => 0, HelpName = "S" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table (shape in docs/outputs.md)." };
        var dropMissing = new Option<bool>("--drop-missing-target") { Description = "Drop rows whose target is empty, null or NaN (their count is stated)." };
        var cmd = new Command("compare", "Is model B better than model A on the same rows? Paired bootstrap intervals, DeLong's and McNemar's tests.")
        {
            data, target, score, metric, task, threshold, ci, resamples, seed, json, dropMissing,
        };
        cmd.SetAction(parse =>
        {
            var scores = parse.GetValue(score)!.Split(',', StringSplitOptions.TrimEntries);
            if (scores.Length != 2 || scores.Any(s => s.Length == 0))
                throw new UsageException($"--score: give the two models' score columns as A,B, got '{parse.GetValue(score)}'");
            if (scores[0] == scores[1]) throw new UsageException($"--score: model A and model B are the same column '{scores[0]}'");
            var taskValue = parse.GetValue(task) switch
            {
                "binary" => MetricTask.Binary,
                "regression" => MetricTask.Regression,
                var t => throw new UsageException($"--task: compare takes binary or regression (one score column per model), got '{t}'"),
            };
            var specs = (parse.GetValue(metric) ?? []).SelectMany(SpecSyntax.SplitList).ToList();
            if (specs.Count == 0) specs = [.. taskValue == MetricTask.Binary ? BinaryDefaults : RegressionDefaults];
            var bootstrap = Bootstrap(parse.GetValue(ci), parse.GetValue(resamples), parse.GetValue(seed));
            var request = new EvalCommand.EvalRequest(parse.GetValue(data)!, [parse.GetValue(target)!], scores, taskValue, specs, null,
                parse.GetValue(threshold), null, false, false, parse.GetValue(dropMissing));
            var result = Run(request, bootstrap);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, request, result);
            else WriteText(output, request, result);
            return 0;
        });
        return cmd;
    }

    /// <summary>Checks the bootstrap options (shared with <c>eval --ci</c>).</summary>
    /// <exception cref="UsageException">A level outside (0, 1), fewer than 2 resamples, or a negative seed.</exception>
    internal static BootstrapOptions Bootstrap(double level, int resamples, long seed)
    {
        if (!(level > 0 && level < 1)) throw new UsageException($"--ci: the confidence level must be between 0 and 1 (e.g. 0.95), got {level.ToString(CultureInfo.InvariantCulture)}");
        if (resamples < 2) throw new UsageException($"--resamples: at least 2 are needed, got {resamples}");
        if (seed < 0) throw new UsageException($"--seed: must be non-negative, got {seed}");
        return new BootstrapOptions { Level = level, Resamples = resamples, Seed = (ulong)seed };
    }

    /// <summary>Reads the file with <c>eval</c>'s checks and compares the two score columns.</summary>
    /// <exception cref="UsageException">Bad input, as one line naming the file, row, column or value.</exception>
    internal static ModelComparisonResult Run(EvalCommand.EvalRequest r, BootstrapOptions bootstrap)
    {
        if (!double.IsFinite(r.Threshold)) throw new UsageException($"--threshold must be a finite number, got {r.Threshold.ToString(CultureInfo.InvariantCulture)}");
        var options = new MetricOptions { Task = r.Task, Threshold = r.Threshold };
        MetricSpec? probabilitySpec = null;
        foreach (string text in r.Metrics)
        {
            MetricSpec spec;
            try
            {
                spec = MetricRegistry.Resolve(text);
                MetricRegistry.Create(spec, options);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or InvalidOperationException)
            {
                throw new UsageException($"--metric: {UsageException.MessageOf(e)}");
            }
            if (spec.Descriptor.Structured) throw new UsageException($"--metric: {text} is not a single number; compare takes metrics with one value");
            if (!spec.Descriptor.Tasks.Contains(r.Task)) throw new UsageException($"--metric: {text} does not apply to --task {r.Task.ToString().ToLowerInvariant()}");
            if (spec.Descriptor.Family is MetricFamily.Score or MetricFamily.Loss && spec.Descriptor.Reads.HasFlag(MetricInputs.Probabilities) && !spec.Descriptor.Reads.HasFlag(MetricInputs.Logits))
                probabilitySpec ??= spec;
        }
        if (r.Metrics.Select(t => MetricRegistry.Resolve(t).Key).Distinct().Count() != r.Metrics.Count)
            throw new UsageException("--metric: a metric is given twice");

        using var stream = TableStream.Open(r.Data);
        stream.Select([r.Targets[0], r.Scores[0], r.Scores[1]]);
        var rows = new EvalRows(r, stream, probabilitySpec?.Text, checkSums: false,
            needsClasses: r.Task == MetricTask.Binary, keepRows: true, r.DropMissingTarget);
        using (ReadProgress.Start(stream))
            foreach (var columns in stream.Batches()) rows.Prepare(columns);
        rows.Finish();
        var target = rows.AllTargets;
        var both = rows.AllScores;
        int n = target.Length;
        if (r.Task == MetricTask.Binary && (target.Count(t => t == 1) < 2 || target.Count(t => t == 0) < 2))
            throw new UsageException($"{r.Data}: column '{r.Targets[0]}' needs at least 2 rows of each class to compare models");
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++) (a[i], b[i]) = (both[2 * i], both[2 * i + 1]);
        try
        {
            return ModelComparison.Compare(r.Metrics, options, target, a, b, bootstrap, r.Scores[0], r.Scores[1]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"{r.Data}: {UsageException.MessageOf(e)}");
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Level(double level) => (level * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>The table and the conclusions, as <c>plumb compare</c> prints them.</summary>
    internal static void WriteText(TextWriter output, EvalCommand.EvalRequest r, ModelComparisonResult c)
    {
        var b = c.Bootstrap;
        output.WriteLine(Inv($"{r.Data}: {c.Rows} rows, {r.Task.ToString().ToLowerInvariant()}")
            + (r.Task == MetricTask.Binary ? Inv($", threshold {r.Threshold}") : "")
            + Inv($"; A = {c.NameA}, B = {c.NameB}; {b.Resamples} {(r.Task == MetricTask.Binary ? "stratified " : "")}bootstrap resamples, seed {b.Seed}, {Level(b.Level)} intervals"));
        var table = new List<string[]> { new[] { "metric", c.NameA, c.NameB, "B − A", "test" } };
        foreach (var m in c.Metrics)
        {
            var p = m.Paired;
            string test = m.DeLong is { } d ? Inv($"DeLong z={d.Z:0.000} p={ModelComparison.P(d.P)}")
                : m.McNemar is { } q ? Inv($"McNemar {(q.IsExact ? "exact" : "chi2")} b={q.ARightBWrong} c={q.AWrongBRight} p={ModelComparison.P(q.P)}")
                : "";
            table.Add([p.Key, Inv($"{p.A:0.0000} {p.IntervalA.Format()}"), Inv($"{p.B:0.0000} {p.IntervalB.Format()}"),
                Inv($"{p.Difference:+0.0000;-0.0000;0.0000} {p.DifferenceInterval.Format()}"), test]);
        }
        var widths = Enumerable.Range(0, 5).Select(j => table.Max(row => row[j].Length)).ToArray();
        foreach (var row in table)
            output.WriteLine(string.Join("  ", row.Select((cell, j) => j == 4 ? cell : cell.PadRight(widths[j]))).TrimEnd());
        foreach (var m in c.Metrics) output.WriteLine(m.Conclusion);
    }

    private static void WriteJson(TextWriter output, EvalCommand.EvalRequest r, ModelComparisonResult c)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", 1);
            w.WriteString("data", r.Data);
            w.WriteNumber("rows", c.Rows);
            w.WriteString("task", r.Task.ToString().ToLowerInvariant());
            if (r.Task == MetricTask.Binary) w.WriteNumber("threshold", r.Threshold);
            w.WriteString("a", c.NameA);
            w.WriteString("b", c.NameB);
            w.WriteStartObject("bootstrap");
            w.WriteNumber("resamples", c.Bootstrap.Resamples);
            w.WriteNumber("level", c.Bootstrap.Level);
            w.WriteNumber("seed", c.Bootstrap.Seed);
            w.WriteBoolean("stratified", r.Task == MetricTask.Binary && c.Bootstrap.Stratified);
            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (var m in c.Metrics)
            {
                var p = m.Paired;
                w.WriteStartObject(p.Key);
                Number(w, "a", p.A);
                Number(w, "b", p.B);
                Interval(w, "a_interval", p.IntervalA);
                Interval(w, "b_interval", p.IntervalB);
                Number(w, "difference", p.Difference);
                Interval(w, "difference_interval", p.DifferenceInterval);
                Number(w, "difference_standard_error", p.DifferenceStandardError);
                w.WriteString("direction", p.Direction switch { MetricDirection.HigherIsBetter => "higher_is_better", MetricDirection.LowerIsBetter => "lower_is_better", _ => "none" });
                w.WriteNumber("undefined_resamples", p.Undefined);
                if (m.Better is null) w.WriteNull("better");
                else w.WriteString("better", m.Better);
                if (m.DeLong is { } d)
                {
                    w.WriteStartObject("delong");
                    Number(w, "auc_a", d.AucA);
                    Number(w, "auc_b", d.AucB);
                    Number(w, "variance_a", d.VarianceA);
                    Number(w, "variance_b", d.VarianceB);
                    Number(w, "covariance", d.Covariance);
                    Number(w, "z", d.Z);
                    Number(w, "p", d.P);
                    w.WriteEndObject();
                }
                if (m.McNemar is { } q)
                {
                    w.WriteStartObject("mcnemar");
                    w.WriteNumber("a_right_b_wrong", q.ARightBWrong);
                    w.WriteNumber("a_wrong_b_right", q.AWrongBRight);
                    Number(w, "statistic", q.Statistic);
                    Number(w, "p", q.P);
                    w.WriteBoolean("exact", q.IsExact);
                    w.WriteEndObject();
                }
                w.WriteString("conclusion", m.Conclusion);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A number, or null when not finite (JSON has no NaN).</summary>
    internal static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>An interval as [lower, upper] (nulls when undefined).</summary>
    internal static void Interval(Utf8JsonWriter w, string name, ConfidenceInterval ci)
    {
        w.WriteStartArray(name);
        if (double.IsFinite(ci.Lower)) w.WriteNumberValue(ci.Lower); else w.WriteNullValue();
        if (double.IsFinite(ci.Upper)) w.WriteNumberValue(ci.Upper); else w.WriteNullValue();
        w.WriteEndArray();
    }
}
