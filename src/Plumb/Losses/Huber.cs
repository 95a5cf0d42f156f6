using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Huber loss (<c>huber(delta=1)</c>): quadratic for small errors, linear for large ones.</summary>
/// <remarks>
/// With e = ŷ − y: ℓ = ½e² when |e| ≤ δ, else δ·(|e| − ½δ); mean over the last axis. δ defaults to 1 (Keras,
/// PyTorch). Equals PyTorch's <c>huber_loss(delta=δ)</c>; PyTorch's <c>smooth_l1_loss(beta=δ)</c> is this
/// divided by δ. Targets and predictions: any real numbers. For regression with occasional outliers.
/// <code>
/// var loss = new Huber(delta: 1.5);
/// // y = [0], ŷ = [3] → 1.5·(3 − 0.75) = 3.375
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Huber : Loss
{
    /// <summary>Creates a Huber loss; <paramref name="delta"/> must be positive.</summary>
    public Huber(double delta = 1.0, LossReduction reduction = LossReduction.SumOverBatchSize) : base(reduction)
    {
        if (!(delta > 0)) throw new ArgumentException($"loss 'huber': delta must be positive, got {Fmt(delta)}", nameof(delta));
        Delta = delta;
    }

    /// <summary>The threshold δ between the quadratic and linear parts.</summary>
    public double Delta { get; }

    /// <inheritdoc />
    public override string Name => "huber";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor e = (yPred - yTrue.to_type(yPred.dtype)).abs();
        // min(|e|, δ) is the quadratic part; the rest is linear: ½q² + δ(|e| − q). Same value, smooth gradient.
        Tensor q = e.clamp_max(Delta);
        return MeanLastAxis(0.5 * q.square() + Delta * (e - q));
    }
}
