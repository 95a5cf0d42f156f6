using System.CommandLine;
using System.Globalization;
using Plumb.Cli.Data;
using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Metrics;
using Plumb.Training;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb eval</c>: metrics of saved predictions. Reads a CSV, TSV or Parquet file, checks targets and
/// scores once at the boundary (one-line errors naming file, row, column and value), feeds every metric one
/// <see cref="MetricBatch"/> and prints a table or one JSON object keyed by the specs as written.
/// </summary>
/// <remarks>
/// <code>
/// # preds.csv: y = 0,0,1,1,0,1,0,1,1,0 and p = 0.1,0.4,0.35,0.8,0.4,0.6,0.7,0.4,0.9,0.2 (three tied 0.4s)
/// plumb eval --data preds.csv --target y --score p --task binary --metrics accuracy,roc_auc --json
/// {"accuracy":0.7,"roc_auc":0.76}
/// </code>
/// </remarks>
internal static class EvalCommand
{
    /// <summary>Builds the <c>eval</c> command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Predictions file: .csv, .tsv or .parquet (by extension), with a header.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (multilabel: one per label, comma-separated).", Required = true, HelpName = "COL[,COL…]" };
        var score = new Option<string>("--score") { Description = "Score column(s): binary one (probability of class 1), multiclass one per class in order 0…K−1, multilabel one per target, regression the prediction.", Required = true, HelpName = "COL[,COL…]" };
        var task = new Option<string>("--task") { Description = "What the target and score columns hold.", Required = true, HelpName = "binary|multiclass|multilabel|regression|ranking" };
        var metrics = new Option<string>("--metrics") { Description = "Metric specs, comma-separated; arguments in parentheses, e.g. accuracy,roc_auc,fbeta(beta=2).", Required = true, HelpName = "SPEC[,SPEC…]" };
        var average = new Option<string?>("--average") { Description = "How per-class values combine (default: binary → the positive class, else macro; none → one value per class).", HelpName = "micro|macro|weighted|samples|none|binary" };
        var threshold = new Option<double>("--threshold") { Description = "Binary/multilabel decision threshold: predicted positive when score ≥ T.", DefaultValueFactory = _ => 0.5, HelpName = "T" };
        var weight = new Option<string?>("--weight") { Description = "Column of non-negative sample weights.", HelpName = "COL" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {spec: value} instead of a table." };
        var fromLogits = new Option<bool>("--from-logits") { Description = "Scores are logits (sigmoid for binary/multilabel, softmax for multiclass)." };
        var normalize = new Option<bool>("--normalize") { Description = "Multiclass: divide each row of class probabilities by its sum (else rows must sum to 1 for log_loss)." };
        var dropMissing = new Option<bool>("--drop-missing-target") { Description = "Drop rows whose target is empty, null or NaN (their count is stated) instead of refusing the file." };
        var group = new Option<string?>("--group") { Description = "Ranking: the column with each row's query id (rows of a query need not be contiguous).", HelpName = "COL" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (ROC, PR, confusion, calibration… or residuals) to this file.", HelpName = "FILE.html" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --report file." };
        var baselines = new Option<bool>("--baselines") { Description = "Also score the trivial predictors (prior / majority; mean and median) on the same rows, with the skill of each lower-is-better metric." };
        var cmd = new Command("eval", "Compute metrics of saved predictions (CSV, TSV or Parquet) against their targets.")
        {
            data, target, score, task, metrics, average, threshold, weight, json, fromLogits, normalize, dropMissing, group, report, force, baselines,
        };
        var intervals = new EvalIntervals();
        intervals.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var request = new EvalRequest(
                parse.GetValue(data)!, SplitColumns(parse.GetValue(target)!, "--target"), SplitColumns(parse.GetValue(score)!, "--score"),
                ParseTask(parse.GetValue(task)!), SpecSyntax.SplitList(parse.GetValue(metrics)!),
                ParseAverage(parse.GetValue(average)), parse.GetValue(threshold), parse.GetValue(weight),
                parse.GetValue(fromLogits), parse.GetValue(normalize), parse.GetValue(dropMissing));
            var output = parse.InvocationConfiguration.Output;
            var bootstrap = intervals.Parse(parse, request);
            string? reportPath = parse.GetValue(report);
            if (reportPath is not null) OutputFile.Check(reportPath, "--report", parse.GetValue(force));
            bool ranking = request.Task == MetricTask.Ranking;
            if (!ranking && parse.GetValue(group) is not null) throw new UsageException("--group applies to --task ranking only");
            bool withBaselines = parse.GetValue(baselines);
            var evaluation = ranking ? RankingEval.Evaluate(request, parse.GetValue(group), keepRows: reportPath is not null) : Evaluate(request, keepRows: reportPath is not null || withBaselines || bootstrap is not null);
            if (bootstrap is not null)
                evaluation = evaluation with { Intervals = EvalIntervals.Compute(request, evaluation, bootstrap), Bootstrap = bootstrap, Caption = evaluation.Caption + "; " + EvalIntervals.Caption(request, bootstrap) };
            var trivial = withBaselines ? EvalBaselines.Compute(request, evaluation) : null;
            int plots = 0;
            if (reportPath is not null && ranking) plots = RankingEval.WriteReport(request, evaluation, reportPath);
            else if (reportPath is not null) plots = EvalReport.Write(request, evaluation, reportPath);
            if (parse.GetValue(json))
            {
                var results = bootstrap is null ? evaluation.Results : EvalIntervals.JsonResults(request, evaluation.Results, evaluation.Intervals, bootstrap);
                MetricOutput.WriteJson(output, trivial is null ? results : [.. results, new("baselines", trivial)]);
            }
            else MetricOutput.WriteTable(output, bootstrap is null ? evaluation.Results : EvalIntervals.WithIntervals(evaluation.Results, evaluation.Intervals), evaluation.ClassNames, evaluation.Caption, ProgressDisplay.IsInteractive(output));
            if (trivial is not null && !parse.GetValue(json)) EvalBaselines.WriteTable(output, trivial);
            // Where the report went: after the table, or on stderr so that --json output stays one JSON object.
            if (reportPath is not null)
                (parse.GetValue(json) ? parse.InvocationConfiguration.Error : output).WriteLine($"report: {Path.GetFullPath(reportPath)} ({plots} plots)");
            return 0;
        });
        return cmd;
    }

    /// <summary>What <c>plumb eval</c> was asked (options already split and parsed).</summary>
    internal sealed record EvalRequest(
        string Data, IReadOnlyList<string> Targets, IReadOnlyList<string> Scores, MetricTask Task,
        IReadOnlyList<string> Metrics, Average? Average, double Threshold, string? Weight, bool FromLogits, bool Normalize,
        bool DropMissingTarget = false);

    /// <summary>The metric values in spec order, plus labels for the table.</summary>
    internal sealed record Evaluation(IReadOnlyList<KeyValuePair<string, object>> Results, IReadOnlyList<string> ClassNames, string Caption)
    {
        /// <summary>The validated targets (row-major for multilabel).</summary>
        public double[] Target { get; init; } = [];

        /// <summary>The validated scores, row-major with <see cref="Columns"/> per row.</summary>
        public double[] Scores { get; init; } = [];

        /// <summary>Score columns per row.</summary>
        public int Columns { get; init; } = 1;

        /// <summary>Ranking: the query id of each row (else empty).</summary>
        public long[] Groups { get; init; } = [];

        /// <summary>Bootstrap intervals of the single-number metrics (<c>--ci</c>), else empty.</summary>
        public IReadOnlyList<Plumb.Metrics.Statistics.MetricInterval> Intervals { get; init; } = [];

        /// <summary>How the intervals were resampled (<c>--ci</c>), else null.</summary>
        public Plumb.Metrics.Statistics.BootstrapOptions? Bootstrap { get; init; }
    }

    /// <summary>Validates the request and the data, computes every metric.</summary>
    /// <exception cref="UsageException">Any bad input, as one line naming file/row/column/value.</exception>
    /// <param name="r">The request.</param>
    /// <param name="keepRows">Keep every target and score in the result (for the HTML report); else memory is the metric states plus one batch.</param>
    internal static Evaluation Evaluate(EvalRequest r, bool keepRows = false)
    {
        CheckShape(r);
        int k = r.Scores.Count;
        var options = OptionsOf(r);

        // Metrics first: a typo fails before a large file is read.
        if (r.Metrics.Count == 0) throw new UsageException("--metrics: no metric given");
        var metrics = new List<(MetricSpec Spec, IStreamingMetric Metric)>();
        foreach (string text in r.Metrics)
        {
            MetricSpec spec;
            IStreamingMetric metric;
            try
            {
                spec = MetricRegistry.Resolve(text);
                metric = MetricRegistry.Create(spec, options);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or InvalidOperationException)
            {
                throw new UsageException($"--metrics: {UsageException.MessageOf(e)}");
            }
            if (metrics.FirstOrDefault(m => m.Spec.Key == spec.Key).Spec is { } twin)
                throw new UsageException(twin.Text == spec.Text ? $"--metrics: '{text}' is given twice" : $"--metrics: '{twin.Text}' and '{text}' are the same metric ({spec.Key})");
            metrics.Add((spec, metric));
        }

        using var stream = TableStream.Open(r.Data);
        string[] columnsRead = [.. r.Targets, .. r.Scores, .. (r.Weight is null ? Array.Empty<string>() : [r.Weight])];
        stream.Select(columnsRead);

        // Metrics that read probabilities but not logits (log loss, Brier) need scores in [0, 1] (rows summing to 1).
        var probabilityMetric = metrics.FirstOrDefault(m => ReadsProbabilitiesOnly(m.Spec.Descriptor)).Spec;
        var rows = new EvalRows(r, stream,
            probabilitySpec: !r.FromLogits ? probabilityMetric?.Text : null,
            checkSums: r.Task == MetricTask.Multiclass && probabilityMetric is not null,
            needsClasses: metrics.Any(m => m.Spec.Name == "roc_auc"), keepRows, r.DropMissingTarget);
        // Rank-only metrics keep every score: when the file's scores are float32 text, they get them as float32
        // (4 bytes each, same order and ties); if a later cell is not, they are fed again in a second pass.
        var ranking = metrics.Where(m => m.Metric is RocAuc or AveragePrecision).Select(m => m.Metric).ToHashSet();
        // ROC-AUC and average precision of one task keep one copy of the samples, fed once.
        var followers = new HashSet<IStreamingMetric>(ReferenceEqualityComparer.Instance);
        ScoreMetric.ShareStates(metrics.Select(m => m.Metric), followers);
        bool compact = ranking.Count > 0 && r.Task is MetricTask.Binary or MetricTask.Multilabel;
        if (compact) for (int j = 0; j < k; j++) stream.TrackFloat32(r.Targets.Count + j);
        bool fedCompact = false, again = false, reserved = false;
        using (ReadProgress.Start(stream))
            foreach (var columns in stream.Batches())
            {
                if (!reserved && stream.Progress is > 0 and < 1 && stream.RowsRead > 0)
                {
                    // The retained samples of ROC-AUC/AP are sized once from the share of the file read so far.
                    long estimate = (long)(stream.RowsRead / stream.Progress * 1.05) + 1;
                    foreach (var m in ranking) if (m is ScoreMetric sm && !followers.Contains(m)) sm.Reserve(estimate);
                }
                reserved = true;
                var batch = rows.Prepare(columns);
                bool f32 = compact && !again && rows.ScoresAreFloat32(columns);
                if (compact && !f32 && fedCompact && !again)
                {
                    again = true;
                    foreach (var m in ranking) m.Reset();
                }
                foreach (var (spec, metric) in metrics)
                {
                    if (followers.Contains(metric)) continue;
                    if (!ranking.Contains(metric)) Feed(r, spec.Text, metric, batch);
                    else if (f32) { Feed(r, spec.Text, metric, rows.RankBatch()); fedCompact = true; }
                    else if (!again) Feed(r, spec.Text, metric, batch);
                }
            }
        if (again)
        {
            using var second = TableStream.Open(r.Data);
            second.Select(columnsRead);
            var rows2 = new EvalRows(r, second, null, false, false, false, r.DropMissingTarget);
            foreach (var columns in second.Batches())
            {
                var batch = rows2.Prepare(columns);
                foreach (var (spec, metric) in metrics)
                    if (ranking.Contains(metric) && !followers.Contains(metric)) Feed(r, spec.Text, metric, batch);
            }
        }
        rows.Finish();

        var results = new List<KeyValuePair<string, object>>();
        foreach (var (spec, metric) in metrics)
        {
            object value;
            try
            {
                value = metric is IStructuredMetric s ? s.ComputeStructured() : metric.Compute();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException)
            {
                throw new UsageException($"{r.Data}: {spec.Text}: {UsageException.MessageOf(e)}");
            }
            results.Add(new(spec.Key, value));
        }

        IReadOnlyList<string> classNames = r.Task switch
        {
            MetricTask.Multilabel => r.Targets,
            MetricTask.Multiclass => [.. Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture))],
            _ => ["0", "1"],
        };
        string caption = $"{r.Data}: {rows.Rows} rows, {r.Task.ToString().ToLowerInvariant()}"
            + (rows.DroppedMissingTarget > 0 ? $" ({rows.DroppedMissingTarget} rows with a missing target dropped)" : "")
            + (r.Task is MetricTask.Binary or MetricTask.Multilabel ? ", threshold " + r.Threshold.ToString(CultureInfo.InvariantCulture) : "")
            + (r.FromLogits ? ", scores are logits" : "")
            + (r.Normalize ? ", rows normalised" : "")
            + (r.Weight is null ? "" : $", weighted by '{r.Weight}'");
        return new Evaluation(results, classNames, caption) { Target = rows.AllTargets, Scores = rows.AllScores, Columns = k };
    }

    /// <summary>The metric options of a request (task, averaging, threshold, logits, classes).</summary>
    internal static MetricOptions OptionsOf(EvalRequest r) => new()
    {
        Task = r.Task,
        Average = r.Average,
        Threshold = r.Threshold,
        FromLogits = r.FromLogits,
        NumClasses = r.Task is MetricTask.Multiclass or MetricTask.Multilabel ? r.Scores.Count : 0,
    };

    private static void Feed(EvalRequest r, string spec, IStreamingMetric metric, in MetricBatch batch)
    {
        try { metric.Update(batch); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException)
        {
            throw new UsageException($"{r.Data}: {spec}: {UsageException.MessageOf(e)}");
        }
    }

    private static bool ReadsProbabilitiesOnly(MetricDescriptor d) =>
        d.Family is MetricFamily.Score or MetricFamily.Loss && d.Reads.HasFlag(MetricInputs.Probabilities) && !d.Reads.HasFlag(MetricInputs.Logits);

    private static void CheckShape(EvalRequest r)
    {
        int t = r.Targets.Count, s = r.Scores.Count;
        switch (r.Task)
        {
            case MetricTask.Binary when t != 1 || s != 1:
                throw new UsageException($"--task binary takes one --target and one --score column (the probability of class 1), got {t} and {s}");
            case MetricTask.Regression when t != 1 || s != 1:
                throw new UsageException($"--task regression takes one --target and one --score column (the prediction), got {t} and {s}");
            case MetricTask.Multiclass when t != 1 || s < 2:
                throw new UsageException($"--task multiclass takes one --target column and one --score column per class (at least 2, in class order 0…K−1), got {t} and {s}");
            case MetricTask.Multilabel when t != s:
                throw new UsageException($"--task multilabel takes as many --score as --target columns, got {t} targets and {s} scores");
        }
        if (!double.IsFinite(r.Threshold)) throw new UsageException($"--threshold must be a finite number, got {r.Threshold.ToString(CultureInfo.InvariantCulture)}");
        if (r.Task == MetricTask.Regression && r.Average is not null) throw new UsageException("--average does not apply to --task regression");
        if (r.Average == Average.Samples && r.Task != MetricTask.Multilabel) throw new UsageException("--average samples applies to --task multilabel only");
        if (r.Normalize && r.Task != MetricTask.Multiclass) throw new UsageException("--normalize applies to --task multiclass only (rows of class probabilities)");
        if (r.Normalize && r.FromLogits) throw new UsageException("--normalize and --from-logits exclude each other: logits are turned into probabilities by softmax");
    }

    private static IReadOnlyList<string> SplitColumns(string list, string option)
    {
        var cols = list.Split(',', StringSplitOptions.TrimEntries);
        if (cols.Length == 0 || cols.Any(c => c.Length == 0)) throw new UsageException($"{option}: empty column name in '{list}'");
        return cols;
    }

    private static MetricTask ParseTask(string task) => task switch
    {
        "binary" => MetricTask.Binary,
        "multiclass" => MetricTask.Multiclass,
        "multilabel" => MetricTask.Multilabel,
        "regression" => MetricTask.Regression,
        "ranking" => MetricTask.Ranking,
        _ => throw new UsageException($"--task: unknown task '{task}' (expected binary, multiclass, multilabel, regression or ranking)"),
    };

    private static Average? ParseAverage(string? average) => average switch
    {
        null => null,
        "micro" => Average.Micro,
        "macro" => Average.Macro,
        "weighted" => Average.Weighted,
        "samples" => Average.Samples,
        "none" => Average.None,
        "binary" => Average.Binary,
        _ => throw new UsageException($"--average: unknown value '{average}' (expected micro, macro, weighted, samples, none or binary)"),
    };
}
