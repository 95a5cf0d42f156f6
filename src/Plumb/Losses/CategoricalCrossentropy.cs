using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Categorical cross-entropy (<c>categorical_crossentropy</c>, alias <c>cce</c>): ℓ = −Σ_c y_c·log p_c.</summary>
/// <remarks>
/// <para>Targets: one-hot (or probability) rows [N, K] in [0, 1] (or [B, T, K], [B, H, W, K]: the class axis is
/// last and the loss is averaged over every timestep or pixel). Predictions: probabilities of the same shape (default,
/// Keras) — each row is renormalised to sum 1 and clipped to [ε, 1−ε], ε = 1e-7 — or logits with
/// <c>fromLogits</c>, computed with log-softmax (finite for any logits).</para>
/// <para><c>labelSmoothing</c> s replaces y by y·(1−s) + s/K (Keras and PyTorch). <c>classWeights</c> w
/// weight each sample by Σ_c w_c·y_c (its class' weight for one-hot rows); with
/// <see cref="LossReduction.MeanWithSampleWeight"/> this equals PyTorch's <c>cross_entropy(weight=w)</c>, with the
/// default <see cref="LossReduction.SumOverBatchSize"/> it equals Keras' <c>class_weight</c>. For multiclass
/// classification; for class indices use <see cref="SparseCategoricalCrossentropy"/>.</para>
/// <code>
/// var cce = new CategoricalCrossentropy();
/// // y = [[0, 1, 0], [0, 0, 1]], p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (Keras' doc example)
/// Tensor loss = cce.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Clipping epsilon for probability inputs.</summary>
    public const double Epsilon = 1e-7;

    private readonly double[]? _classWeights;

    /// <summary>Creates a categorical cross-entropy.</summary>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, LossReduction reduction = LossReduction.SumOverBatchSize,
        IReadOnlyList<double>? classWeights = null) : base(reduction)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentException($"loss 'categorical_crossentropy': label_smoothing must be in [0, 1], got {Fmt(labelSmoothing)}", nameof(labelSmoothing));
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        _classWeights = LossChecks.ClassWeights("categorical_crossentropy", classWeights);
    }

    /// <inheritdoc />
    public override string Name => "categorical_crossentropy";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Label smoothing s.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.dim() < 2) throw Bad("y_pred", $"must be [N, K] (or [B, …, K]) class scores, got shape {ShapeText(yPred)}");
        if (!yTrue.shape.SequenceEqual(yPred.shape)) throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)} (one-hot rows expected)");
        if (_classWeights is not null && _classWeights.Length != yPred.shape[^1])
            throw Bad("class_weights", $"has {_classWeights.Length} values but there are {yPred.shape[^1]} classes");
    }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1] (one-hot or probabilities)");

    /// <inheritdoc />
    protected override Tensor? ClassWeightOf(Tensor yTrue, Tensor perSample) =>
        _classWeights is null ? null : (yTrue.to_type(perSample.dtype) * tensor(_classWeights, dtype: perSample.dtype)).sum(-1);

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (LabelSmoothing > 0) y = y * (1 - LabelSmoothing) + LabelSmoothing / yPred.shape[^1];
        return -(y * LogProbabilities(yPred, FromLogits)).sum(-1);
    }

    /// <summary>log p per class: log-softmax of logits, or the log of renormalised, clipped probabilities.</summary>
    internal static Tensor LogProbabilities(Tensor yPred, bool fromLogits) =>
        fromLogits ? yPred.log_softmax(-1) : (yPred / yPred.sum(-1, keepdim: true)).clamp(Epsilon, 1 - Epsilon).log();
}
