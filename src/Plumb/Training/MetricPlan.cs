using System.Globalization;
using Plumb.Losses;
using Plumb.Metrics;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>One compiled metric: its log key, its resolved spec or factory, and its descriptor (null for a custom
/// metric that declares none).</summary>
internal sealed record MetricEntry(string Key, MetricSpec? Spec, Func<IStreamingMetric>? Factory, bool Weighted, MetricDescriptor? Descriptor,
    MetricDirection Direction)
{
    /// <summary>Keras' <c>acc</c>/<c>accuracy</c>: resolved by the output and target shapes at the first batch.</summary>
    public bool IsAccuracy => Spec?.Name == "accuracy";

    /// <summary>The metric judges real values (its descriptor says so).</summary>
    public bool ReadsRealValues => Descriptor?.ReadsRealValues == true;
}

/// <summary>How the model's output and targets are handed to the metrics, decided at the first batch.</summary>
internal sealed class MetricPlan
{
    public required MetricTask Task { get; init; }
    public required int Columns { get; init; }
    /// <summary>Targets are one-hot rows: metrics get argmax.</summary>
    public required bool OneHotTargets { get; init; }
    /// <summary>Apply sigmoid (binary, multilabel) or softmax (multiclass) before the metrics.</summary>
    public required bool ApplyActivation { get; init; }
    /// <summary>The output is log-probabilities (the loss reads them): metrics get exp of it.</summary>
    public bool Exponentiate { get; init; }
    /// <summary>Human-readable resolution of each metric, e.g. "acc → binary accuracy (score ≥ 0.5)".</summary>
    public required IReadOnlyList<string> Resolution { get; init; }

    /// <summary>Decides the task from the output and target shapes (Keras 3 for accuracy) and runs the shape checks
    /// and the checks of the first batch's output values (<see cref="OutputCheck"/>).</summary>
    public static MetricPlan Resolve(IReadOnlyList<MetricEntry> metrics, Loss loss, string? activation, bool validate,
        Tensor pred, long[] targetShape, Tensor targetSample)
    {
        LossKind kind = LossResolver.KindOf(loss);
        bool fromLogits = LossResolver.FromLogits(loss);
        long[] predShape = pred.shape;
        if (validate) OutputCheck.Run(loss, kind, fromLogits, pred);
        int k = predShape.Length > 1 ? (int)predShape[^1] : 1;
        // Class indices: [N], [N, 1], or one per timestep / pixel ([B, T] against [B, T, K] scores).
        bool targetOneColumn = targetShape.Length == 1 || targetShape[^1] == 1 || targetShape.Length < predShape.Length;
        bool oneHot = false;
        MetricTask task;
        if (kind == LossKind.Ranking) task = MetricTask.Ranking;
        else if (kind == LossKind.Regression) task = MetricTask.Regression;
        else if (k == 1) task = MetricTask.Binary;
        else if (targetOneColumn) task = MetricTask.Multiclass;
        else if (kind is LossKind.BinaryProbability || (kind is LossKind.Probability or LossKind.Unknown or LossKind.Margin && activation == "sigmoid"))
            task = MetricTask.Multilabel;
        else { task = MetricTask.Multiclass; oneHot = true; }

        if (validate)
        {
            string lossName = loss.Name;
            if (kind == LossKind.BinaryProbability && k > 1 && activation == "softmax")
                throw new CompileCheckException("bce_on_softmax",
                    $"loss '{lossName}' on a {k}-unit softmax output: binary cross-entropy scores each of the {k} outputs as an independent " +
                    "yes/no probability, but softmax makes them compete (they sum to 1). For one class out of " +
                    $"{k} use categorical_crossentropy (one-hot targets) or sparse_categorical_crossentropy (class indices); " +
                    "for independent labels use a sigmoid output");
            foreach (var m in metrics)
            {
                bool rankingMetric = m.Descriptor is { } md && (md.Family == MetricFamily.Ranking || md.Reads.HasFlag(MetricInputs.Relevance));
                if (task == MetricTask.Ranking && !rankingMetric)
                    throw new CompileCheckException("non_ranking_metric_with_ranking_loss",
                        $"metric '{m.Key}' does not judge rankings, but the loss '{lossName}' trains scores of query lists: use ndcg@k, " +
                        "map_at_k, mrr, precision_at_k, recall_at_k, hit_rate or ordered_pair_accuracy");
                if (task != MetricTask.Ranking && rankingMetric)
                    throw new CompileCheckException("ranking_metric_without_ranking_loss",
                        $"metric '{m.Key}' ranks items within query groups, but the loss '{lossName}' is not a ranking loss: train padded " +
                        "[queries, list] data with pairwise_logistic, listnet, lambda_rank, approx_ndcg, pairwise_hinge or sigmoid_cross_entropy");
                if (task == MetricTask.Ranking || m.ReadsRealValues) continue;
                if (kind == LossKind.Regression && m.Descriptor is null)
                    throw new CompileCheckException("undeclared_metric_with_regression_loss",
                        $"metric '{m.Key}' does not declare what it reads, and the loss '{lossName}' is a regression loss: Plumb cannot " +
                        "tell whether it judges real values or class labels. Declare it on the class: [PlumbMetric(MetricFamily.Regression, " +
                        "MetricInputs.RealValues)] (or implement IDescribedMetric)");
                if (kind == LossKind.Regression)
                    throw new CompileCheckException("accuracy_with_regression_loss",
                        $"metric '{m.Key}' reads class labels or class scores, but the loss '{lossName}' is a regression loss: the " +
                        "outputs are real values, not probabilities, so the metric would threshold arbitrary numbers. " +
                        "Judge a regression with mae, rmse or r2; for classes, train with a classification loss (binary_crossentropy, " +
                        "categorical_crossentropy)");
                if (FirstNonLabel(targetSample, task, k, oneHot) is { } bad)
                    throw new CompileCheckException("label_metric_on_regression_target",
                        $"metric '{m.Key}' reads class labels, but the targets are not {Expected(task, k)}: found " +
                        $"{bad.ToString(CultureInfo.InvariantCulture)}. This is a regression target: use mae, rmse or r2 and a regression loss");
            }
        }

        var resolution = new List<string>();
        foreach (var m in metrics.Where(m => m.IsAccuracy))
        {
            string how = task switch
            {
                MetricTask.Binary => "binary accuracy (score ≥ 0.5)",
                MetricTask.Multiclass when oneHot => "categorical accuracy (argmax of output vs argmax of one-hot target)",
                MetricTask.Multiclass => "sparse categorical accuracy (argmax of output vs class index)",
                MetricTask.Multilabel => "multilabel accuracy (each label thresholded at 0.5)",
                _ => "accuracy",
            };
            resolution.Add($"{m.Key} → {how}");
        }
        return new MetricPlan
        {
            Task = task, Columns = k, OneHotTargets = oneHot,
            ApplyActivation = fromLogits && task != MetricTask.Regression,
            Exponentiate = kind == LossKind.LogProbabilities,
            Resolution = resolution,
        };
    }

    /// <summary>Builds the metric for <paramref name="entry"/> under this plan.</summary>
    public IStreamingMetric Create(MetricEntry entry)
    {
        if (entry.Factory is not null) return entry.Factory();
        var options = new MetricOptions
        {
            Task = Task, Threshold = 0.5, FromLogits = false,
            NumClasses = Task is MetricTask.Multiclass or MetricTask.Multilabel ? Columns : 0,
        };
        return MetricRegistry.Create(entry.Spec!, options);
    }

    /// <summary>The probabilities the metrics read (sigmoid / softmax of logits when the loss is from_logits).</summary>
    public Tensor Scores(Tensor pred) =>
        Exponentiate ? pred.exp()
        : !ApplyActivation ? pred
        : Task == MetricTask.Multiclass ? pred.softmax(-1) : pred.sigmoid();

    /// <summary>The targets the metrics read (class index for one-hot rows).</summary>
    public Tensor Targets(Tensor y) => OneHotTargets ? y.argmax(-1) : y;

    private static string Expected(MetricTask task, int k) => task switch
    {
        MetricTask.Binary => "0/1 labels",
        MetricTask.Multiclass => $"class indices 0…{k - 1} or one-hot rows",
        _ => "0/1 labels",
    };

    private static double? FirstNonLabel(Tensor y, MetricTask task, int k, bool oneHot)
    {
        using var scope = NewDisposeScope();
        var v = y.to_type(ScalarType.Float64).cpu().contiguous();
        double[] values = v.data<double>().ToArray();
        foreach (double t in values)
        {
            bool ok = task switch
            {
                MetricTask.Multiclass when !oneHot => t == Math.Floor(t) && t >= 0 && t < k,
                _ => t is 0 or 1,
            };
            if (!ok) return t;
        }
        return null;
    }
}
