namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    private static readonly ArgumentSchema[] LabelArguments =
    [
        ArgumentSchema.Choice("average", "how per-class values combine (default: binary → positive class, else macro)", null,
            "micro", "macro", "weighted", "samples", "none", "binary") with { ArrayOf = "class", ArrayChoices = ["none"] },
        ArgumentSchema.Number("threshold", "binary/multilabel: predicted positive when score ≥ threshold (default 0.5)", null, 0, 1),
        ArgumentSchema.Number("zero_division", "value where a ratio is 0/0 (default 0)", null, 0, 1),
    ];

    static partial void RegisterClassificationMetrics()
    {
        Label("accuracy", ["acc", "accuracy_score"], "fraction of samples whose predicted label equals the target",
            "Σ w·[ŷ = y] / Σ w", (s, o) => new Accuracy(LabelOptions(s, o)));
        Label("balanced_accuracy", ["balanced_accuracy_score", "bacc"], "mean recall over classes",
            "mean_c TP_c / (TP_c + FN_c)", (s, o) => new BalancedAccuracy(LabelOptions(s, o)));
        Label("precision", ["precision_score", "ppv"], "of the predicted positives, the fraction that are positive",
            "TP / (TP + FP); with thresholds/top_k: Keras' element-wise Σ TP / Σ (TP + FP) at score > t",
            (s, o) => Thresholded(s, o, recall: false) ?? new Precision(ClassOptions(s, o)), [ClassIdArgument, .. KerasThresholdArguments]);
        Label("recall", ["recall_score", "sensitivity", "tpr"], "of the positives, the fraction predicted positive",
            "TP / (TP + FN); with thresholds/top_k: Keras' element-wise Σ TP / Σ (TP + FN) at score > t",
            (s, o) => Thresholded(s, o, recall: true) ?? new Recall(ClassOptions(s, o)), [ClassIdArgument, .. KerasThresholdArguments]);
        Label("f1", ["f1_score", "f_1"], "harmonic mean of precision and recall",
            "2·TP / (2·TP + FP + FN)", (s, o) => new F1(LabelOptions(s, o)));
        Label("fbeta", ["fbeta_score", "f_beta"], "F-score weighting recall β times as much as precision",
            "(1+β²)·TP / ((1+β²)·TP + β²·FN + FP)", (s, o) => new FBeta(s.Number("beta"), LabelOptions(s, o)),
            new ArgumentSchema("beta", ArgumentKind.Number, "weight of recall relative to precision") { Required = true, Min = 0 });
        Label("specificity", ["tnr", "selectivity", "true_negative_rate"], "of the negatives, the fraction predicted negative",
            "TN / (TN + FP)", (s, o) => new Specificity(LabelOptions(s, o)));
        Label("npv", ["negative_predictive_value"], "of the predicted negatives, the fraction that are negative",
            "TN / (TN + FN)", (s, o) => new NegativePredictiveValue(LabelOptions(s, o)));
        Label("jaccard", ["jaccard_score", "iou"], "intersection over union of predicted and true positives",
            "TP / (TP + FP + FN)", (s, o) => new Jaccard(LabelOptions(s, o)));
        Label("mcc", ["matthews_corrcoef", "matthews_correlation_coefficient", "phi"], "Matthews correlation coefficient, in [−1, 1]",
            "(TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)); multiclass: Gorodkin's R_K", (s, o) => new MatthewsCorrelationCoefficient(LabelOptions(s, o)));
        Label("cohen_kappa", ["kappa", "cohen_kappa_score"], "agreement beyond chance, in [−1, 1]",
            "κ = 1 − Σ w·O / Σ w·E", (s, o) => new CohenKappa(KappaWeights(s), LabelOptions(s, o)),
            ArgumentSchema.Choice("weights", "disagreement weights", "none", "none", "linear", "quadratic"));
        Register(new MetricDescriptor
        {
            Name = "hamming_loss", Aliases = ["hamming"], Family = MetricFamily.Label, Reads = MetricInputs.Labels,
            Direction = MetricDirection.LowerIsBetter, Description = "fraction of labels predicted wrongly",
            Formula = "Σ w·[ŷ_j ≠ y_j] / (Σ w · L)", Arguments = LabelArguments,
        }, (s, o) => new HammingLoss(LabelOptions(s, o)));
        Register(new MetricDescriptor
        {
            Name = "confusion_matrix", Aliases = ["cm"], Family = MetricFamily.Label, Reads = MetricInputs.Labels,
            Direction = MetricDirection.None, Structured = true, Description = "counts of (true class, predicted class)",
            Formula = "C[i, j] = Σ w·[y = i ∧ ŷ = j]", Arguments = LabelArguments,
        }, (s, o) => new ConfusionMatrix(LabelOptions(s, o)));
        Register(new MetricDescriptor
        {
            Name = "classification_report", Aliases = ["report"], Family = MetricFamily.Label, Reads = MetricInputs.Labels,
            Direction = MetricDirection.None, Structured = true, Description = "per-class precision, recall, F1 and support",
            Formula = "scikit-learn's classification_report", Arguments = LabelArguments,
        }, (s, o) => new ClassificationReport(LabelOptions(s, o)));
        Register(new MetricDescriptor
        {
            Name = "top_k_accuracy", Aliases = ["top_k_accuracy_score", "top_k"], Family = MetricFamily.Score,
            Reads = MetricInputs.Labels | MetricInputs.Probabilities | MetricInputs.Logits, Direction = MetricDirection.HigherIsBetter,
            Description = "fraction of samples whose true class is among the k highest scores",
            Formula = "Σ w·[rank(s_y) ≤ k] / Σ w", Tasks = [MetricTask.Binary, MetricTask.Multiclass],
            Arguments = [ArgumentSchema.Integer("k", "how many top classes count as a hit", 1, 1, int.MaxValue), .. LabelArguments],
        }, (s, o) => new TopKAccuracy((int)s.Integer("k"), LabelOptions(s, o)));
    }

    private static readonly ArgumentSchema ClassIdArgument =
        ArgumentSchema.Integer("class_id", "report this one class (label) instead of an average (Keras)", null, 0, int.MaxValue);

    private static MetricOptions ClassOptions(MetricSpec spec, MetricOptions options) =>
        LabelOptions(spec, options) with { ClassId = spec.OptionalInteger("class_id") is { } c ? (int)c : options.ClassId };

    private static void Label(string name, string[] aliases, string description, string formula, Factory factory, params ArgumentSchema[] extra) =>
        Register(new MetricDescriptor
        {
            Name = name, Aliases = aliases, Family = MetricFamily.Label, Reads = MetricInputs.Labels,
            Direction = MetricDirection.HigherIsBetter, Description = description, Formula = formula,
            Arguments = [.. extra, .. LabelArguments],
        }, factory);

    /// <summary>The options a label metric runs with: <paramref name="options"/>, overridden by the spec's
    /// <c>average=</c>, <c>threshold=</c> and <c>zero_division=</c> arguments.</summary>
    internal static MetricOptions LabelOptions(MetricSpec spec, MetricOptions options)
    {
        var o = options;
        if (spec.Choice("average") is { } avg) o = o with { Average = ParseAverage(avg) };
        if (spec.OptionalNumber("threshold") is { } t) o = o with { Threshold = t };
        if (spec.OptionalNumber("zero_division") is { } z) o = o with { ZeroDivision = z };
        return o;
    }

    /// <summary>Parses micro | macro | weighted | samples | none | binary.</summary>
    /// <exception cref="FormatException">Another word.</exception>
    public static Average ParseAverage(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "micro" => Average.Micro,
            "macro" => Average.Macro,
            "weighted" => Average.Weighted,
            "samples" => Average.Samples,
            "none" or "null" => Average.None,
            "binary" => Average.Binary,
            _ => throw new FormatException($"average '{text}' is not one of micro, macro, weighted, samples, none, binary"),
        };

    private static KappaWeighting KappaWeights(MetricSpec spec) => spec.Choice("weights") switch
    {
        "linear" => KappaWeighting.Linear,
        "quadratic" => KappaWeighting.Quadratic,
        _ => KappaWeighting.None,
    };
}
