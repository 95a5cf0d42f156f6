namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    private const MetricInputs ScoreInputs = MetricInputs.Labels | MetricInputs.Probabilities | MetricInputs.Logits;
    private const MetricInputs ProbabilityInputs = MetricInputs.Labels | MetricInputs.Probabilities;

    private static readonly ArgumentSchema BinsArgument =
        ArgumentSchema.Integer("bins", "binary only: a fixed-size histogram of B bins instead of the exact sort (reports its error bound)", null, 1, 1 << 24);

    static partial void RegisterScoreMetrics()
    {
        Score("roc_auc", ["auc", "rocauc", "auroc", "roc_auc_score"], "area under the ROC curve (probability a positive outranks a negative)",
            "Σ over (pos, neg) pairs of [s₊ > s₋] + ½[s₊ = s₋], normalised; multiclass ovr/ovo as scikit-learn",
            MetricDirection.HigherIsBetter, (s, o) => s.OptionalInteger("bins") is { } b
                ? new BinnedRanking(BinnedRanking.Kind.RocAuc, BinaryBins(s, o, b), o.FromLogits)
                : new RocAuc(o, s.Choice("multi_class")!),
            ArgumentSchema.Choice("multi_class", "multiclass: one-vs-rest or one-vs-one", "ovr", "ovr", "ovo"), BinsArgument);
        Score("average_precision", ["pr_auc", "ap", "auprc", "average_precision_score"], "average precision: the step-wise area under the PR curve",
            "Σ_n (R_n − R_{n−1})·P_n", MetricDirection.HigherIsBetter, (s, o) => s.OptionalInteger("bins") is { } b
                ? new BinnedRanking(BinnedRanking.Kind.AveragePrecision, BinaryBins(s, o, b), o.FromLogits)
                : new AveragePrecision(o), BinsArgument);
        Score("log_loss", ["logloss", "cross_entropy"], "mean negative log-likelihood of the true class (natural log)",
            "−Σ w·log p_y / Σ w, p clipped to [ε, 1−ε]", MetricDirection.LowerIsBetter, ProbabilityInputs,
            (s, o) => new LogLoss(o, s.Flag("normalize"), s.Number("eps")),
            ArgumentSchema.Flag("normalize", "divide class probabilities by their row sum first"),
            ArgumentSchema.Number("eps", "clipping bound", LogLoss.Float64Eps, 0, 0.5));
        Score("brier", ["brier_score", "brier_score_loss"], "mean squared difference between probability and outcome",
            "Σ w·(p − y)² / Σ w (multiclass: Σ over classes)", MetricDirection.LowerIsBetter, ProbabilityInputs, (s, o) => new Brier(o));
        Curve("roc_curve", [], "ROC curve points (fpr, tpr, thresholds)", (s, o) => new RocCurve(o, s.Flag("drop_intermediate")),
            ArgumentSchema.Flag("drop_intermediate", "drop collinear points, as scikit-learn", true));
        Curve("pr_curve", ["precision_recall_curve"], "precision-recall curve points (precision, recall, thresholds)", (s, o) => new PrCurve(o));
        Score("precision_at_recall", [], "highest precision at recall ≥ r", "max P_n subject to R_n ≥ r", MetricDirection.HigherIsBetter,
            (s, o) => new OperatingPoint(OperatingPoint.Kind.PrecisionAtRecall, s.Number("r"), o),
            new ArgumentSchema("r", ArgumentKind.Number, "the recall to reach") { Required = true, Min = 0, Max = 1, Aliases = ["recall"] });
        Score("recall_at_precision", [], "highest recall at precision ≥ p", "max R_n subject to P_n ≥ p", MetricDirection.HigherIsBetter,
            (s, o) => new OperatingPoint(OperatingPoint.Kind.RecallAtPrecision, s.Number("p"), o),
            new ArgumentSchema("p", ArgumentKind.Number, "the precision to reach") { Required = true, Min = 0, Max = 1, Aliases = ["precision"] });
        Score("sensitivity_at_specificity", [], "highest sensitivity (recall) at specificity ≥ s (Keras, exact thresholds)",
            "max TPR_n subject to 1 − FPR_n ≥ s", MetricDirection.HigherIsBetter,
            (s, o) => new OperatingPoint(OperatingPoint.Kind.SensitivityAtSpecificity, s.Number("specificity"), o),
            new ArgumentSchema("specificity", ArgumentKind.Number, "the specificity to reach") { Required = true, Min = 0, Max = 1 });
        Score("specificity_at_sensitivity", [], "highest specificity at sensitivity (recall) ≥ s (Keras, exact thresholds)",
            "max 1 − FPR_n subject to TPR_n ≥ s", MetricDirection.HigherIsBetter,
            (s, o) => new OperatingPoint(OperatingPoint.Kind.SpecificityAtSensitivity, s.Number("sensitivity"), o),
            new ArgumentSchema("sensitivity", ArgumentKind.Number, "the sensitivity to reach") { Required = true, Min = 0, Max = 1 });
        Curve("calibration", ["calibration_curve", "reliability"], "reliability diagram: mean predicted probability and observed frequency per bin",
            (s, o) => new Calibration(o, (int)s.Integer("bins")), ArgumentSchema.Integer("bins", "number of equal-width bins", 10, 1, 1 << 24));
        Score("ece", ["expected_calibration_error"], "expected calibration error over equal-width bins",
            "Σ_b (n_b / n)·|acc_b − conf_b|", MetricDirection.LowerIsBetter,
            (s, o) => new Calibration(o, (int)s.Integer("bins"), eceOnly: true), ArgumentSchema.Integer("bins", "number of equal-width bins", 10, 1, 1 << 24));
    }

    private static void Score(string name, string[] aliases, string description, string formula, MetricDirection direction, Factory factory,
        params ArgumentSchema[] arguments) => Score(name, aliases, description, formula, direction, ScoreInputs, factory, arguments);

    private static void Score(string name, string[] aliases, string description, string formula, MetricDirection direction, MetricInputs reads,
        Factory factory, params ArgumentSchema[] arguments) =>
        Register(new MetricDescriptor
        {
            Name = name, Aliases = aliases, Family = MetricFamily.Score, Reads = reads, Direction = direction,
            Description = description, Formula = formula, Arguments = arguments,
            Tasks = [MetricTask.Binary, MetricTask.Multiclass, MetricTask.Multilabel],
        }, factory);

    private static void Curve(string name, string[] aliases, string description, Factory factory, params ArgumentSchema[] arguments) =>
        Register(new MetricDescriptor
        {
            Name = name, Aliases = aliases, Family = MetricFamily.Score, Reads = ScoreInputs, Direction = MetricDirection.None,
            Structured = true, Description = description, Formula = "scikit-learn's " + (name == "calibration" ? "calibration_curve" : name),
            Arguments = arguments, Tasks = [MetricTask.Binary],
        }, factory);

    private static int BinaryBins(MetricSpec s, MetricOptions o, long bins) =>
        o.Task == MetricTask.Binary ? (int)bins : throw new FormatException($"metric '{s.Text}': bins is for the binary task only");
}
