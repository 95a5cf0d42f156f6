using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Quantile (pinball) loss (<c>quantile(alpha=0.5)</c>, alias <c>pinball</c>).</summary>
/// <remarks>
/// ℓ = α·max(y − ŷ, 0) + (1 − α)·max(ŷ − y, 0), mean over the last axis; its minimiser is the α-quantile.
/// α defaults to 0.5 (half the absolute error), as scikit-learn's <c>mean_pinball_loss</c>, whose value it equals
/// (the <c>pinball(alpha=…)</c> metric). Targets and predictions: any real numbers. For prediction intervals.
/// <code>
/// var loss = new Quantile(alpha: 0.9);
/// // y = [1], ŷ = [0] → 0.9; y = [0], ŷ = [1] → 0.1
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Quantile : Loss
{
    /// <summary>Creates a pinball loss for the quantile <paramref name="alpha"/> in (0, 1).</summary>
    public Quantile(double alpha = 0.5, LossReduction reduction = LossReduction.SumOverBatchSize) : base(reduction)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"loss 'quantile': alpha must be in (0, 1), got {Fmt(alpha)}", nameof(alpha));
        Alpha = alpha;
    }

    /// <summary>The target quantile α.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "quantile";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor d = yTrue.to_type(yPred.dtype) - yPred;
        return MeanLastAxis(Alpha * d.clamp_min(0) + (1 - Alpha) * (-d).clamp_min(0));
    }
}
