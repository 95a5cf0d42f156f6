using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Cli.Data;
using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Metrics;
using Plumb.Tabular;
using Plumb.Training;
using Plumb.IO;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb train</c>: an MLP on a table, with per-task defaults; writes the model, history, summary and report.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data: .csv, .tsv or .parquet.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target") { Description = "Target column (several, comma-separated: multilabel).", Required = true, HelpName = "COL" };
        var task = new Option<string>("--task") { Description = "auto|binary|multiclass|multilabel|regression|ranking (ranking needs --group)", DefaultValueFactory = _ => "auto" };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes.", DefaultValueFactory = _ => "64,32", HelpName = "N,N…" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation (relu, gelu, tanh, leaky_relu…).", DefaultValueFactory = _ => "relu" };
        var dropout = new Option<double>("--dropout") { Description = "Dropout after each hidden layer.", DefaultValueFactory = _ => 0 };
        var loss = new Option<string?>("--loss") { Description = "Loss spec (default per task; see 'plumb losses').", HelpName = "SPEC" };
        var metrics = new Option<string?>("--metrics") { Description = "Metric specs, comma-separated (default per task).", HelpName = "SPECS" };
        var monitor = new Option<string?>("--monitor") { Description = "Key that picks the best epoch and drives early stopping, e.g. val_pr_auc.", HelpName = "NAME" };
        var patience = new Option<int?>("--patience") { Description = "Epochs without improvement before stopping (default: from the data, about 300 optimizer steps, 10–30 epochs)." };
        var modelKind = new Option<string>("--model") { Description = "auto: train the network and a linear model (no hidden layer) through the same loop, keep the network only if it beats the linear one on validation; mlp; linear.", DefaultValueFactory = _ => "auto", HelpName = "auto|mlp|linear" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, adamw, sgd, rmsprop (with arguments).", DefaultValueFactory = _ => "adam" };
        var valSplit = new Option<double>("--val-split") { Description = "Validation fraction when no --val-data (stratified for classes).", DefaultValueFactory = _ => 0.2 };
        var valData = new Option<string?>("--val-data") { Description = "Validation file (same columns).", HelpName = "FILE" };
        var testData = new Option<string?>("--test-data") { Description = "Test file, evaluated once at the end.", HelpName = "FILE" };
        var classWeight = new Option<string?>("--class-weight") { Description = "balanced: weight classes by n/(k·count).", HelpName = "balanced" };
        var standardize = new Option<bool>("--standardize") { Description = "Standardise numeric features (fitted on training rows). On by default.", DefaultValueFactory = _ => true };
        var noStandardize = new Option<bool>("--no-standardize") { Description = "Leave numeric features as they are (for features already on one scale)." };
        var noEncode = new Option<bool>("--no-encode") { Description = "Refuse text feature columns instead of encoding them." };
        var dropMissing = new Option<bool>("--drop-missing-target") { Description = "Drop rows whose target is empty or NaN (the count is stated) instead of refusing the file." };
        var badAsMissing = new Option<bool>("--bad-numbers-as-missing") { Description = "In numeric feature columns, read cells that are not finite numbers (1,5 or inf) as missing, counted, instead of refusing them." };
        var maxOneHot = new Option<int>("--max-one-hot") { Description = "Most categories one-hot encoded; text columns with more are frequency encoded.", DefaultValueFactory = _ => Plumb.Data.Preprocessor.DefaultMaxOneHot, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed for split, weights and shuffling.", DefaultValueFactory = _ => 42 };
        var outDir = new Option<string>("--out") { Description = "Output folder, replaced as a whole when the run completes.", DefaultValueFactory = _ => "plumb-out/train", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Replace an --out folder that holds files Plumb did not write." };
        var json = new Option<bool>("--json") { Description = "Print summary.json (one JSON object, with the output folder as \"out\") instead of progress and results." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the line saying where the run was written." };
        var group = RankingTrain.GroupOption();
        var cmd = new Command("train", "Train an MLP on a table: the loss steers, the metrics judge; writes model, history.csv, summary.json and report.html.")
        {
            data, target, task, hidden, activation, dropout, loss, metrics, monitor, patience, modelKind, epochs, batch, lr, optimizer,
            valSplit, valData, testData, classWeight, standardize, noStandardize, noEncode, dropMissing, badAsMissing, maxOneHot, seed, outDir, force, json, quiet, group,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new TabularOptions
            {
                Targets = Targets(parse.GetValue(target)!),
                Task = ParseTask(parse.GetValue(task)!),
                Hidden = ParseHidden(parse.GetValue(hidden)!),
                Activation = parse.GetValue(activation)!,
                Dropout = Check(parse.GetValue(dropout), d => d is >= 0 and < 1, "--dropout must be in [0, 1)"),
                Loss = parse.GetValue(loss),
                Metrics = parse.GetValue(metrics) is { } ms ? SpecSyntax.SplitList(ms) : null,
                Monitor = parse.GetValue(monitor),
                Patience = parse.GetValue(patience) is { } pa ? Check(pa, p => p >= 0, "--patience must be ≥ 0") : null,
                Model = parse.GetValue(modelKind) switch
                {
                    "auto" => TabularModelKind.Auto,
                    "mlp" => TabularModelKind.Mlp,
                    "linear" => TabularModelKind.Linear,
                    var m => throw new UsageException($"--model: '{m}' is not one of auto, mlp, linear"),
                },
                Epochs = Check(parse.GetValue(epochs), e => e >= 1, "--epochs must be ≥ 1"),
                BatchSize = Check(parse.GetValue(batch), b => b is >= 1 and <= TabularLimits.MaxBatchSize, $"--batch-size must be in 1…{TabularLimits.MaxBatchSize}"),
                LearningRate = Check(parse.GetValue(lr), l => l > 0 && double.IsFinite(l), "--lr must be > 0"),
                Optimizer = parse.GetValue(optimizer)!,
                ValidationSplit = Check(parse.GetValue(valSplit), v => v is > 0 and < 1, "--val-split must be in (0, 1)"),
                ClassWeight = parse.GetValue(classWeight) is { } cw ? (cw == "balanced" ? cw : throw new UsageException($"--class-weight: '{cw}' is not 'balanced'")) : null,
                Standardize = parse.GetValue(standardize) && !parse.GetValue(noStandardize),
                EncodeCategoricals = !parse.GetValue(noEncode),
                DropMissingTarget = parse.GetValue(dropMissing),
                BadNumbersAsMissing = parse.GetValue(badAsMissing),
                MaxOneHot = Check(parse.GetValue(maxOneHot), m => m >= 0, "--max-one-hot must be ≥ 0"),
                Seed = parse.GetValue(seed),
                Group = RankingTrain.Group(parse.GetValue(group), parse.GetValue(task)!),
            };
            using var run = new RunFolder(parse.GetValue(outDir)!, parse.GetValue(force));
            var train = Load(parse.GetValue(data)!);
            var val = parse.GetValue(valData) is { } v ? Load(v) : null;
            var test = parse.GetValue(testData) is { } t ? Load(t) : null;
            CheckMemory(train, options);
            // What reading the files left behind (parse buffers, superseded arrays) is returned before training
            // allocates its tensors: the process' peak is the data plus the model, not plus the parser's garbage.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var mode = parse.GetValue(json) ? TrainOutput.Json : parse.GetValue(quiet) ? TrainOutput.Quiet : TrainOutput.Lines;
            return Run(train, val, test, options, run, output, mode);
        });
        return cmd;
    }

    /// <summary>What <c>plumb train</c> prints: progress and results, only where it wrote, or summary.json.</summary>
    internal enum TrainOutput { Lines, Quiet, Json }

    internal static int Run(RawTable train, RawTable? val, RawTable? test, TabularOptions options, RunFolder run, TextWriter output, TrainOutput mode = TrainOutput.Lines)
    {
        TabularResult r;
        try
        {
            int batches = (int)Math.Ceiling(RankingTrain.Items(train, options) * (val is null ? 1 - options.ValidationSplit : 1) / options.BatchSize);
            bool lines = mode == TrainOutput.Lines;
            r = ProgressDisplay.Run(output, lines ? 1 : 0, options.Epochs, batches,
                cb => TabularTrainer.Train(train, val, test, options, cb is null ? [] : [cb], lines ? output.WriteLine : _ => { }));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new UsageException(UsageException.MessageOf(e));
        }
        using var model = r.Model;
        using var compared = r.Compared?.Model;

        string s = run.Begin(output);
        model.Save(Path.Combine(s, TabularModelFile.WeightsFile));
        TabularModelFile.Save(s, r.Spec, r.Preprocessor);
        var summary = Summary(r);
        TrainJudgement.Extend(summary, r);
        AtomicFile.WriteAllText(Path.Combine(s, "summary.json"), JsonSerializer.Serialize(summary, SummaryJson));
        var report = Report(r, train.Source);
        ReportStore.Save(report, s);
        HtmlReport.Write(report, Path.Combine(s, "report.html"));
        run.Commit();

        if (mode == TrainOutput.Json)
        {
            summary["out"] = Path.GetFullPath(run.Final);
            output.WriteLine(JsonSerializer.Serialize(summary, SummaryJson));
            return 0;
        }
        if (mode == TrainOutput.Quiet)
        {
            output.WriteLine($"wrote {run.Final}");
            return 0;
        }
        output.WriteLine($"best epoch by val_loss: {r.BestEpochByValLoss + 1}; by {r.Monitor}: {r.BestEpochByMonitor + 1} (weights restored from it)");
        TrainJudgement.WriteLines(output, r);
        output.WriteLine($"wrote {run.Final}: model.json, plumb-model.json, history.csv, summary.json, report.html");
        return 0;
    }

    private static Dictionary<string, object?> Summary(TabularResult r)
    {
        var h = r.History;
        return new Dictionary<string, object?>
        {
            ["schema_version"] = ReportStore.SchemaVersion,
            ["task"] = r.Spec.Task.ToString().ToLowerInvariant(),
            ["task_reason"] = r.Task.Reason,
            ["classes"] = r.Spec.Classes,
            ["loss"] = r.Loss,
            ["metrics"] = r.Metrics,
            ["monitor"] = r.Monitor,
            ["epochs_run"] = h.Epochs.Count,
            ["best_epoch_by_val_loss"] = r.BestEpochByValLoss + 1,
            ["best_epoch_by_monitor"] = r.BestEpochByMonitor + 1,
            ["val_loss_at_best_val_loss"] = h["val_loss"][r.BestEpochByValLoss],
            ["monitor_at_best_val_loss"] = h[r.Monitor][r.BestEpochByValLoss],
            ["val_loss_at_best_monitor"] = h["val_loss"][r.BestEpochByMonitor],
            ["monitor_at_best_monitor"] = h[r.Monitor][r.BestEpochByMonitor],
            ["validation"] = r.Validation,
            ["test"] = r.Test,
            ["threshold"] = r.Spec.Task == MetricTask.Binary ? r.Spec.Threshold : null,
            ["notes"] = r.Notes,
        };
    }

    private static ReportData Report(TabularResult r, string source)
    {
        var (target, score) = r.TestPredictions ?? r.ValidationPredictions;
        string which = r.TestPredictions is null ? "validation" : "test";
        var data = new ReportData
        {
            Title = $"plumb train {Path.GetFileName(source)}",
            Summary = [.. r.Notes, $"loss {r.Loss} (steers); metrics {string.Join(", ", r.Metrics)} (judge); monitor {r.Monitor}; prediction plots on the {which} rows ({target.Length})."],
            History = r.History.Keys.ToDictionary(k => k, k => r.History[k]),
            BestEpochByValLoss = r.BestEpochByValLoss,
            BestByMonitor = (r.Monitor, r.BestEpochByMonitor),
            PredictionsOf = $"{target.Length} {which} rows",
            Tables = TrainJudgement.Tables(r),
        };
        return r.Spec.Task switch
        {
            MetricTask.Binary => data with { Binary = new BinaryPredictions(target, score, r.Spec.Threshold, which == "test" ? "max F1 on validation" : "max F1 on validation (these rows: optimistic here; the threshold table counts it on rows that did not choose it)") },
            MetricTask.Regression => data with { Regression = (target, score) },
            MetricTask.Multiclass => data with
            {
                Multiclass = (ReportData.Confusion(target, score, r.Spec.Outputs), r.Spec.Classes.ToArray()),
                MulticlassPredictions = (target, score),
            },
            MetricTask.Ranking => RankingTrain.WithRanking(data, r),
            _ => data,
        };
    }

    internal static RawTable Load(string path)
    {
        var table = TableReader.Read(path);
        return new RawTable([.. table.Columns.Select(c => (c.Name, c.ToCells()))], path)
        {
            RowNumbers = [.. Enumerable.Range(0, table.Rows).Select(table.RowNumber)],
        };
    }

    private static IReadOnlyList<string> Split(string s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static IReadOnlyList<string> Targets(string s)
    {
        var names = Split(s);
        if (names.Count == 0) throw new UsageException("--target: no column named");
        var twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new UsageException($"--target: column '{twice.Key}' is named {twice.Count()} times; each target column once");
        return names;
    }

    /// <summary>Refuses sizes whose training would not fit in memory, before anything is allocated.</summary>
    private static void CheckMemory(RawTable train, TabularOptions o)
    {
        long features = Math.Max(1, train.Columns.Count - o.Targets.Count); // a lower bound: one-hot encoding adds more
        double need = TabularLimits.TrainingBytes(features, o.Hidden, o.Targets.Count, Math.Min(o.BatchSize, Math.Max(1, train.Rows)));
        long budget = TabularLimits.MemoryBudget;
        if (need > budget)
            throw new UsageException(Inv($"--hidden {string.Join(",", o.Hidden)} with --batch-size {o.BatchSize} and {features} input columns needs at least {TabularLimits.Gigabytes(need)} to train ({TabularLimits.Parameters(features, o.Hidden, o.Targets.Count)} weights × 16 bytes with Adam, plus activations); the limit is {TabularLimits.Gigabytes(budget)} (half the memory available)"));
    }

    internal static MetricTask? ParseTask(string t) => t switch
    {
        "auto" => null,
        "binary" => MetricTask.Binary,
        "multiclass" => MetricTask.Multiclass,
        "multilabel" => MetricTask.Multilabel,
        "regression" => MetricTask.Regression,
        "ranking" => MetricTask.Ranking,
        _ => throw new UsageException($"--task: '{t}' is not one of auto, binary, multiclass, multilabel, regression, ranking"),
    };

    private static IReadOnlyList<int> ParseHidden(string s)
    {
        var parts = Split(s);
        var sizes = new List<int>();
        foreach (string p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
                throw new UsageException(long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out long big) && big > 0
                    ? $"--hidden: {p} units in one layer, over the limit of {TabularLimits.MaxUnits}"
                    : $"--hidden: '{p}' is not a positive integer");
            if (n > TabularLimits.MaxUnits) throw new UsageException($"--hidden: {n} units in one layer, over the limit of {TabularLimits.MaxUnits}");
            sizes.Add(n);
        }
        if (sizes.Count > TabularLimits.MaxLayers) throw new UsageException($"--hidden: {sizes.Count} layers, over the limit of {TabularLimits.MaxLayers}");
        return sizes;
    }

    private static T Check<T>(T value, Func<T, bool> ok, string message) =>
        ok(value) ? value : throw new UsageException($"{message}, got {Convert.ToString(value, CultureInfo.InvariantCulture)}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

