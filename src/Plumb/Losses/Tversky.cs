using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Tversky loss (<c>tversky(alpha=0.5, beta=0.5)</c>): ℓ = 1 − TP / (TP + α·FP + β·FN + ε).</summary>
/// <remarks>
/// Soft counts TP = Σwpy, FP = Σwp(1−y), FN = Σw(1−p)y pooled over all elements, ε = 1e-7. α weighs false
/// positives, β false negatives; α = β = 0.5 is Dice, α = β = 1 the soft Jaccard (IoU) loss; β &gt; α favours recall
/// (e.g. α = 0.3, β = 0.7 for small lesions). Keras 3's <c>Tversky</c> has the same defaults but, in its source,
/// applies α to the count it names false positives, which is Σ(1−p)y; Plumb follows the paper (Salehi et al.
/// 2017): α on Σp(1−y). Predictions: probabilities (or logits with <c>fromLogits</c>); targets in [0, 1].
/// Non-decomposable.
/// <code>
/// var loss = new Tversky(alpha: 0.3, beta: 0.7);
/// // y = [1, 0, 1], p = [0.8, 0.4, 0.6]: TP 1.4, FP 0.4, FN 0.6 → 1 − 1.4/(1.4 + 0.12 + 0.42) ≈ 0.2784
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Tversky : SurrogateLoss
{
    /// <summary>Creates a Tversky loss; α, β ≥ 0.</summary>
    public Tversky(double alpha = 0.5, double beta = 0.5, bool fromLogits = false)
    {
        LossChecks.NonNegative("tversky", "alpha", alpha);
        LossChecks.NonNegative("tversky", "beta", beta);
        Alpha = alpha;
        Beta = beta;
        FromLogits = fromLogits;
    }

    /// <inheritdoc />
    public override string Name => "tversky";

    /// <summary>Weight α of false positives.</summary>
    public double Alpha { get; }

    /// <summary>Weight β of false negatives.</summary>
    public double Beta { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        var (tp, fp, fn) = SoftCounts(yTrue, FromLogits ? yPred.sigmoid() : yPred, weight, perColumn: false);
        return 1 - tp / (tp + Alpha * fp + Beta * fn + SoftF1.Epsilon);
    }
}
