using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Lovász hinge (<c>lovasz_hinge</c>): the Lovász extension of the Jaccard loss applied to hinge errors.</summary>
/// <remarks>
/// Berman, Rannen Triki &amp; Blaschko (CVPR 2018), binary, all elements pooled (their <c>per_image=False</c>).
/// With signs s = 2y − 1 and hinge errors eᵢ = 1 − fᵢ·sᵢ sorted in decreasing order e₍₁₎ ≥ … ≥ e₍ₙ₎:
/// ℓ = Σₖ max(e₍ₖ₎, 0)·gₖ, where gₖ = J(k) − J(k−1) and J(k) is the Jaccard loss 1 − |P ∩ top k|/|P ∪ top k|
/// of predicting the k largest errors wrong (a tight convex surrogate of 1 − IoU). Predictions: raw scores
/// (logits); targets 0/1. Non-decomposable; piecewise linear, differentiable almost everywhere. Sample
/// weights are not supported (the Lovász extension is of the unweighted Jaccard index).
/// <code>
/// var loss = new LovaszHinge();
/// // y = [1, 0], f = [2, −2] → 0 (both margins ≥ 1); y = [1], f = [0] → 1
/// Tensor l = loss.Call(yTrue, logits);
/// </code>
/// </remarks>
public sealed class LovaszHinge : SurrogateLoss
{
    /// <inheritdoc />
    public override string Name => "lovasz_hinge";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, 0, 1, "0/1");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        if (weight is not null) throw Bad("sample_weight", "is not supported (the Lovász extension is of the unweighted Jaccard index)");
        Tensor f = yPred.reshape(-1);
        Tensor y = yTrue.reshape(-1);
        if (f.shape[0] == 0) return f.sum();
        Tensor errors = 1 - f * (2 * y - 1);
        var (sorted, perm) = errors.sort(0, descending: true);
        Tensor gt = y[perm];
        Tensor gts = gt.sum();
        Tensor intersection = gts - gt.cumsum(0);
        Tensor union = gts + (1 - gt).cumsum(0);
        Tensor jaccard = 1 - intersection / union;
        Tensor grad = f.shape[0] > 1
            ? cat([jaccard[..1], jaccard[1..] - jaccard[..^1]])
            : jaccard;
        return (sorted.clamp_min(0) * grad.detach()).sum();
    }
}
