namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    /// <summary>Keras' metric names that fix how targets and scores are read (Plumb's <c>accuracy</c> resolves by shape).</summary>
    static partial void RegisterKerasMetrics()
    {
        var scores = MetricInputs.Labels | MetricInputs.Probabilities | MetricInputs.Logits;
        var threshold = ArgumentSchema.Number("threshold", "predicted positive when score ≥ threshold (Keras: >)", 0.5, 0, 1);
        Register(new MetricDescriptor
        {
            Name = "binary_accuracy", Family = MetricFamily.Label, Reads = scores, Direction = MetricDirection.HigherIsBetter,
            Description = "fraction of elements (sample × label) whose thresholded score equals the 0/1 target (Keras)",
            Formula = "Σ w·Σ_l [1(s_l ≥ t) = y_l] / (L·Σ w)", Tasks = [MetricTask.Binary, MetricTask.Multilabel], Arguments = [threshold],
        }, (s, o) => new BinaryAccuracy(o with
        {
            Task = o.Task == MetricTask.Multilabel ? MetricTask.Multilabel : MetricTask.Binary,
            Threshold = s.Number("threshold"), NumClasses = o.Task == MetricTask.Multilabel ? o.NumClasses : 0,
        }));
        foreach (var (name, targets) in new[] { ("categorical_accuracy", "one-hot rows"), ("sparse_categorical_accuracy", "class indices") })
            Register(new MetricDescriptor
            {
                Name = name, Family = MetricFamily.Label, Reads = scores, Direction = MetricDirection.HigherIsBetter,
                Description = $"fraction of samples whose argmax score is the target class ({targets}; Keras)",
                Formula = "Σ w·[argmax s = y] / Σ w", Tasks = [MetricTask.Multiclass],
            }, (s, o) => new Accuracy(o with { Task = MetricTask.Multiclass }));
        foreach (var (name, targets) in new[] { ("top_k_categorical_accuracy", "one-hot rows"), ("sparse_top_k_categorical_accuracy", "class indices") })
            Register(new MetricDescriptor
            {
                Name = name, Family = MetricFamily.Score, Reads = scores, Direction = MetricDirection.HigherIsBetter,
                Description = $"fraction of samples whose target class ({targets}) is among the k highest scores (Keras; k = 5 by default)",
                Formula = "Σ w·[rank(s_y) ≤ k] / Σ w", Tasks = [MetricTask.Multiclass],
                Arguments = [ArgumentSchema.Integer("k", "how many top classes count as a hit", 5, 1, int.MaxValue)],
            }, (s, o) => new TopKAccuracy((int)s.Integer("k"), o with { Task = MetricTask.Multiclass }));
        Register(new MetricDescriptor
        {
            Name = "cosine_similarity", Aliases = ["cosine"], Family = MetricFamily.Regression, Reads = MetricInputs.RealValues,
            Direction = MetricDirection.HigherIsBetter,
            Description = "mean cosine between target and prediction rows (Keras' metric; the loss of the same name is its negative)",
            Formula = "Σ w·(y·ŷ)/(‖y‖·‖ŷ‖) / Σ w",
        }, (s, o) => new CosineSimilarity());
        var numClasses = ArgumentSchema.Integer("num_classes", "K: declares the classes and validates labels (averaging still skips absent classes)", null, 1, int.MaxValue);
        var targetIds = ArgumentSchema.NumberList("target_class_ids", "classes averaged over (all when omitted)");
        Register(new MetricDescriptor
        {
            Name = "mean_iou", Aliases = ["one_hot_mean_iou", "one_hot_iou", "mean_io_u"], Family = MetricFamily.Label,
            Reads = MetricInputs.Labels | MetricInputs.Probabilities | MetricInputs.Logits, Direction = MetricDirection.HigherIsBetter,
            Description = "intersection over union per class, averaged over the (target) classes present (Keras' MeanIoU / OneHotIoU)",
            Formula = "mean_{c ∈ S, TP_c+FP_c+FN_c > 0} TP_c / (TP_c + FP_c + FN_c)", Tasks = [MetricTask.Multiclass],
            Arguments = [numClasses, targetIds],
        }, (s, o) => new MeanIou(o with { Task = MetricTask.Multiclass, NumClasses = (int)(s.OptionalInteger("num_classes") ?? o.NumClasses) }, ClassIds(s)));
        Register(new MetricDescriptor
        {
            Name = "binary_iou", Family = MetricFamily.Label, Reads = scores, Direction = MetricDirection.HigherIsBetter,
            Description = "intersection over union of classes 0 and 1 after thresholding, averaged over the target classes present (Keras' BinaryIoU)",
            Formula = "mean_{c ∈ S} TP_c / (TP_c + FP_c + FN_c), ŷ = 1(s ≥ t)", Tasks = [MetricTask.Binary],
            Arguments = [targetIds, threshold],
        }, (s, o) => new MeanIou(o with { Task = MetricTask.Binary, NumClasses = 0, Threshold = s.Number("threshold") }, ClassIds(s), "binary_iou"));
        Register(new MetricDescriptor
        {
            Name = "keras_auc", Aliases = ["auc_keras"], Family = MetricFamily.Score, Reads = scores, Direction = MetricDirection.HigherIsBetter,
            Description = "Keras' AUC: ROC or PR area over fixed thresholds (score > t), interpolated, minoring or majoring; multi_label averages per-label AUCs",
            Formula = "Σ_i (x_i − x_{i+1})·h_i over ascending thresholds; ROC x = FPR, y = TPR; PR x = recall, y = precision (PR interpolation: Davis & Goadrich)",
            Tasks = [MetricTask.Binary, MetricTask.Multiclass, MetricTask.Multilabel],
            Arguments =
            [
                ArgumentSchema.Integer("num_thresholds", "thresholds i/(n−1), i = 1…n−2, plus −1e−7 and 1+1e−7", 200, 2, 1 << 24),
                ArgumentSchema.Choice("curve", "the curve: ROC (TPR against FPR) or PR (precision against recall)", "roc", "roc", "pr"),
                ArgumentSchema.Choice("summation_method", "heights between thresholds: mean (PR: Davis–Goadrich), lower or higher", "interpolation",
                    "interpolation", "minoring", "majoring"),
                ArgumentSchema.NumberList("thresholds", "explicit thresholds in [0, 1] (replace num_thresholds; the end points are added)"),
                ArgumentSchema.Flag("multi_label", "one AUC per label (column), then averaged"),
                ArgumentSchema.NumberList("label_weights", "per-label weights: of the average with multi_label, else of each element"),
                ArgumentSchema.Flag("from_logits", "scores are logits: a sigmoid first (also set when the compiled loss reads logits)"),
            ],
        }, (s, o) => new KerasAuc((int)s.Integer("num_thresholds"), s.Choice("curve") == "pr" ? KerasAuc.CurveKind.Pr : KerasAuc.CurveKind.Roc,
            s.Choice("summation_method") switch { "minoring" => KerasAuc.Summation.Minoring, "majoring" => KerasAuc.Summation.Majoring, _ => KerasAuc.Summation.Interpolation },
            s.Numbers("thresholds"), s.Flag("multi_label"), s.Numbers("label_weights"), s.Flag("from_logits") ? o with { FromLogits = true } : o));
    }

    /// <summary>Keras' <c>thresholds</c> and <c>top_k</c> for precision and recall (see <see cref="ThresholdedPrecisionRecall"/>).</summary>
    private static readonly ArgumentSchema[] KerasThresholdArguments =
    [
        ArgumentSchema.NumberList("thresholds", "Keras: element-wise, positive when score > t; one value per threshold") with { ArrayOf = "threshold" },
        ArgumentSchema.Integer("top_k", "Keras: only the k highest scores of each row count as positive", null, 1, int.MaxValue),
    ];

    /// <summary>Keras' element-wise precision/recall when the spec gives <c>thresholds</c> or <c>top_k</c>; else null.</summary>
    private static IStreamingMetric? Thresholded(MetricSpec s, MetricOptions o, bool recall)
    {
        var thresholds = s.Numbers("thresholds");
        long? topK = s.OptionalInteger("top_k");
        if (thresholds is null && topK is null) return null;
        long? classId = s.OptionalInteger("class_id");
        return new ThresholdedPrecisionRecall(recall, thresholds, (int?)topK, (int?)classId ?? o.ClassId, o);
    }

    private static int[]? ClassIds(MetricSpec spec)
    {
        if (spec.Numbers("target_class_ids") is not { } ids) return null;
        foreach (double v in ids)
            if (v != Math.Floor(v) || v < 0 || v > int.MaxValue) throw new FormatException($"target_class_ids: {v} is not a class index");
        return [.. ids.Select(v => (int)v)];
    }
}
