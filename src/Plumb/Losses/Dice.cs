using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Dice loss (<c>dice(smooth=0)</c>): ℓ = 1 − (2Σpy + s) / (Σp + Σy + s + ε), pooled over all elements.</summary>
/// <remarks>
/// ε = 1e-7. With the default s = 0 this is Keras 3's <c>Dice</c> (and equals <see cref="SoftF1"/>); s = 1 is the
/// common segmentation smoothing, which makes an empty target with an empty prediction score 0 and softens the
/// gradient on small masks. Predictions: probabilities (or logits with <c>fromLogits</c>); targets in [0, 1].
/// Non-decomposable: over the whole batch (all samples and columns pooled). For segmentation masks.
/// <code>
/// var loss = new Dice(smooth: 1);
/// // y = [1, 0, 1], p = [0.8, 0.4, 0.6] → 1 − (2.8 + 1)/(1.8 + 2 + 1) ≈ 0.2083
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Dice : SurrogateLoss
{
    /// <summary>Creates a Dice loss with smoothing <paramref name="smooth"/> ≥ 0.</summary>
    public Dice(double smooth = 0, bool fromLogits = false)
    {
        LossChecks.NonNegative("dice", "smooth", smooth);
        Smooth = smooth;
        FromLogits = fromLogits;
    }

    /// <inheritdoc />
    public override string Name => "dice";

    /// <summary>Smoothing s.</summary>
    public double Smooth { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        var (tp, fp, fn) = SoftCounts(yTrue, FromLogits ? yPred.sigmoid() : yPred, weight, perColumn: false);
        return 1 - (2 * tp + Smooth) / (2 * tp + fp + fn + Smooth + SoftF1.Epsilon);
    }
}
