using System.Globalization;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Advice;

/// <summary>What the advice assumes about the training run; every field has <c>plumb train</c>'s default.</summary>
public sealed record AdviceContext
{
    /// <summary>Validation rows; null = <see cref="ValidationSplit"/> of the rows.</summary>
    public int? ValidationRows { get; init; }
    /// <summary>Fraction of the rows held out for validation when <see cref="ValidationRows"/> is null.</summary>
    public double ValidationSplit { get; init; } = 0.2;
    /// <summary>Training rows; null = the rows not held out.</summary>
    public int? TrainRows { get; init; }
    /// <summary>Mini-batch size (patience is counted in optimizer steps).</summary>
    public int BatchSize { get; init; } = 32;
}

/// <summary>
/// Reads a table's target and recommends how to train and judge on it: output activation, loss, metrics, the metric
/// that judges, the monitor and its tie-break, patience and the threshold strategy, each with a reason, and the
/// pitfalls that apply. <c>plumb advise</c> prints it; <c>plumb train</c> takes its defaults from it.
/// </summary>
/// <remarks>
/// <para>Rules, in the order they are applied:</para>
/// <list type="bullet">
/// <item>Losses: binary/multilabel <c>binary_crossentropy</c>, multiclass <c>sparse_categorical_crossentropy</c>,
/// regression <c>mse</c>, or <c>huber(delta=1.345·σ_robust)</c> when the target has outliers (rows beyond
/// <see cref="OutlierZ"/> robust standard deviations, σ_robust = 1.4826·MAD, from the median).</item>
/// <item>The judge: binary <c>pr_auc</c> when the minority class is under 10 %, else <c>roc_auc</c>; multiclass and
/// multilabel <c>f1</c>; regression <c>mae</c>.</item>
/// <item>The monitor: <c>val_</c> + the judge, ties broken by <c>val_loss</c> — unless the judge is coarse on the
/// validation rows: one row moves a label metric by about 1/n, ROC-AUC by 1/(n₊·n₋), average precision by about 1/n₊.
/// When that step exceeds <see cref="CoarseStep"/> (F1 on 30 rows: 1/30), the continuous <c>val_loss</c> picks the
/// epoch and the judge is still reported.</item>
/// <item>Patience: about 300 optimizer steps without improvement, 10 to 30 epochs.</item>
/// </list>
/// <code>
/// TrainingAdvice a = Advisor.Advise(table, ["label"]);
/// Console.WriteLine($"{a.Loss.Value}: {a.Loss.Reason}");
/// foreach (Pitfall p in a.Pitfalls) Console.WriteLine(p.Message);
/// </code>
/// </remarks>
public static class Advisor
{
    /// <summary>A regression target value this many robust standard deviations from the median is an outlier.</summary>
    public const double OutlierZ = 5;

    /// <summary>A metric that one validation row moves by more than this is too coarse to pick the epoch.</summary>
    public const double CoarseStep = 0.01;

    /// <summary>Fewest and most epochs of patience.</summary>
    public const int MinPatience = 10, MaxPatience = 30;

    /// <summary>Optimizer steps without improvement the patience aims at.</summary>
    public const int PatienceSteps = 300;

    /// <summary>Detects the task (or applies <paramref name="task"/>), profiles the target and advises.</summary>
    /// <exception cref="FormatException">A missing target column, a target with one value, or cells that do not fit the task.</exception>
    public static TrainingAdvice Advise(RawTable table, IReadOnlyList<string> targets, MetricTask? task = null, AdviceContext? context = null)
    {
        var detected = DetectTask(table, targets, task);
        return Advise(Profile(table, targets, detected), context);
    }

    /// <summary>The task of <paramref name="targets"/>, detected (<see cref="TaskDetection"/>) or forced by <paramref name="forced"/>.</summary>
    /// <exception cref="FormatException">A missing target column, a single class, or <c>--task binary</c> on a target without 2 values.</exception>
    public static DetectedTask DetectTask(RawTable table, IReadOnlyList<string> targets, MetricTask? forced)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(targets);
        foreach (string t in targets)
            if (!table.Columns.Any(c => c.Name == t))
                throw new FormatException($"{table.Source}: no target column '{t}' (available: {string.Join(", ", table.Columns.Select(c => c.Name))})");
        DetectedTask detected;
        try { detected = TaskDetection.Detect([.. targets.Select(t => (t, table[t]))], table.RowNumber); }
        catch (FormatException e) { throw new FormatException($"{table.Source}: {e.Message}", e); }
        if (forced is not { } f || f == detected.Task) return detected;
        detected = f switch
        {
            MetricTask.Regression => new DetectedTask(f, "--task regression", []),
            _ => detected with { Task = f, Reason = $"--task {f.ToString().ToLowerInvariant()} (detected: {detected.Reason})" },
        };
        if (f == MetricTask.Binary && detected.Classes.Count != 2)
            throw new FormatException($"--task binary, but target '{targets[0]}' has {detected.Classes.Count} values");
        return detected;
    }

    /// <summary>Counts classes, conflicting duplicate rows and (regression) the target's shape.</summary>
    /// <exception cref="FormatException">A regression target cell that is not a finite number.</exception>
    public static DataProfile Profile(RawTable table, IReadOnlyList<string> targets, DetectedTask task)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(task);
        int rows = table.Rows;
        var classes = new List<ClassCount>();
        TargetShape? shape = null;
        switch (task.Task)
        {
            case MetricTask.Binary or MetricTask.Multiclass:
                var counts = table[targets[0]].GroupBy(c => c.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                classes.AddRange(task.Classes.Select(c => new ClassCount(c, counts.GetValueOrDefault(c), (double)counts.GetValueOrDefault(c) / rows)));
                break;
            case MetricTask.Multilabel:
                classes.AddRange(targets.Select(t => { int n = table[t].Count(c => c.Trim() == "1"); return new ClassCount(t, n, (double)n / rows); }));
                break;
            case MetricTask.Regression:
                shape = Shape(table, targets[0]);
                break;
        }
        double minority = classes.Count == 0 ? double.NaN : classes.Min(c => c.Fraction);
        double ratio = task.Task is MetricTask.Binary or MetricTask.Multiclass && classes.Min(c => c.Count) > 0
            ? (double)classes.Max(c => c.Count) / classes.Min(c => c.Count) : double.NaN;
        var (groups, conflictRows) = Conflicts(table, targets);
        return new DataProfile
        {
            Task = task.Task, TaskReason = task.Reason, Rows = rows, Features = table.Columns.Count - targets.Count, Classes = classes,
            MinorityFraction = minority, ImbalanceRatio = ratio, ConflictGroups = groups, ConflictRows = conflictRows, Target = shape,
        };
    }

    /// <summary>The advice for a profiled table.</summary>
    public static TrainingAdvice Advise(DataProfile profile, AdviceContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var ctx = context ?? new AdviceContext();
        int nVal = ctx.ValidationRows ?? Math.Max(2, (int)Math.Round(profile.Rows * ctx.ValidationSplit));
        int nTrain = ctx.TrainRows ?? Math.Max(1, profile.Rows - nVal);
        var task = profile.Task;
        double p = profile.MinorityFraction;
        bool imbalanced = task == MetricTask.Binary && p < 0.1;
        var pitfalls = new List<Pitfall>();

        var lossAdvice = LossAdvice(profile, imbalanced);
        string judge = task switch
        {
            MetricTask.Binary => imbalanced ? "pr_auc" : "roc_auc",
            MetricTask.Regression => "mae",
            _ => "f1",
        };
        MetricSpec judgeSpec = MetricRegistry.Resolve(judge);
        var metrics = MetricsAdvice(profile, imbalanced);

        // How far one validation row moves the judge.
        double valMinority = task is MetricTask.Binary or MetricTask.Multiclass or MetricTask.Multilabel ? Math.Max(1, Math.Round(nVal * p)) : double.NaN;
        (double step, string how) = judgeSpec.Descriptor.Family switch
        {
            MetricFamily.Score when judgeSpec.Name == "roc_auc" =>
                (1 / (valMinority * Math.Max(1, nVal - valMinority)), $"1/(n₊·n₋) with about {valMinority:0} positive and {nVal - valMinority:0} negative validation rows"),
            MetricFamily.Score => (1 / valMinority, $"about 1/n₊ with about {valMinority:0} positive validation rows"),
            MetricFamily.Label => (1.0 / nVal, $"about 1/n on {nVal} validation rows"),
            _ => (0.0, "continuously"),
        };
        Recommendation monitor;
        Recommendation? tieBreak = null;
        string judgeDoc = Describe(judgeSpec.Descriptor);
        if (step > CoarseStep)
        {
            monitor = new Recommendation("val_loss",
                Inv($"{judgeSpec.Key} judges this task ({judgeDoc}), but one validation row moves it by {how} = {step:0.###}: it stays flat or ties for many epochs, and an early-stopping rule that reads it stops on the first plateau and keeps an early epoch. ") +
                $"The validation loss ({lossAdvice.Value}) moves continuously and is a proper score of the same predictions, so it picks the epoch and stops training; {judgeSpec.Key} is still computed every epoch and reported. A larger validation set (--val-split, --val-data) makes the metric fine enough to monitor.");
            pitfalls.Add(new Pitfall("coarse_validation_metric",
                Inv($"{judgeSpec.Key} on {nVal} validation rows moves in steps of about {step:0.###}: monitoring it stops at the first plateau; val_loss is monitored instead.")));
        }
        else
        {
            string val = "val_" + judgeSpec.Key;
            monitor = new Recommendation(val,
                Inv($"{judgeSpec.Key} judges this task ({judgeDoc}); on {nVal} validation rows one row moves it by {how} = {step:0.#####}, fine enough to pick the epoch."));
            tieBreak = new Recommendation("val_loss",
                $"Where {val} ties the best value so far (a plateau), the epoch with the lower val_loss wins, and training stops only when both have stalled: the loss keeps improving the probabilities while a rank or label metric stands still.");
        }

        int batches = (int)Math.Ceiling(nTrain / (double)Math.Max(1, ctx.BatchSize));
        int patience = Math.Clamp((int)Math.Ceiling(PatienceSteps / (double)Math.Max(1, batches)), MinPatience, MaxPatience);
        var patienceAdvice = new PatienceAdvice(patience,
            $"{nTrain} training rows in batches of {ctx.BatchSize} are {batches} optimizer step(s) per epoch; {patience} epochs without improvement " +
            $"(about {patience * batches} steps, aiming at {PatienceSteps}, within {MinPatience}–{MaxPatience} epochs) before stopping, so a small data set is not stopped after a few dozen steps.");

        var threshold = task switch
        {
            MetricTask.Binary => new Recommendation("max_f1",
                "The label metrics need a threshold; 0.5 is rarely the best one" + (imbalanced ? Inv($" at {p:P2} positives (the probabilities of positives are mostly far below 0.5)") : "") +
                ". The threshold is tuned for F1 on the validation rows and saved with the model, but its F1 is reported only on rows it was not tuned on: the test file when given, else cross-fitted (tuned on one half of validation, measured on the other, and the other way round). A threshold measured on the rows that chose it is optimistic."),
            MetricTask.Multiclass => new Recommendation("argmax", "One class per row: the class with the highest probability; no threshold to tune."),
            MetricTask.Multilabel => new Recommendation("0.5", "Each label is predicted at probability ≥ 0.5; tune a threshold per label with 'plumb threshold' on held-out predictions when a label is rare."),
            _ => new Recommendation("none", "A regression predicts values; no threshold."),
        };

        Pitfalls(profile, nVal, valMinority, imbalanced, pitfalls);
        return new TrainingAdvice
        {
            Profile = profile, ValidationRows = nVal, OutputActivation = ActivationAdvice(profile, lossAdvice.Value), Loss = lossAdvice,
            Metrics = metrics, Judge = new Recommendation(judge, Inv($"{judgeSpec.Key}: {judgeDoc}. ") + JudgeWhy(profile, imbalanced)),
            Monitor = monitor, TieBreak = tieBreak, Patience = patienceAdvice, Threshold = threshold, Pitfalls = pitfalls,
        };
    }

    private static string JudgeWhy(DataProfile p, bool imbalanced) => p.Task switch
    {
        MetricTask.Binary when imbalanced => Inv($"With {p.MinorityFraction:P2} positives, average precision asks how clean the top of the ranking is; its no-skill value is the prevalence ({p.MinorityFraction:0.####}), not 0.5."),
        MetricTask.Binary => "The classes are not rare, so ROC-AUC (the probability that a positive outranks a negative) judges the ranking independently of any threshold.",
        MetricTask.Multiclass => "Macro F1 weighs every class equally, so a small class counts as much as a large one.",
        MetricTask.Multilabel => "F1 over the labels counts the positives each label gets right, not the many easy negatives.",
        _ => "The mean absolute error is in the target's units and is not dominated by a few large errors the way RMSE is.",
    };

    private static Recommendation ActivationAdvice(DataProfile p, string loss)
    {
        LossDescriptor d = LossRegistry.Resolve(loss).Descriptor;
        return p.Task switch
        {
            MetricTask.Binary => new Recommendation("sigmoid", $"One output unit through a sigmoid is the probability of class '{p.Classes[1].Name}'; {d.Name} reads {d.PredictionDomain}."),
            MetricTask.Multiclass => new Recommendation("softmax", $"{p.Classes.Count} output units through a softmax are a probability distribution over the classes (they sum to 1); {d.Name} reads {d.PredictionDomain}."),
            MetricTask.Multilabel => new Recommendation("sigmoid", $"One sigmoid unit per label ({p.Classes.Count}): the labels are independent yes/no questions, so their probabilities need not sum to 1 (a softmax would make them compete)."),
            _ => new Recommendation("linear", $"A regression predicts any real value: no activation on the output ({d.Name} reads {d.PredictionDomain}). Plumb trains on a standardised target and scales the output back, so the loss and metrics are in the target's units."),
        };
    }

    private static Recommendation LossAdvice(DataProfile p, bool imbalanced)
    {
        switch (p.Task)
        {
            case MetricTask.Binary:
            {
                var bce = LossRegistry.Find("binary_crossentropy")!;
                var focal = LossRegistry.Find("binary_focal_crossentropy")!;
                double w = p.Rows / (2.0 * Math.Max(1, p.Classes.Min(c => c.Count)));
                string why = $"{bce.Name} ({bce.Formula}; {bce.WhenToUse}) is a proper scoring rule: minimising it makes the outputs calibrated probabilities, which ROC-AUC and PR-AUC rank and a tuned threshold turns into labels.";
                if (imbalanced)
                    why += Inv($" At {p.ImbalanceRatio:0.#}:1 plain cross-entropy still ranks well: reweighting classes or focusing on hard rows changes the probabilities (and where 0.5 falls) far more than the ranking PR-AUC judges, and the threshold is tuned anyway.");
                return new Recommendation(bce.Name, why)
                {
                    Alternatives =
                    [
                        new Recommendation("binary_crossentropy --class-weight balanced",
                            Inv($"Weighs each class by n/(2·n_c) (the minority ×{w:0.#}): recall at the default threshold rises, the probabilities are no longer calibrated. Use it when the labels at 0.5 are what you deploy.")),
                        new Recommendation("focal(gamma=2)", $"{focal.Name} ({focal.Formula}; {focal.WhenToUse}): down-weights the many easy negatives; worth a try when a few hard positives are drowned out."),
                    ],
                };
            }
            case MetricTask.Multiclass:
            {
                var scce = LossRegistry.Find("sparse_categorical_crossentropy")!;
                var rec = new Recommendation(scce.Name, $"{scce.Name} ({scce.Formula}; {scce.WhenToUse}) reads the class index directly and makes the softmax outputs calibrated class probabilities.");
                return p.ImbalanceRatio > 10
                    ? rec with { Alternatives = [new Recommendation("sparse_categorical_crossentropy --class-weight balanced", Inv($"The classes are {p.ImbalanceRatio:0.#}:1 (largest to smallest): class weights n/(K·n_c) make the small classes count as much in the loss as in macro F1."))] }
                    : rec;
            }
            case MetricTask.Multilabel:
            {
                var bce = LossRegistry.Find("binary_crossentropy")!;
                return new Recommendation(bce.Name, $"{bce.Name} ({bce.Formula}) on each label's sigmoid: {p.Classes.Count} independent yes/no problems in one network.");
            }
            default:
            {
                var t = p.Target!;
                var mse = LossRegistry.Find("mse")!;
                var mae = LossRegistry.Find("mae")!;
                var huber = LossRegistry.Find("huber")!;
                var quantile = LossRegistry.Find("quantile")!;
                double delta = Round3(1.345 * t.RobustStd);
                var huberRec = new Recommendation(Inv($"huber(delta={delta})"),
                    Inv($"{huber.Name} ({huber.Formula}; {huber.WhenToUse}) with δ = 1.345·σ_robust = {delta}: squared error for typical rows, absolute error beyond δ, so a few extreme targets cannot dominate the gradient (1.345 keeps 95 % of least squares' efficiency on Gaussian noise)."));
                var alternatives = new List<Recommendation>
                {
                    new(mae.Name, $"{mae.Name} ({mae.Formula}; {mae.WhenToUse}): predicts the conditional median; its gradient has one size, which slows the end of training."),
                    new("quantile(alpha=0.9)", $"{quantile.Name} ({quantile.Formula}; {quantile.WhenToUse}): alpha=0.9 predicts a value the target stays under 90 % of the time, for an upper bound rather than a typical value."),
                };
                if (t.Outliers > 0 && t.RobustStd > 0)
                    return huberRec with
                    {
                        Reason = Inv($"{t.Outliers} target value(s) ({t.OutlierFraction:P2}) lie more than {OutlierZ} robust standard deviations (σ_robust = 1.4826·MAD = {Round3(t.RobustStd)}) from the median {Round3(t.Median)}; under {mse.Name} ({mse.Formula}) their squared errors would steer the fit. ") + huberRec.Reason,
                        Alternatives = alternatives,
                    };
                return new Recommendation(mse.Name, Inv($"{mse.Name} ({mse.Formula}; {mse.WhenToUse}): no target value lies more than {OutlierZ} robust standard deviations from the median, so squared error is safe and predicts the conditional mean."))
                {
                    Alternatives = t.RobustStd > 0 ? [huberRec, .. alternatives] : alternatives,
                };
            }
        }
    }

    private static List<Recommendation> MetricsAdvice(DataProfile p, bool imbalanced)
    {
        double majority = p.Classes.Count > 0 && p.Task is MetricTask.Binary or MetricTask.Multiclass ? p.Classes.Max(c => c.Fraction) : double.NaN;
        (string Spec, string Why)[] list = p.Task switch
        {
            MetricTask.Binary =>
            [
                ("accuracy", imbalanced ? Inv($"Reported for reference only: an all-majority model scores {majority:0.####} here.") : "Easy to read; the classes are balanced enough for it to mean something."),
                ("precision", "Of the rows predicted positive, how many are (at the tuned threshold)."),
                ("recall", "Of the positives, how many are found (at the tuned threshold)."),
                ("f1", "Balances precision and recall of the positive class; the threshold is tuned for it."),
                ("roc_auc", imbalanced ? "Threshold-free ranking quality, but inflated by the many easy negatives at this prevalence: read it beside PR-AUC." : "Threshold-free ranking quality: 0.5 is chance, 1 a perfect ranking."),
                ("pr_auc", Inv($"Threshold-free, reads the positives only; a random ranking scores the prevalence ({p.MinorityFraction:0.####}).")),
            ],
            MetricTask.Multiclass =>
            [
                ("accuracy", Inv($"Easy to read; predicting the largest class scores {majority:0.####}.")),
                ("balanced_accuracy", "Mean recall over classes: a model that ignores a small class loses that class' full share."),
                ("f1", "Macro F1: precision and recall per class, averaged with equal weight."),
            ],
            MetricTask.Multilabel =>
            [
                ("f1", "F1 over the labels' positives."),
                ("hamming_loss", "Fraction of wrong (row, label) cells; dominated by the negatives when labels are rare."),
            ],
            _ =>
            [
                ("mae", "In the target's units: the typical size of an error."),
                ("rmse", "In the target's units, weighs large errors more: compare with MAE to see whether a few rows dominate."),
                ("r2", "Share of the target's variance explained; 0 is predicting the mean."),
                .. p.Target is { } t && (t.Outliers > 0 || Math.Abs(t.Skewness) > 1)
                    ? new[] { ("median_absolute_error", "The typical error of the typical row, untouched by the outliers and the long tail.") } : [],
            ],
        };
        return [.. list.Select(m =>
        {
            var spec = MetricRegistry.Resolve(m.Spec);
            return new Recommendation(m.Spec, $"{spec.Key}: {Describe(spec.Descriptor)}. {m.Why}");
        })];
    }

    private static void Pitfalls(DataProfile p, int nVal, double valMinority, bool imbalanced, List<Pitfall> pitfalls)
    {
        if (p.Task is MetricTask.Binary or MetricTask.Multiclass)
        {
            var major = p.Classes.MaxBy(c => c.Fraction)!;
            if (major.Fraction >= 0.8)
                pitfalls.Add(new Pitfall("accuracy_at_prevalence",
                    Inv($"Predicting '{major.Name}' for every row scores accuracy {major.Fraction:0.####} on this data ({p.ImbalanceRatio:0.#}:1): an accuracy near that number means the model learned nothing. Compare every metric with the baselines the run reports.")));
        }
        if (imbalanced)
        {
            pitfalls.Add(new Pitfall("roc_auc_under_imbalance",
                Inv($"ROC-AUC counts every negative as a chance to rank a positive above it: at {p.ImbalanceRatio:0.#}:1 a model can reach ROC-AUC 0.9 while most rows at the top of its ranking are negatives. PR-AUC (average precision) reads the positives only; its no-skill value is the prevalence {p.MinorityFraction:0.####}, not 0.5.")));
            if (valMinority < 30)
                pitfalls.Add(new Pitfall("few_validation_positives",
                    Inv($"About {valMinority:0} positive rows in {nVal} validation rows: PR-AUC, F1 and the tuned threshold change a lot with a single row. Hold out more (--val-split) or pass --val-data and --test-data.")));
        }
        if (p.Task == MetricTask.Regression)
        {
            pitfalls.Add(new Pitfall("acc_with_regression_loss",
                "accuracy (Keras' acc) reads class labels: on a regression output it would threshold real values. Plumb refuses it beside a regression loss (accuracy_with_regression_loss); judge with mae, rmse and r2."));
            var t = p.Target!;
            if (t.Outliers > 0)
                pitfalls.Add(new Pitfall("outliers",
                    Inv($"{t.Outliers} target value(s) beyond {OutlierZ} robust standard deviations from the median (range {Round3(t.Min)} to {Round3(t.Max)}, median {Round3(t.Median)}): MSE and RMSE are dominated by them; read MAE and the median absolute error beside them.")));
            if (Math.Abs(t.Skewness) > 1)
                pitfalls.Add(new Pitfall("skewed_target",
                    Inv($"The target is skewed (g₁ = {t.Skewness:0.##}): RMSE and R² are driven by the long tail. If the target is positive and spans orders of magnitude, msle or predicting its logarithm judges relative error.")));
        }
        if (p.Task == MetricTask.Multilabel && p.MinorityFraction < 0.05)
            pitfalls.Add(new Pitfall("rare_labels",
                Inv($"The rarest label is positive in {p.MinorityFraction:P2} of rows: hamming_loss rewards predicting 0 everywhere, and micro-averaged metrics are dominated by the frequent labels.")));
        if (p.ConflictGroups > 0)
            pitfalls.Add(new Pitfall("conflicting_duplicates",
                $"{p.ConflictRows} rows in {p.ConflictGroups} group(s) have identical features but different targets: no model can tell them apart, so they bound what any metric can reach. Label noise, or a feature that decides the target is missing."));
    }

    private static TargetShape Shape(RawTable t, string column)
    {
        var cells = t[column];
        var y = new double[cells.Length];
        for (int i = 0; i < cells.Length; i++)
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out y[i]) || !double.IsFinite(y[i]))
                throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{column}': '{cells[i]}' is not a number");
        double mean = y.Average();
        double m2 = y.Select(v => (v - mean) * (v - mean)).Average();
        double m3 = y.Select(v => (v - mean) * (v - mean) * (v - mean)).Average();
        double median = NumpyMedian.Of(y);
        double robust = 1.4826 * NumpyMedian.Of([.. y.Select(v => Math.Abs(v - median))]);
        int outliers = robust > 0 ? y.Count(v => Math.Abs(v - median) > OutlierZ * robust) : 0;
        return new TargetShape(mean, Math.Sqrt(m2), median, robust, m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0, outliers, (double)outliers / y.Length, y.Min(), y.Max());
    }

    /// <summary>
    /// Groups of rows with identical features (cell text compared trimmed; numeric cells by the text they read as)
    /// whose targets differ: rows are bucketed by a 64-bit hash of their cells, then compared cell by cell within a
    /// bucket, so no per-row key is built.
    /// </summary>
    private static (int Groups, int Rows) Conflicts(RawTable t, IReadOnlyList<string> targets)
    {
        var features = t.Columns.Where(c => !targets.Contains(c.Name)).Select(c => c.Cells).ToArray();
        var targetCols = targets.Select(n => t[n]).ToArray();
        if (features.Length == 0) return (0, 0);
        int n = t.Rows;
        var hash = new ulong[n];
        foreach (var col in features)
            for (int i = 0; i < n; i++)
                hash[i] = (hash[i] ^ CellHash(col, i)) * 0x100000001B3UL + 0x9E3779B97F4A7C15UL;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort((ulong[])hash.Clone(), order);
        int groups = 0, rows = 0;
        var bucket = new List<int>();
        var done = new List<bool>();
        for (int a = 0; a < n;)
        {
            int b = a + 1;
            while (b < n && hash[order[b]] == hash[order[a]]) b++;
            if (b - a > 1)
            {
                bucket.Clear();
                for (int j = a; j < b; j++) bucket.Add(order[j]);
                done.Clear();
                done.AddRange(Enumerable.Repeat(false, bucket.Count));
                for (int p = 0; p < bucket.Count; p++)
                {
                    if (done[p]) continue;
                    int size = 1;
                    bool mixed = false;
                    for (int q = p + 1; q < bucket.Count; q++)
                    {
                        if (done[q] || !SameCells(features, bucket[p], bucket[q])) continue;
                        done[q] = true;
                        size++;
                        mixed |= !SameCells(targetCols, bucket[p], bucket[q]);
                    }
                    if (mixed) { groups++; rows += size; }
                }
            }
            a = b;
        }
        return (groups, rows);
    }

    private static ulong CellHash(CellColumn col, int i)
    {
        if (col.TryNumber(i, out double v)) return (ulong)BitConverter.DoubleToInt64Bits(v) * 0xC2B2AE3D27D4EB4FUL;
        return (ulong)string.GetHashCode(col[i].AsSpan().Trim(), StringComparison.Ordinal) * 0x165667B19E3779F9UL;
    }

    private static bool SameCells(CellColumn[] cols, int r, int s)
    {
        foreach (var c in cols)
        {
            bool nr = c.TryNumber(r, out double a), ns = c.TryNumber(s, out double b);
            if (nr && ns)
            {
                // Same text ⇔ same value in round-trip form (−0 and 0 read differently, as their text does).
                if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(b)) return false;
            }
            else if (!c[r].AsSpan().Trim().SequenceEqual(c[s].AsSpan().Trim())) return false;
        }
        return true;
    }

    private static string Describe(MetricDescriptor d) => string.IsNullOrEmpty(d.Formula) ? d.Description : $"{d.Description}, {d.Formula}";

    private static double Round3(double v) => v == 0 || !double.IsFinite(v) ? v : Math.Round(v, Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 15));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
