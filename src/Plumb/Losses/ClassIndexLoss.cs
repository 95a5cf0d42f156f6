using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// A loss over class-index targets that reads one log-probability per sample, −log p_{i,yᵢ}: the shared part of
/// <see cref="SparseCategoricalCrossentropy"/> and <see cref="NegativeLogLikelihood"/> (targets, <c>ignoreIndex</c>,
/// class weights); subclasses say how the output becomes log-probabilities.
/// </summary>
/// <remarks>
/// Targets: class indices [N] (or [N, 1]; [B, …] for [B, …, K] outputs), integers in [0, K) or the ignore index, as integer or floating tensors.
/// Samples whose target is the ignore index contribute 0 and weigh 0.
/// <code>
/// ClassIndexLoss nll = new NegativeLogLikelihood();
/// </code>
/// </remarks>
public abstract class ClassIndexLoss : Loss
{
    private readonly double[]? _classWeights;

    /// <summary>Creates the loss; <paramref name="name"/> names it in argument errors.</summary>
    private protected ClassIndexLoss(string name, long? ignoreIndex, LossReduction reduction, IReadOnlyList<double>? classWeights) : base(reduction)
    {
        IgnoreIndex = ignoreIndex;
        _classWeights = LossChecks.ClassWeights(name, classWeights);
    }

    /// <summary>Target value whose samples are ignored, or null.</summary>
    public long? IgnoreIndex { get; }

    /// <summary>log p per class, [N, K], from the model's output.</summary>
    private protected abstract Tensor LogProbabilitiesOf(Tensor yPred);

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
        if (IgnoreIndex is null || Reduction != LossReduction.SumOverBatchSize) return base.Compute(yTrue, yPred, sampleWeight);
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
        Tensor l = -LogProbabilitiesOf(yPred).gather(-1, idx.unsqueeze(-1)).squeeze(-1);
        return IgnoreIndex is long ig ? l.masked_fill(yTrue.ne(ig).logical_not(), 0) : l;
    }

    /// <summary>Targets as int64 indices (the per-element shape), ignored ones replaced by 0.</summary>
    private Tensor SafeIndex(Tensor yTrue)
    {
        Tensor idx = yTrue.to_type(ScalarType.Int64);
        return IgnoreIndex is long ig ? idx.masked_fill(idx.eq(ig), 0) : idx;
    }
}
