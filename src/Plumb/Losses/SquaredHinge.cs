using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Squared hinge loss (<c>squared_hinge</c>): ℓ = mean_c max(0, 1 − y·f)², labels y ∈ {−1, +1}.</summary>
/// <remarks>
/// Targets 0/1 or −1/+1 (0 mapped to −1, as <see cref="Hinge"/>). Predictions: raw scores. Differentiable at the
/// margin, unlike the hinge; penalises violations quadratically (the L2-SVM loss).
/// <code>
/// var loss = new SquaredHinge();
/// // y = [1, 0], f = [0.3, −2] → (0.49 + 0) / 2 = 0.245
/// Tensor l = loss.Call(yTrue, scores);
/// </code>
/// </remarks>
public sealed class SquaredHinge(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "squared_hinge";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, -1, 1, "0/1 or −1/+1");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        MeanLastAxis((1 - Hinge.Signs(yTrue, yPred) * yPred).clamp_min(0).square());
}
