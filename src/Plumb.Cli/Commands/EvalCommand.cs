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
    private const double SumTolerance = 1e-6;

    /// <summary>Builds the <c>eval</c> command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Predictions file: .csv, .tsv or .parquet (by extension), with a header.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (multilabel: one per label, comma-separated).", Required = true, HelpName = "COL[,COL…]" };
        var score = new Option<string>("--score") { Description = "Score column(s): binary one (probability of class 1), multiclass one per class in order 0…K−1, multilabel one per target, regression the prediction.", Required = true, HelpName = "COL[,COL…]" };
        var task = new Option<string>("--task") { Description = "What the target and score columns hold.", Required = true, HelpName = "binary|multiclass|multilabel|regression" };
        var metrics = new Option<string>("--metrics") { Description = "Metric specs, comma-separated; arguments in parentheses, e.g. accuracy,roc_auc,fbeta(beta=2).", Required = true, HelpName = "SPEC[,SPEC…]" };
        var average = new Option<string?>("--average") { Description = "How per-class values combine (default: binary → the positive class, else macro; none → one value per class).", HelpName = "micro|macro|weighted|samples|none|binary" };
        var threshold = new Option<double>("--threshold") { Description = "Binary/multilabel decision threshold: predicted positive when score ≥ T.", DefaultValueFactory = _ => 0.5, HelpName = "T" };
        var weight = new Option<string?>("--weight") { Description = "Column of non-negative sample weights.", HelpName = "COL" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {spec: value} instead of a table." };
        var fromLogits = new Option<bool>("--from-logits") { Description = "Scores are logits (sigmoid for binary/multilabel, softmax for multiclass)." };
        var normalize = new Option<bool>("--normalize") { Description = "Multiclass: divide each row of class probabilities by its sum (else rows must sum to 1 for log_loss)." };
        var report = new Option<string?>("--report") { Description = "Also write an HTML report (ROC, PR, confusion, calibration… or residuals) to this file.", HelpName = "FILE.html" };
        var cmd = new Command("eval", "Compute metrics of saved predictions (CSV, TSV or Parquet) against their targets.")
        {
            data, target, score, task, metrics, average, threshold, weight, json, fromLogits, normalize, report,
        };
        cmd.SetAction(parse =>
        {
            var request = new EvalRequest(
                parse.GetValue(data)!, SplitColumns(parse.GetValue(target)!, "--target"), SplitColumns(parse.GetValue(score)!, "--score"),
                ParseTask(parse.GetValue(task)!), SpecSyntax.SplitList(parse.GetValue(metrics)!),
                ParseAverage(parse.GetValue(average)), parse.GetValue(threshold), parse.GetValue(weight),
                parse.GetValue(fromLogits), parse.GetValue(normalize));
            var output = parse.InvocationConfiguration.Output;
            string? reportPath = parse.GetValue(report);
            if (reportPath is not null) OutputFolder.EnsureWritable(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
            var evaluation = Evaluate(request);
            int plots = reportPath is null ? 0 : EvalReport.Write(request, evaluation, reportPath);
            if (parse.GetValue(json)) MetricResults.WriteJson(output, evaluation.Results);
            else MetricResults.WriteTable(output, evaluation.Results, evaluation.ClassNames, evaluation.Caption, ProgressDisplay.IsInteractive(output));
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
        IReadOnlyList<string> Metrics, Average? Average, double Threshold, string? Weight, bool FromLogits, bool Normalize);

    /// <summary>The metric values in spec order, plus labels for the table.</summary>
    internal sealed record Evaluation(IReadOnlyList<KeyValuePair<string, object>> Results, IReadOnlyList<string> ClassNames, string Caption)
    {
        /// <summary>The validated targets (row-major for multilabel).</summary>
        public double[] Target { get; init; } = [];

        /// <summary>The validated scores, row-major with <see cref="Columns"/> per row.</summary>
        public double[] Scores { get; init; } = [];

        /// <summary>Score columns per row.</summary>
        public int Columns { get; init; } = 1;
    }

    /// <summary>Validates the request and the data, computes every metric.</summary>
    /// <exception cref="UsageException">Any bad input, as one line naming file/row/column/value.</exception>
    internal static Evaluation Evaluate(EvalRequest r)
    {
        CheckShape(r);
        int k = r.Scores.Count;
        var options = new MetricOptions
        {
            Task = r.Task,
            Average = r.Average,
            Threshold = r.Threshold,
            FromLogits = r.FromLogits,
            NumClasses = r.Task is MetricTask.Multiclass or MetricTask.Multilabel ? k : 0,
        };

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

        var table = TableReader.Read(r.Data);
        var targetCols = table.ColumnsNamed(r.Targets);
        var scoreCols = table.ColumnsNamed(r.Scores);
        var weightCol = r.Weight is null ? null : table.Column(r.Weight);
        int n = table.Rows;

        double[] target = ReadTargets(r.Task, targetCols, k);
        double[] scores = Interleave(scoreCols.Select(c => c.RequireFinite()).ToArray(), n);
        double[] weights = weightCol is null ? [] : ReadWeights(weightCol);

        // Metrics that read probabilities but not logits (log loss, Brier) need scores in [0, 1] (rows summing to 1).
        var probabilityMetric = metrics.FirstOrDefault(m => ReadsProbabilitiesOnly(m.Spec.Descriptor)).Spec;
        if (r.Normalize) NormalizeRows(scores, scoreCols, table);
        else if (probabilityMetric is not null && !r.FromLogits)
            CheckProbabilities(r.Task, scores, scoreCols, table, probabilityMetric.Text, checkSums: r.Task == MetricTask.Multiclass);
        if (metrics.Any(m => m.Spec.Name == "roc_auc")) CheckClassesForAuc(r, target, targetCols, k);

        var batch = new MetricBatch(target, scores, k, weights);
        var results = new List<KeyValuePair<string, object>>();
        foreach (var (spec, metric) in metrics)
        {
            object value;
            try
            {
                metric.Update(batch);
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
        string caption = $"{r.Data}: {n} rows, {r.Task.ToString().ToLowerInvariant()}"
            + (r.Task is MetricTask.Binary or MetricTask.Multilabel ? ", threshold " + r.Threshold.ToString(CultureInfo.InvariantCulture) : "")
            + (r.FromLogits ? ", scores are logits" : "")
            + (r.Normalize ? ", rows normalised" : "")
            + (weightCol is null ? "" : $", weighted by '{weightCol.Name}'");
        return new Evaluation(results, classNames, caption) { Target = target, Scores = scores, Columns = k };
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

    private static double[] ReadTargets(MetricTask task, TableColumn[] cols, int k)
    {
        if (task == MetricTask.Multilabel)
        {
            var perLabel = cols.Select(c => CheckLabels(c, c.RequireFinite(), 2, "a 0/1 label")).ToArray();
            return Interleave(perLabel, cols[0].Count);
        }
        var col = cols[0];
        var values = col.RequireFinite();
        return task switch
        {
            MetricTask.Binary => CheckLabels(col, values, 2, "a binary label (0 or 1)"),
            MetricTask.Multiclass => CheckLabels(col, values, k, $"a class index 0…{k - 1} (one per --score column)"),
            _ => values,
        };
    }

    private static double[] CheckLabels(TableColumn col, double[] values, int classes, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v < 0 || v >= classes || v != Math.Floor(v))
                throw new UsageException($"{col.Where(i)}: target '{col.Raw(i)}' is not {what}");
        }
        return values;
    }

    private static double[] ReadWeights(TableColumn col)
    {
        var w = col.RequireFinite();
        double total = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] < 0) throw new UsageException($"{col.Where(i)}: weight '{col.Raw(i)}' is negative");
            total += w[i];
        }
        if (total == 0) throw new UsageException($"{col.Table.File}: column '{col.Name}': every weight is 0");
        return w;
    }

    private static double[] Interleave(double[][] columns, int n)
    {
        int k = columns.Length;
        if (k == 1) return columns[0];
        var rowMajor = new double[n * k];
        for (int j = 0; j < k; j++)
        {
            var c = columns[j];
            for (int i = 0; i < n; i++) rowMajor[i * k + j] = c[i];
        }
        return rowMajor;
    }

    private static void CheckProbabilities(MetricTask task, double[] scores, TableColumn[] cols, Table table, string spec, bool checkSums)
    {
        int k = cols.Length;
        // Multiclass rows are checked for sums below (non-negative entries summing to 1 are each at most 1).
        double upper = task == MetricTask.Multiclass && checkSums ? double.PositiveInfinity : 1;
        for (int idx = 0; idx < scores.Length; idx++)
        {
            double p = scores[idx];
            if (p < 0 || p > upper)
            {
                var c = cols[idx % k];
                int i = idx / k;
                throw new UsageException($"{c.Where(i)}: score '{c.Raw(i)}' is not a probability in [0, 1], which {spec} needs (use --from-logits for raw scores)");
            }
        }
        if (!checkSums || task != MetricTask.Multiclass) return;
        int n = scores.Length / k;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += scores[i * k + j];
            if (Math.Abs(sum - 1) > SumTolerance)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{table.File}: row {table.RowNumber(i)}, columns {string.Join(", ", cols.Select(c => c.Name))}: probabilities sum to {sum:G10}, not 1 (use --normalize to rescale each row, or --from-logits for raw scores)"));
        }
    }

    private static void NormalizeRows(double[] scores, TableColumn[] cols, Table table)
    {
        int k = cols.Length, n = scores.Length / k;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                double p = scores[i * k + j];
                if (p < 0) throw new UsageException($"{cols[j].Where(i)}: score '{cols[j].Raw(i)}' is negative; --normalize rescales non-negative probabilities");
                sum += p;
            }
            if (sum == 0) throw new UsageException($"{table.File}: row {table.RowNumber(i)}, columns {string.Join(", ", cols.Select(c => c.Name))}: every score is 0, the row cannot be normalised");
            for (int j = 0; j < k; j++) scores[i * k + j] /= sum;
        }
    }

    private static void CheckClassesForAuc(EvalRequest r, double[] target, TableColumn[] targetCols, int k)
    {
        switch (r.Task)
        {
            case MetricTask.Binary:
                RequireBothClasses(target, 0, 1, targetCols[0], "roc_auc");
                break;
            case MetricTask.Multilabel when r.Average == Average.Micro:
                RequireBothClasses(target, 0, 1, null, "roc_auc (micro)", string.Join(", ", targetCols.Select(c => c.Name)));
                break;
            case MetricTask.Multilabel:
                for (int j = 0; j < k; j++) RequireBothClasses(target, j, k, targetCols[j], "roc_auc");
                break;
            case MetricTask.Multiclass:
                var seen = new bool[k];
                foreach (double t in target) seen[(int)t] = true;
                int missing = Array.IndexOf(seen, false);
                if (missing >= 0)
                    throw new UsageException($"{r.Data}: column '{targetCols[0].Name}' has no row of class {missing}; multiclass roc_auc needs every class 0…{k - 1} present");
                break;
        }
    }

    private static void RequireBothClasses(double[] target, int start, int stride, TableColumn? col, string metric, string? names = null)
    {
        bool pos = false, neg = false;
        for (int i = start; i < target.Length && !(pos && neg); i += stride)
            if (target[i] == 1) pos = true; else neg = true;
        if (pos && neg) return;
        string where = col is null ? $"columns {names}" : $"{col.Table.File}: column '{col.Name}'";
        throw new UsageException($"{where}: only class {(pos ? 1 : 0)} is present; {metric} is undefined with one class");
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
        _ => throw new UsageException($"--task: unknown task '{task}' (expected binary, multiclass, multilabel or regression)"),
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
