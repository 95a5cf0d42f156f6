using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// A differentiable loss: per-sample values from <see cref="PerSample"/>, then sample weights and a
/// <see cref="Reduction"/>. Subclasses implement one formula; this class owns weighting and reduction.
/// </summary>
public abstract class Loss
{
    /// <summary>Creates a loss with a reduction.</summary>
    protected Loss(Reduction reduction = Reduction.SumOverBatchSize) => Reduction = reduction;

    /// <summary>Registry name, e.g. <c>binary_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How per-sample values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>Per-sample loss ℓᵢ, a tensor of shape [N].</summary>
    public abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced, weighted loss.</summary>
    public virtual Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = NewDisposeScope();
        Tensor l = PerSample(yTrue, yPred);
        return Reduce(l, sampleWeight).MoveToOuterDisposeScope();
    }

    /// <summary>Applies sample weights and the reduction to per-sample values.</summary>
    protected Tensor Reduce(Tensor perSample, Tensor? sampleWeight)
    {
        Tensor wl = sampleWeight is null ? perSample : perSample * sampleWeight.to_type(perSample.dtype);
        return Reduction switch
        {
            Reduction.SumOverBatchSize => wl.sum() / perSample.shape[0],
            Reduction.MeanWithSampleWeight => sampleWeight is null ? wl.mean() : wl.sum() / sampleWeight.to_type(perSample.dtype).sum(),
            Reduction.Sum => wl.sum(),
            _ => wl,
        };
    }
}
