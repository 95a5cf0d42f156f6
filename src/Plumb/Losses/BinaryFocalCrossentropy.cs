using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Binary focal cross-entropy (<c>binary_focal_crossentropy(gamma=2)</c>, alias <c>focal</c>):
/// ℓ = mean_c a·(1 − p_t)^γ·BCE(y, p), with p_t = y·p + (1−y)·(1−p).
/// </summary>
/// <remarks>
/// <para>Lin et al. 2017, in Keras 3's form: the BCE term is <see cref="BinaryCrossentropy"/>'s (clipping
/// ε = 1e-7 for probabilities, softplus for logits); p = σ(z) with <c>fromLogits</c>. γ = 2 by default (Keras);
/// γ = 0 gives plain BCE. <b>No class balancing unless <c>alpha</c> is given</b> (Keras'
/// <c>apply_class_balancing=False</c>); with α, a = α for positives and 1 − α for negatives
/// (a = α·y + (1−α)(1−y)). Label smoothing as in BCE. Targets in [0, 1]. For imbalanced binary or multilabel
/// problems where easy negatives dominate.</para>
/// <code>
/// var focal = new BinaryFocalCrossentropy(gamma: 2, fromLogits: true);
/// // y = [0, 1, 0, 0], z = [−18.6, 0.51, 2.94, −12.8] → 0.691 (Keras' doc example)
/// Tensor loss = focal.Call(yTrue, logits);
/// </code>
/// </remarks>
public sealed class BinaryFocalCrossentropy : Loss
{
    /// <summary>Creates a binary focal loss; γ ≥ 0, α in [0, 1] or null.</summary>
    public BinaryFocalCrossentropy(double gamma = 2, double? alpha = null, bool fromLogits = false, double labelSmoothing = 0,
        LossReduction reduction = LossReduction.SumOverBatchSize) : base(reduction)
    {
        LossChecks.NonNegative("binary_focal_crossentropy", "gamma", gamma);
        if (alpha is double a) LossChecks.Probability("binary_focal_crossentropy", "alpha", a);
        LossChecks.Probability("binary_focal_crossentropy", "label_smoothing", labelSmoothing);
        Gamma = gamma;
        Alpha = alpha;
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <inheritdoc />
    public override string Name => "binary_focal_crossentropy";

    /// <summary>Focusing parameter γ.</summary>
    public double Gamma { get; }

    /// <summary>Balancing weight of positives, or null for none.</summary>
    public double? Alpha { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Label smoothing s.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (LabelSmoothing > 0) y = y * (1 - LabelSmoothing) + LabelSmoothing / 2;
        Tensor bce = BinaryCrossentropy.Elementwise(y, yPred, FromLogits, 0);
        Tensor p = FromLogits ? yPred.sigmoid() : yPred;
        Tensor pt = y * p + (1 - y) * (1 - p);
        Tensor l = Gamma == 0 ? bce : (1 - pt).pow(Gamma) * bce;
        if (Alpha is double a) l = (y * a + (1 - y) * (1 - a)) * l;
        return MeanLastAxis(l);
    }
}
