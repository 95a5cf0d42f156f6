using System.Globalization;
using Plumb.Advice;
using Plumb.Data;
using Plumb.Layers;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tabular;

/// <summary>A table as named columns of raw cells (all rows of one column, as read from the file).</summary>
/// <remarks>Numeric columns may keep numbers instead of strings (<see cref="CellColumn.FromNumbers"/>); their cells read as the same text.</remarks>
public sealed record RawTable(IReadOnlyList<(string Name, CellColumn Cells)> Columns, string Source)
{
    /// <summary>Number of rows.</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns[0].Cells.Length;

    /// <summary>The cells of one column.</summary>
    public CellColumn this[string name] => Columns.First(c => c.Name == name).Cells;

    /// <summary>Row numbers as the user sees them in the file (null: 1-based data rows).</summary>
    public IReadOnlyList<int>? RowNumbers { get; init; }

    /// <summary>The file row number of row <paramref name="index"/>, for messages.</summary>
    public int RowNumber(int index) => RowNumbers is { } r ? r[index] : index + 1;

    /// <summary>Keeps only the given rows (their file row numbers travel with them); the columns are views, nothing is copied.</summary>
    public RawTable Take(IReadOnlyList<int> rows)
    {
        int[] list = [.. rows];
        var shared = new Dictionary<object, int[]>(ReferenceEqualityComparer.Instance);
        return this with
        {
            Columns = Columns.Select(c => (c.Name, c.Cells.Take(list, shared))).ToList(),
            RowNumbers = list.Select(RowNumber).ToArray(),
        };
    }
}

/// <summary>What to train: every option has the default a practitioner would pick for the detected task.</summary>
public sealed record TabularOptions
{
    /// <summary>Target columns (several = multilabel).</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Task; null = detect from the target.</summary>
    public MetricTask? Task { get; init; }
    /// <summary>Hidden layer sizes.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 32];
    /// <summary>Hidden activation.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>Dropout after each hidden layer (0 = none).</summary>
    public double Dropout { get; init; }
    /// <summary>Loss spec; null = the task's default.</summary>
    public string? Loss { get; init; }
    /// <summary>Metric specs; null = the task's defaults.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    /// <summary>Monitored key for early stopping and the best epoch; null = the task's default.</summary>
    public string? Monitor { get; init; }
    /// <summary>Early-stopping patience in epochs; null = from the data (<see cref="Advisor"/>: about 300 optimizer steps, 10–30 epochs).</summary>
    public int? Patience { get; init; }
    /// <summary>Which model to keep: the network, the linear baseline, or (auto) the better of the two on validation.</summary>
    public TabularModelKind Model { get; init; } = TabularModelKind.Auto;
    /// <summary>Maximum epochs.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Optimizer spec.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>Validation fraction when no validation table is given (stratified for classification).</summary>
    public double ValidationSplit { get; init; } = 0.2;
    /// <summary><c>balanced</c> or null.</summary>
    public string? ClassWeight { get; init; }
    /// <summary>Standardise numeric features (fitted on training rows only).</summary>
    public bool Standardize { get; init; } = true;
    /// <summary>One-hot encode text feature columns (false: refuse them).</summary>
    public bool EncodeCategoricals { get; init; } = true;
    /// <summary>Drop rows whose target is missing (stated in the notes) instead of refusing them (<see cref="TargetCells"/>).</summary>
    public bool DropMissingTarget { get; init; }
    /// <summary>In numeric feature columns, read cells that are not finite numbers as missing (counted) instead of refusing them.</summary>
    public bool BadNumbersAsMissing { get; init; }
    /// <summary>Most categories one-hot encoded; text columns with more are frequency encoded (<see cref="Data.Preprocessor"/>).</summary>
    public int MaxOneHot { get; init; } = Data.Preprocessor.DefaultMaxOneHot;
    /// <summary>Seed for split, initial weights and shuffling.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Ranking: the column with each row's query id (<see cref="RankingTrainer"/>).</summary>
    public string? Group { get; init; }
}

/// <summary>Everything a training run produced, for the CLI to save and report.</summary>
public sealed record TabularResult
{
    /// <summary>The trained model (best weights by the monitor).</summary>
    public required Model Model { get; init; }
    /// <summary>Feature preprocessing, fitted on the training rows.</summary>
    public required Preprocessor Preprocessor { get; init; }
    /// <summary>The task and why.</summary>
    public required DetectedTask Task { get; init; }
    /// <summary>Architecture and target encoding, enough to rebuild the network for prediction.</summary>
    public required TabularModelSpec Spec { get; init; }
    /// <summary>Loss spec used.</summary>
    public required string Loss { get; init; }
    /// <summary>Metric specs used.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }
    /// <summary>Monitored key.</summary>
    public required string Monitor { get; init; }
    /// <summary>Per-epoch history.</summary>
    public required History History { get; init; }
    /// <summary>Best epoch by val_loss (0-based).</summary>
    public required int BestEpochByValLoss { get; init; }
    /// <summary>Best epoch by the monitor (0-based).</summary>
    public required int BestEpochByMonitor { get; init; }
    /// <summary>Validation loss and metrics of the restored (best-by-monitor) weights.</summary>
    public required IReadOnlyDictionary<string, double> Validation { get; init; }
    /// <summary>Test loss and metrics, when a test table was given.</summary>
    public IReadOnlyDictionary<string, double>? Test { get; init; }
    /// <summary>Validation targets (encoded) and scores (row-major, <see cref="TabularModelSpec.Outputs"/> per row).</summary>
    public required (double[] Target, double[] Score) ValidationPredictions { get; init; }
    /// <summary>Test targets and scores.</summary>
    public (double[] Target, double[] Score)? TestPredictions { get; init; }
    /// <summary>Lines worth telling the user (task, encoding, missing values, defaults chosen).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>Ranking: the query number (0, 1, … in order of first appearance) of each validation row.</summary>
    public long[]? ValidationGroups { get; init; }
    /// <summary>Ranking: the query number of each test row.</summary>
    public long[]? TestGroups { get; init; }
    /// <summary>The advice the defaults came from (<see cref="Advisor"/>); null for ranking, whose defaults are
    /// <see cref="RankingTrainer"/>'s.</summary>
    public TrainingAdvice? Advice { get; init; }
    /// <summary>The key that broke ties of the monitor (null when the monitor is val_loss).</summary>
    public string? TieBreak { get; init; }
    /// <summary>Early-stopping patience used.</summary>
    public required int Patience { get; init; }
    /// <summary>What was asked for (--model).</summary>
    public TabularModelKind ModelChoice { get; init; }
    /// <summary>The model kept: <c>mlp</c> or <c>linear</c>.</summary>
    public required string KeptModel { get; init; }
    /// <summary>The other model trained through the same loop (the linear baseline, or the network when auto kept the linear model); null with --model linear.</summary>
    public ComparedModel? Compared { get; init; }
    /// <summary>Whether the network beat the linear baseline on the monitor (validation); null with --model linear.</summary>
    public bool? NetworkBeatsLinear { get; init; }
    /// <summary>Trivial predictors on the validation rows.</summary>
    public required IReadOnlyList<BaselineScore> ValidationBaselines { get; init; }
    /// <summary>Trivial predictors on the test rows.</summary>
    public IReadOnlyList<BaselineScore>? TestBaselines { get; init; }
    /// <summary>Binary: the threshold's counts on rows that did not choose it (null: not binary, or too few rows).</summary>
    public ThresholdReport? ThresholdReport { get; init; }
    /// <summary>Which rows each number comes from.</summary>
    public required DataRows Rows { get; init; }
}

/// <summary>Which model <c>plumb train</c> keeps.</summary>
public enum TabularModelKind
{
    /// <summary>Train the network and the linear baseline; keep the network only when it beats the linear model on the monitor (validation).</summary>
    Auto,
    /// <summary>Keep the network (the linear baseline is still trained and reported).</summary>
    Mlp,
    /// <summary>Train and keep a linear model only (no hidden layer).</summary>
    Linear,
}

/// <summary>The model that was not kept, trained through the same loop and data: the linear baseline (or the network, when the linear model was kept).</summary>
/// <param name="Kind"><c>linear</c> or <c>mlp</c>.</param>
/// <param name="History">Its per-epoch history.</param>
/// <param name="BestEpoch">Its best epoch by the monitor (0-based), whose weights it was evaluated with.</param>
/// <param name="Validation">Its validation loss and metrics.</param>
/// <param name="Test">Its test loss and metrics, when a test table was given.</param>
/// <param name="Model">The model (disposed with the result's owner).</param>
public sealed record ComparedModel(string Kind, History History, int BestEpoch, IReadOnlyDictionary<string, double> Validation,
    IReadOnlyDictionary<string, double>? Test, Model Model);

/// <summary>A binary decision threshold, where it was tuned and its counts on rows that did not choose it.</summary>
/// <param name="Threshold">The threshold saved with the model.</param>
/// <param name="TunedOn">The rows that chose it, e.g. "validation (30 rows)".</param>
/// <param name="ReportedOn">The rows its counts come from: the test rows, or validation cross-fitted.</param>
/// <param name="Counts">TP, FP, TN, FN there (precision, recall, F1, accuracy).</param>
public sealed record ThresholdReport(double Threshold, string TunedOn, string ReportedOn, ThresholdPoint Counts);

/// <summary>Rows and sources of each data set of a run.</summary>
/// <param name="Train">Training rows (after the split).</param>
/// <param name="TrainSource">Training file.</param>
/// <param name="Validation">Validation rows.</param>
/// <param name="ValidationSource">The validation file, or how the rows were held out of the training file.</param>
/// <param name="Test">Test rows, or null.</param>
/// <param name="TestSource">Test file, or null.</param>
public sealed record DataRows(int Train, string TrainSource, int Validation, string ValidationSource, int? Test, string? TestSource);

/// <summary>What <c>plumb predict</c> needs to rebuild the network and decode its outputs.</summary>
public sealed record TabularModelSpec
{
    /// <summary>Task name (binary, multiclass, multilabel, regression).</summary>
    public required MetricTask Task { get; init; }
    /// <summary>Target column names.</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Class names in index order (binary: negative, positive), or label names for multilabel.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>Input features after preprocessing.</summary>
    public required int Features { get; init; }
    /// <summary>Output units.</summary>
    public required int Outputs { get; init; }
    /// <summary>Hidden sizes.</summary>
    public required IReadOnlyList<int> Hidden { get; init; }
    /// <summary>Hidden activation.</summary>
    public required string Activation { get; init; }
    /// <summary>Dropout rate.</summary>
    public double Dropout { get; init; }
    /// <summary>Output activation.</summary>
    public required string OutputActivation { get; init; }
    /// <summary>Regression: target mean and std the output is scaled by.</summary>
    public double TargetMean { get; init; }
    /// <summary>Regression: target std.</summary>
    public double TargetStd { get; init; } = 1;
    /// <summary>Binary decision threshold chosen on validation (max F1); 0.5 otherwise.</summary>
    public double Threshold { get; set; } = 0.5;
    /// <summary>Ranking: the query id column (not a feature; <c>plumb predict</c> passes it through).</summary>
    public string? Group { get; init; }

    /// <summary>Builds the (untrained) network this spec describes.</summary>
    public TorchSharp.torch.nn.Module<Tensor, Tensor> Build()
    {
        var net = new Sequential(Features);
        foreach (int h in Hidden)
        {
            net.Dense(h, Activation);
            if (Dropout > 0) net.Dropout(Dropout);
        }
        net.Dense(Outputs, OutputActivation);
        return Task == MetricTask.Regression ? new ScaledOutput(net, TargetMean, TargetStd) : net;
    }
}

/// <summary>
/// Trains an MLP on a table with the defaults a practitioner expects per task — the loss steers, the metrics
/// judge, early stopping watches the monitor and restores its best weights — beside a linear model and the trivial
/// predictors, so that every number has something to be compared with.
/// </summary>
/// <remarks>
/// <para>The defaults come from <see cref="Advisor"/> (the same advice <c>plumb advise</c> prints): binary →
/// sigmoid, <c>binary_crossentropy</c>, accuracy, precision, recall, f1, roc_auc, pr_auc, judged by pr_auc under
/// 10 % positives (else roc_auc); multiclass → softmax, <c>sparse_categorical_crossentropy</c>, accuracy,
/// balanced_accuracy, f1 (judge); multilabel → sigmoid, <c>binary_crossentropy</c>, f1 (judge), hamming_loss;
/// regression → linear output on a standardised scale, <c>mse</c> (<c>huber</c> when the target has outliers), mae
/// (judge), rmse, r2. The monitor is <c>val_</c> + the judge with ties broken by <c>val_loss</c>, or <c>val_loss</c>
/// when one validation row moves the judge by more than 0.01; patience is about 300 optimizer steps (10–30 epochs).
/// Ranking (<see cref="TabularOptions.Group"/>) → <see cref="RankingTrainer"/>.</para>
/// <para>A linear model (no hidden layer) goes through the same loop, loss, monitor, patience and seed; with
/// <see cref="TabularModelKind.Auto"/> the network is kept only when it beats it on the monitor. The binary threshold
/// is tuned for F1 on validation and counted on other rows (test, or validation cross-fitted).</para>
/// </remarks>
public static class TabularTrainer
{
    /// <summary>Trains on <paramref name="train"/>, validating on <paramref name="validation"/> or a split of train.</summary>
    /// <exception cref="FormatException">Bad data (names the column, row and value).</exception>
    /// <exception cref="ArgumentException">Bad options (loss, metrics, monitor).</exception>
    /// <param name="train">Training rows (and the validation split when <paramref name="validation"/> is null).</param>
    /// <param name="validation">Validation rows, or null to split.</param>
    /// <param name="test">Test rows evaluated once at the end, or null.</param>
    /// <param name="o">Options.</param>
    /// <param name="callbacks">Extra callbacks (progress display…).</param>
    /// <param name="log">Receives each note (task, encoding, defaults) as soon as it is known.</param>
    public static TabularResult Train(RawTable train, RawTable? validation, RawTable? test, TabularOptions o, IEnumerable<Callback>? callbacks = null, Action<string>? log = null)
    {
        if (o.Task == MetricTask.Ranking) return RankingTrainer.Train(train, validation, test, o, callbacks, log);
        foreach (string t in o.Targets)
            if (!train.Columns.Any(c => c.Name == t))
                throw new FormatException($"{train.Source}: no target column '{t}' (available: {string.Join(", ", train.Columns.Select(c => c.Name))})");
        var notes = new NoteList(log);
        train = TargetCells.Apply(train, o.Targets, o.DropMissingTarget, notes.Add);
        if (validation is not null) validation = TargetCells.Apply(validation, o.Targets, o.DropMissingTarget, notes.Add);
        if (test is not null) test = TargetCells.Apply(test, o.Targets, o.DropMissingTarget, notes.Add);
        DetectedTask detected = Advisor.DetectTask(train, o.Targets, o.Task);
        notes.Add($"task: {detected.Task.ToString().ToLowerInvariant()} ({detected.Reason})");
        // The profile reads every training row (before the split): class balance, conflicting duplicates, target shape.
        DataProfile profile = Advisor.Profile(train, o.Targets, detected);
        string validationFrom = validation is null ? "" : $"{validation.Source}";

        // Split before fitting anything, so preprocessing sees training rows only.
        if (validation is null)
        {
            CheckSplittable(train, o, detected);
            var (tr, va) = SplitRows(train, o, detected);
            if (va.Length < 2)
                throw new FormatException($"{train.Source}: --val-split {o.ValidationSplit.ToString(System.Globalization.CultureInfo.InvariantCulture)} of {train.Rows} rows leaves {va.Length} validation row(s); metrics need at least 2 — add rows, raise --val-split or pass --val-data");
            (train, validation) = (train.Take(tr), train.Take(va));
            validationFrom = $"held out of {train.Source} ({o.ValidationSplit:P0}{(detected.Task is MetricTask.Binary or MetricTask.Multiclass ? ", stratified" : "")}, seed {o.Seed})";
            notes.Add($"validation: {validation.Rows} rows held out of {train.Rows + validation.Rows} ({o.ValidationSplit:P0}{(detected.Task is MetricTask.Binary or MetricTask.Multiclass ? ", stratified" : "")}, seed {o.Seed})");
        }
        var advice = Advisor.Advise(profile, new AdviceContext { ValidationRows = validation.Rows, TrainRows = train.Rows, BatchSize = o.BatchSize });

        var featureCols = train.Columns.Where(c => !o.Targets.Contains(c.Name)).ToList();
        if (featureCols.Count == 0) throw new FormatException($"{train.Source}: no feature columns besides the target");
        Preprocessor pre;
        try { pre = Preprocessor.Fit(featureCols, o.Standardize, o.EncodeCategoricals, notes.Add, train.RowNumber, o.BadNumbersAsMissing, o.MaxOneHot); }
        catch (FormatException e) { throw new FormatException($"{train.Source}: {e.Message}", e); }

        // Features are encoded straight into the tensor's memory (float32, row-major): never held twice.
        Tensor EncodeTensor(RawTable t)
        {
            try { return pre.TransformToTensor([.. t.Columns.Where(c => !o.Targets.Contains(c.Name))], t.RowNumber); }
            catch (FormatException e) { throw new FormatException($"{t.Source}: {e.Message}", e); }
        }
        var yTrain = EncodeTarget(train, detected, o.Targets);
        var yVal = EncodeTarget(validation, detected, o.Targets);
        int outputs = detected.Task switch { MetricTask.Multiclass => detected.Classes.Count, MetricTask.Multilabel => o.Targets.Count, _ => 1 };

        // Defaults from the advice (one implementation with 'plumb advise').
        string outAct = advice.OutputActivation.Value;
        string loss = o.Loss ?? advice.Loss.Value;
        if (o.Loss is null && detected.Task == MetricTask.Regression && loss != "mse") notes.Add($"loss: {loss} ({advice.Pitfalls.FirstOrDefault(p => p.Id == "outliers")?.Message ?? "the target has outliers"})");
        IReadOnlyList<string> metrics = o.Metrics ?? [.. advice.Metrics.Select(m => m.Value)];
        // Each spec is resolved once; keys are the canonical ones (auc → roc_auc), and the monitor resolves the same way.
        var specs = new List<MetricSpec>();
        foreach (string m in metrics)
        {
            try { specs.Add(MetricRegistry.Resolve(m)); }
            catch (ArgumentException e) { throw new ArgumentException($"--metrics: {e.Message}", e); }
        }
        var judge = MetricRegistry.Resolve(advice.Judge.Value);
        bool monitorJudge = advice.Monitor.Value != "val_loss";
        var keys = LogKey.Expand(specs.Select(s => s.Key));
        if (LogKey.Resolve("val_" + judge.Key, keys) is null)
        {
            // The metric that judges this task is computed even when --metrics left it out, and the notes say so.
            specs.Add(judge);
            metrics = [.. metrics, advice.Judge.Value];
            keys = LogKey.Expand(specs.Select(s => s.Key));
            notes.Add(monitorJudge && o.Monitor is null
                ? $"metrics: {advice.Judge.Value} added (the default monitor for this task; pass --monitor to choose another)"
                : $"metrics: {advice.Judge.Value} added (the metric that judges this task)");
        }
        string monitor = LogKey.Resolve(o.Monitor ?? advice.Monitor.Value, keys)
            ?? throw new ArgumentException($"--monitor '{o.Monitor}' is not computed; available: {string.Join(", ", keys)}");
        string? tieBreak = monitor == "val_loss" ? null : "val_loss";
        int patience = o.Patience ?? advice.Patience.Epochs;
        if (detected.Task == MetricTask.Binary)
            notes.Add(Inv($"judge: {judge.Key} (minority class {profile.MinorityFraction:P2} of training rows{(profile.MinorityFraction < 0.1 ? " < 10 %: PR-AUC judges" : "")})"));
        if (o.Monitor is null)
            notes.Add(monitorJudge
                ? $"monitor: {monitor}, ties broken by val_loss (training stops when both stall)"
                : $"monitor: val_loss ({advice.Pitfalls.First(p => p.Id == "coarse_validation_metric").Message})");
        else if (tieBreak is not null)
            notes.Add($"monitor: {monitor} (--monitor), ties broken by val_loss");
        if (o.Patience is null) notes.Add($"patience: {patience} epochs ({advice.Patience.Reason})");

        double tMean = 0, tStd = 1;
        if (detected.Task == MetricTask.Regression)
        {
            tMean = yTrain.Average();
            tStd = Math.Sqrt(yTrain.Select(v => (v - tMean) * (v - tMean)).Average());
            if (!(tStd > 0)) tStd = 1;
        }
        var spec = new TabularModelSpec
        {
            Task = detected.Task, Targets = o.Targets, Classes = detected.Classes, Features = pre.FeatureNames.Count, Outputs = outputs,
            Hidden = o.Model == TabularModelKind.Linear ? [] : o.Hidden, Activation = o.Activation, Dropout = o.Model == TabularModelKind.Linear ? 0 : o.Dropout,
            OutputActivation = outAct, TargetMean = tMean, TargetStd = tStd,
        };

        int nVa = validation.Rows;
        using var x = EncodeTensor(train);
        using var xv = EncodeTensor(validation);
        using var y = TargetTensor(yTrain, detected.Task, outputs);
        using var yv = TargetTensor(yVal, detected.Task, outputs);
        ClassWeight? cw = o.ClassWeight is null ? null : (ClassWeight)o.ClassWeight;

        Fitted FitOne(TabularModelSpec s, IEnumerable<Callback> extra)
        {
            manual_seed(o.Seed);
            var model = new Model(s.Build());
            model.Compile(o.Optimizer, o.LearningRate, loss, [.. metrics.Select(m => (MetricRef)m)]);
            using var stop = new EarlyStopping(monitor, patience: patience, restoreBestWeights: true, tieBreak: tieBreak);
            var history = model.Fit(x, y, o.Epochs, o.BatchSize, (xv, yv), shuffle: true, seed: o.Seed, callbacks: [.. extra, stop], classWeight: cw, verbose: 0);
            int best = stop.BestEpoch >= 0 ? stop.BestEpoch : history.BestEpoch(monitor, model.DirectionOf(monitor) == MetricDirection.LowerIsBetter);
            return new Fitted(model, s, history, best, model.Evaluate(xv, yv));
        }

        var first = FitOne(spec, callbacks ?? []);
        Fitted? linear = null;
        Fitted chosen = first;
        bool? networkBeatsLinear = null;
        if (o.Model != TabularModelKind.Linear)
        {
            // The linear baseline: no hidden layer, the same loop, loss, monitor, patience and seed.
            linear = FitOne(spec with { Hidden = [], Dropout = 0 }, []);
            string key = monitor == "val_loss" ? "loss" : monitor[4..];
            bool lower = first.Model.DirectionOf(monitor) == MetricDirection.LowerIsBetter;
            double net = first.Validation[key], lin = linear.Validation[key];
            bool netBetter = lower ? net < lin : net > lin;
            networkBeatsLinear = netBetter;
            string compare = Inv($"{monitor} {net:0.####} (network) vs {lin:0.####} (linear) on {nVa} validation rows");
            if (!netBetter && o.Model == TabularModelKind.Auto)
            {
                chosen = linear;
                linear = first;
                notes.Add($"model: the network does not beat the linear baseline ({compare}); --model auto keeps the linear model");
            }
            else if (!netBetter)
                notes.Add($"model: the network does not beat the linear baseline ({compare}); kept the network (--model mlp)");
            else
                notes.Add($"model: the network beats the linear baseline ({compare})");
        }
        else notes.Add("model: linear (--model linear: no hidden layer)");

        var kept = chosen.Model;
        var keptSpec = chosen.Spec;
        var valEval = chosen.Validation;
        var valScores = Scores(kept, xv);
        ThresholdReport? thresholdReport = null;
        if (detected.Task == MetricTask.Binary)
            keptSpec.Threshold = ThresholdSelection.Optimize("f1", yVal, valScores).Threshold;

        IReadOnlyDictionary<string, double>? testEval = null, linearTest = null;
        (double[], double[])? testPred = null;
        double[]? yTest = null;
        if (test is not null)
        {
            yTest = EncodeTarget(test, detected, o.Targets);
            using var xt = EncodeTensor(test);
            using var yt = TargetTensor(yTest, detected.Task, outputs);
            testEval = kept.Evaluate(xt, yt);
            testPred = (yTest, Scores(kept, xt));
            if (linear is not null) linearTest = linear.Model.Evaluate(xt, yt);
        }
        if (detected.Task == MetricTask.Binary)
        {
            if (testPred is { } tp)
            {
                var at = ThresholdSelection.At(keptSpec.Threshold, tp.Item1, tp.Item2);
                thresholdReport = new ThresholdReport(keptSpec.Threshold, $"validation ({nVa} rows)", $"test ({tp.Item1.Length} rows)", at);
            }
            else if (CrossFittedThreshold.Evaluate("f1", yVal, valScores, o.Seed) is { } cf)
                thresholdReport = new ThresholdReport(keptSpec.Threshold, $"validation ({nVa} rows)",
                    $"validation, cross-fitted ({cf.RowsA} + {cf.RowsB} rows: tuned on one half, counted on the other)", cf.Pooled);
            notes.Add(thresholdReport is null
                ? Inv($"threshold {keptSpec.Threshold:0.####}: max F1 on all {nVa} validation rows; too few positives or negatives to measure it on other rows")
                : Inv($"threshold {keptSpec.Threshold:0.####}: max F1 on {thresholdReport.TunedOn}; its F1 {thresholdReport.Counts.F1:0.####} is measured on {thresholdReport.ReportedOn}"));
        }

        // Trivial predictors fitted on the training targets, judged on the same rows by the same metrics.
        var baselines = Baselines.Fit(detected.Task, yTrain, detected.Task is MetricTask.Multiclass or MetricTask.Multilabel ? outputs : 1);
        var options = new MetricOptions { Task = detected.Task, NumClasses = detected.Task is MetricTask.Multiclass or MetricTask.Multilabel ? outputs : 0 };
        MetricSpec? lossSpec = MetricRegistry.TryResolve(loss, out var ls) ? ls : null;
        var valBaselines = baselines.Evaluate(yVal, specs, options, lossSpec);
        var testBaselines = yTest is null ? null : baselines.Evaluate(yTest, specs, options, lossSpec);

        return new TabularResult
        {
            Model = kept, Preprocessor = pre, Task = detected, Spec = keptSpec, Loss = loss, Metrics = metrics, Monitor = monitor,
            History = chosen.History, BestEpochByValLoss = chosen.History.BestEpoch("val_loss", lowerIsBetter: true), BestEpochByMonitor = chosen.BestEpoch,
            Validation = valEval, Test = testEval, ValidationPredictions = (yVal, valScores), TestPredictions = testPred, Notes = notes,
            Advice = advice, TieBreak = tieBreak, NetworkBeatsLinear = networkBeatsLinear, Patience = patience, ModelChoice = o.Model,
            KeptModel = keptSpec.Hidden.Count == 0 ? "linear" : "mlp",
            Compared = linear is null ? null : new ComparedModel(linear.Spec.Hidden.Count == 0 ? "linear" : "mlp", linear.History, linear.BestEpoch, linear.Validation, linearTest, linear.Model),
            ValidationBaselines = valBaselines, TestBaselines = testBaselines, ThresholdReport = thresholdReport,
            Rows = new DataRows(train.Rows, train.Source, nVa, validationFrom, yTest is null ? null : test!.Rows, test?.Source),
        };
    }

    private sealed record Fitted(Model Model, TabularModelSpec Spec, History History, int BestEpoch, IReadOnlyDictionary<string, double> Validation);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed class NoteList(Action<string>? log) : List<string>
    {
        public new void Add(string note)
        {
            base.Add(note);
            log?.Invoke(note);
        }
    }

    /// <summary>Encodes target cells: binary 0/1 by class order, multiclass class index, multilabel 0/1 row-major, regression value.</summary>
    public static double[] EncodeTarget(RawTable t, DetectedTask task, IReadOnlyList<string> targets)
    {
        foreach (string name in targets)
            if (!t.Columns.Any(c => c.Name == name)) throw new FormatException($"{t.Source}: no target column '{name}'");
        if (task.Task == MetricTask.Multilabel)
        {
            var cols = targets.Select(n => t[n]).ToArray();
            var y = new double[t.Rows * cols.Length];
            for (int i = 0; i < t.Rows; i++)
                for (int j = 0; j < cols.Length; j++)
                    y[i * cols.Length + j] = cols[j][i].Trim() switch
                    {
                        "0" => 0, "1" => 1,
                        var v => throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{targets[j]}': '{v}' is not 0 or 1"),
                    };
            return y;
        }
        var cells = t[targets[0]];
        var result = new double[cells.Length];
        if (task.Task == MetricTask.Regression)
        {
            for (int i = 0; i < cells.Length; i++)
                if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                    throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{targets[0]}': '{cells[i]}' is not a number");
            return result;
        }
        var index = task.Classes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
        for (int i = 0; i < cells.Length; i++)
            result[i] = index.TryGetValue(cells[i].Trim(), out int k) ? k
                : throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{targets[0]}': '{cells[i]}' is not one of the training classes ({string.Join(", ", task.Classes)})");
        return result;
    }

    /// <summary>Model outputs as a row-major double array.</summary>
    public static double[] Scores(Model model, Tensor x)
    {
        using var p = model.Predict(x);
        return p.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    private static Tensor TargetTensor(double[] y, MetricTask task, int outputs) => task switch
    {
        MetricTask.Multiclass => tensor(y.Select(v => (long)v).ToArray()),
        MetricTask.Multilabel => tensor(y.Select(v => (float)v).ToArray(), [y.Length / outputs, outputs]),
        _ => tensor(y.Select(v => (float)v).ToArray(), [y.Length, 1]),
    };

    /// <summary>Refuses a stratified split that would leave a class out of training or validation.</summary>
    private static void CheckSplittable(RawTable t, TabularOptions o, DetectedTask task)
    {
        if (task.Task is MetricTask.Binary or MetricTask.Multiclass)
        {
            var small = Enumerable.Range(0, t.Rows).GroupBy(i => t[o.Targets[0]][i].Trim(), StringComparer.Ordinal)
                .Where(g => g.Count() < 2).OrderBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            if (small is not null)
                throw new FormatException($"{t.Source}: class '{small.Key}' of target '{o.Targets[0]}' has {small.Count()} row of {t.Rows}; a stratified validation split needs at least 2 rows per class (one to train on, one to validate) — add rows or pass --val-data");
        }
    }

    private static (int[] Train, int[] Validation) SplitRows(RawTable t, TabularOptions o, DetectedTask task)
    {
        if (o.ValidationSplit is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(o), o.ValidationSplit, "--val-split must be in (0, 1)");
        var rng = new Random(o.Seed);
        var groups = task.Task is MetricTask.Binary or MetricTask.Multiclass
            ? Enumerable.Range(0, t.Rows).GroupBy(i => t[o.Targets[0]][i].Trim()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList()
            : [Enumerable.Range(0, t.Rows).ToArray()];
        var tr = new List<int>();
        var va = new List<int>();
        foreach (var idx in groups)
        {
            rng.Shuffle(idx);
            int n = (int)Math.Round(idx.Length * o.ValidationSplit);
            if (idx.Length > 1) n = Math.Clamp(n, 1, idx.Length - 1);
            va.AddRange(idx[..n]);
            tr.AddRange(idx[n..]);
        }
        var a = tr.ToArray();
        var b = va.ToArray();
        rng.Shuffle(a);
        rng.Shuffle(b);
        return (a, b);
    }
}
