using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// A non-decomposable loss: a differentiable surrogate of a metric (F1, Dice, IoU, AUC), whose value is defined
/// over the whole batch (soft counts, rankings), not as a mean of per-sample terms.
/// </summary>
/// <remarks>
/// <see cref="Loss.Reduction"/> does not apply; sample weights (a scalar or one per sample) enter the soft counts
/// (or pair weights). Inputs of rank &gt; 2 ([B, H, W, 1] masks) are pooled per sample.
/// <see cref="Loss.PerSample"/> throws <see cref="NotSupportedException"/>. Because the value depends on the batch,
/// a mini-batch value is a biased estimate of the value over the data: use large batches, and monitor the
/// metric itself.
/// </remarks>
public abstract class SurrogateLoss : Loss
{
    /// <summary>Creates a surrogate.</summary>
    protected SurrogateLoss() : base(LossReduction.SumOverBatchSize) { }

    /// <inheritdoc />
    public override bool IsDecomposable => false;

    /// <summary>Always throws: the loss has no per-sample terms.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        throw new NotSupportedException($"loss '{Name}' is defined over the whole batch and has no per-sample values; use Call");

    /// <summary>The loss over the whole batch (a scalar).</summary>
    protected override Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        using var scope = NewDisposeScope();
        Tensor? w = sampleWeight is null ? null
            : (sampleWeight.dim() == 0 ? sampleWeight.expand(yPred.shape[0]) : sampleWeight.reshape(-1)).to_type(yPred.dtype);
        return Value(AlignTarget(yTrue, yPred).to_type(yPred.dtype), yPred, w).MoveToOuterDisposeScope();
    }

    /// <summary>Sample weights are one per sample (or a scalar): the value is defined over whole samples.</summary>
    protected override long[] ElementShape(Tensor yTrue, Tensor yPred) => [yPred.shape[0]];

    /// <summary>The surrogate's value; <paramref name="yTrue"/> is already in <paramref name="yPred"/>'s dtype and shape.</summary>
    protected abstract Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight);

    /// <summary>Soft confusion counts per column (or pooled): TP = Σwpy, FP = Σwp(1−y), FN = Σw(1−p)y.</summary>
    internal static (Tensor Tp, Tensor Fp, Tensor Fn) SoftCounts(Tensor y, Tensor p, Tensor? weight, bool perColumn)
    {
        if (p.dim() == 1) { p = p.unsqueeze(-1); y = y.unsqueeze(-1); }
        p = p.reshape(p.shape[0], -1);
        y = y.reshape(y.shape[0], -1);
        Tensor wp = weight is null ? p : p * weight.unsqueeze(-1);
        Tensor wy = weight is null ? y : y * weight.unsqueeze(-1);
        long[] dims = perColumn ? [0] : [0, 1];
        Tensor tp = (wp * y).sum(dims);
        Tensor sp = wp.sum(dims);
        Tensor sy = wy.sum(dims);
        return (tp, sp - tp, sy - tp);
    }
}
