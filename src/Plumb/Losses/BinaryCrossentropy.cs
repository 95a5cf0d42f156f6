using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Binary cross-entropy: ℓ = −[y·log p + (1−y)·log(1−p)], averaged over the last axis.
/// </summary>
/// <remarks>
/// With <c>fromLogits</c> the prediction is a raw score z and p = σ(z), computed stably as
/// max(z,0) − z·y + log(1 + e^(−|z|)). Otherwise p is clipped to [ε, 1−ε] with ε = 1e-7 (Keras' epsilon).
/// Targets must be in [0, 1]. Label smoothing replaces y by y·(1−s) + s/2.
/// <code>
/// var bce = new BinaryCrossentropy(fromLogits: true);
/// Tensor loss = bce.Call(yTrue, logits);
/// </code>
/// </remarks>
public sealed class BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, Reduction reduction = Reduction.SumOverBatchSize)
    : Loss(reduction)
{
    /// <summary>Clipping epsilon for probability inputs.</summary>
    public const double Epsilon = 1e-7;

    /// <inheritdoc />
    public override string Name => "binary_crossentropy";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (labelSmoothing > 0) y = y * (1 - labelSmoothing) + labelSmoothing / 2;
        Tensor l;
        if (FromLogits)
            l = yPred.clamp_min(0) - yPred * y + (-yPred.abs()).exp().log1p();
        else
        {
            Tensor p = yPred.clamp(Epsilon, 1 - Epsilon);
            l = -(y * p.log() + (1 - y) * (1 - p).log());
        }
        return l.dim() > 1 ? l.mean([-1]) : l;
    }
}
