using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Sparse categorical cross-entropy (<c>sparse_categorical_crossentropy</c>, alias <c>scce</c>):
/// ℓᵢ = −log p_{i,yᵢ} for class-index targets.
/// </summary>
/// <remarks>
/// <para>Targets: class indices [N] (or [N, 1]), integers in [0, K), as integer or floating tensors; for
/// sequences and segmentation masks [B, T] / [B, H, W] (or with a trailing 1) against [B, T, K] / [B, H, W, K]
/// scores, one index per timestep or pixel, the loss averaged over all of them (Keras 3).
/// Predictions: [N, K] probabilities (default, Keras; renormalised and clipped to [ε, 1−ε], ε = 1e-7) or
/// logits with <c>fromLogits</c> (log-softmax).</para>
/// <para><c>ignoreIndex</c> (PyTorch's name; Keras' <c>ignore_class</c>): samples with that target contribute
/// 0 and are left out of the denominator — <see cref="Reduction.SumOverBatchSize"/> divides by the number of
/// elements (samples, timesteps, pixels) not ignored, as Keras (via its mask) and PyTorch (<c>reduction='mean'</c>) do. There is no default
/// ignore index (PyTorch's −100 is not inherited). <c>classWeights</c> weight each sample by w_{yᵢ}; with
/// <see cref="Reduction.MeanWithSampleWeight"/> this equals PyTorch's <c>cross_entropy(weight=w)</c>.</para>
/// <code>
/// var scce = new SparseCategoricalCrossentropy();
/// // y = [1, 2], p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (Keras' doc example)
/// Tensor loss = scce.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class SparseCategoricalCrossentropy : Loss
{
    private readonly double[]? _classWeights;

    /// <summary>Creates a sparse categorical cross-entropy.</summary>
    public SparseCategoricalCrossentropy(bool fromLogits = false, long? ignoreIndex = null, Reduction reduction = Reduction.SumOverBatchSize,
        IReadOnlyList<double>? classWeights = null) : base(reduction)
    {
        FromLogits = fromLogits;
        IgnoreIndex = ignoreIndex;
        _classWeights = LossChecks.ClassWeights("sparse_categorical_crossentropy", classWeights);
    }

    /// <inheritdoc />
    public override string Name => "sparse_categorical_crossentropy";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Target value whose samples are ignored, or null.</summary>
    public long? IgnoreIndex { get; }

    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.dim() < 2) throw Bad("y_pred", $"must be [N, K] (or [B, …, K]) class scores, got shape {ShapeText(yPred)}");
        if (!SameUpToTrailingOne(yTrue.shape, yPred.shape[..^1]))
            throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)} " +
                $"(one class index per {(yPred.dim() == 2 ? "row" : "element")} expected: [{string.Join(", ", yPred.shape[..^1])}])");
        if (_classWeights is not null && _classWeights.Length != yPred.shape[^1])
            throw Bad("class_weights", $"has {_classWeights.Length} values but there are {yPred.shape[^1]} classes");
    }

    /// <inheritdoc />
    protected override Tensor AlignTarget(Tensor yTrue, Tensor yPred) =>
        yTrue.dim() == yPred.dim() ? yTrue.squeeze(-1) : yTrue;

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred)
    {
        using var _ = no_grad();
        using var t = yTrue.to_type(ScalarType.Float64).reshape(-1);
        long k = yPred.shape[^1];
        using var valid = IgnoreIndex is long ig ? t.ne(ig) : ones_like(t, dtype: ScalarType.Bool);
        using var bad = valid.logical_and(t.lt(0).logical_or(t.ge(k)).logical_or(t.ne(t.floor())));
        if (!bad.any().item<bool>()) return;
        using var idx = bad.nonzero();
        double v = t[idx[0][0]].item<double>();
        throw Bad("y_true", $"must be class indices in [0, {k}), got {Fmt(v)}");
    }

    /// <inheritdoc />
    protected override Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        if (IgnoreIndex is null || Reduction != Reduction.SumOverBatchSize) return base.Compute(yTrue, yPred, sampleWeight);
        using var scope = NewDisposeScope();
        yTrue = AlignTarget(yTrue, yPred);
        Tensor l = PerSample(yTrue, yPred);
        Tensor valid = yTrue.ne(IgnoreIndex.Value).to_type(l.dtype);
        Tensor wl = l;
        if (_classWeights is not null) wl = wl * ClassWeightOf(yTrue, l)!;
        if (sampleWeight is not null) wl = wl * (AlignWeight(sampleWeight, l.shape) ?? sampleWeight.reshape(-1)).to_type(l.dtype);
        return (wl.sum() / valid.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override Tensor? ClassWeightOf(Tensor yTrue, Tensor perSample)
    {
        Tensor? mask = IgnoreIndex is long ig ? yTrue.ne(ig).to_type(perSample.dtype) : null;
        if (_classWeights is null) return mask;
        Tensor idx = SafeIndex(yTrue);
        Tensor w = tensor(_classWeights, dtype: perSample.dtype).index_select(0, idx.reshape(-1)).reshape(idx.shape);
        return mask is null ? w : w * mask;
    }

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor idx = SafeIndex(yTrue);
        Tensor l = -CategoricalCrossentropy.LogProbabilities(yPred, FromLogits).gather(-1, idx.unsqueeze(-1)).squeeze(-1);
        return IgnoreIndex is long ig ? l.masked_fill(yTrue.ne(ig).logical_not(), 0) : l;
    }

    /// <summary>Targets as int64 indices, ignored ones replaced by 0.</summary>
    private Tensor SafeIndex(Tensor yTrue)
    {
        Tensor idx = yTrue.to_type(ScalarType.Int64);
        return IgnoreIndex is long ig ? idx.masked_fill(idx.eq(ig), 0) : idx;
    }
}
