using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Hinge loss (<c>hinge</c>): ℓ = mean_c max(0, 1 − y·f), labels y ∈ {−1, +1}.</summary>
/// <remarks>
/// Targets 0/1 or −1/+1: a 0 is mapped to −1 (Keras maps an all-0/1 target this way). Predictions: raw scores
/// f (margins), not probabilities. 0 once the margin y·f reaches 1. The SVM loss; for binary classification with
/// a max-margin decision function.
/// <code>
/// var loss = new Hinge();
/// // y = [1, 0], f = [0.3, −2] → (0.7 + 0) / 2 = 0.35
/// Tensor l = loss.Call(yTrue, scores);
/// </code>
/// </remarks>
public sealed class Hinge(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "hinge";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, -1, 1, "0/1 or −1/+1");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) => MeanLastAxis((1 - Signs(yTrue, yPred) * yPred).clamp_min(0));

    /// <summary>Labels as ±1 in <c>yPred</c>'s dtype: y &gt; 0 → +1, else −1.</summary>
    internal static Tensor Signs(Tensor yTrue, Tensor yPred) =>
        (yTrue.to_type(yPred.dtype) * 2).sub_(1).clamp_(-1, 1); // 1 → 1, 0 → −1, −1 → −3 → −1; in place on a fresh tensor
}
