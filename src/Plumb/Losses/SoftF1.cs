using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Soft F1 loss (<c>soft_f1</c>): ℓ = 1 − 2·Σpy / (Σp + Σy + ε), ε = 1e-7.</summary>
/// <remarks>
/// <para>F1 = 2TP / (2TP + FP + FN) with soft counts TP = Σwpy, FP = Σwp(1−y), FN = Σw(1−p)y (w: sample
/// weights), so 2TP + FP + FN = Σwp + Σwy. p are probabilities, or σ(z) with <c>fromLogits</c>. Binary (one
/// column, or all columns pooled — micro) by default; <c>macro</c> computes 1 − F1 per column and averages.
/// ε keeps an all-negative batch with p = 0 finite (value 1 there). Targets in [0, 1].</para>
/// <para>Non-decomposable: the value is over the whole batch. In [0, 1]; 0 only for a perfect hard
/// prediction. A surrogate of the <c>f1</c> metric, for imbalanced problems where F1 is what is judged.</para>
/// <code>
/// var loss = new SoftF1();
/// // y = [1, 0, 1], p = [0.8, 0.4, 0.6] → 1 − 2·1.4 / (1.8 + 2) ≈ 0.2632
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class SoftF1(bool fromLogits = false, bool macro = false) : SurrogateLoss
{
    /// <summary>Denominator epsilon.</summary>
    public const double Epsilon = 1e-7;

    /// <inheritdoc />
    public override string Name => "soft_f1";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>Whether the loss is averaged over columns (classes) rather than pooled.</summary>
    public bool Macro { get; } = macro;

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight) =>
        SoftFBeta.Compute(yTrue, FromLogits ? yPred.sigmoid() : yPred, weight, 1, Macro);
}
