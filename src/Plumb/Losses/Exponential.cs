using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Exponential loss (<c>exponential</c>): ℓ = mean_c e^(−y·f), labels y ∈ {−1, +1} — AdaBoost's loss.</summary>
/// <remarks>
/// Targets 0/1 or −1/+1 (0 mapped to −1). Predictions: raw scores f. Always &gt; 0, → 0 as the margin grows,
/// grows exponentially with a negative margin: very sensitive to label noise and outliers, and it overflows to
/// +∞ for margins below about −88 (float32) or −709 (float64) — inherent to the loss, not clipped.
/// <code>
/// var loss = new Exponential();
/// // y = [1, 0], f = [0, 1] → (1 + e) / 2 ≈ 1.859
/// Tensor l = loss.Call(yTrue, scores);
/// </code>
/// </remarks>
public sealed class Exponential(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "exponential";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, -1, 1, "0/1 or −1/+1");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) => MeanLastAxis((-Hinge.Signs(yTrue, yPred) * yPred).exp());
}
