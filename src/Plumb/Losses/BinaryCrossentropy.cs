using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Binary cross-entropy (<c>binary_crossentropy</c>, aliases <c>bce</c>, <c>log_loss</c>):
/// ℓ = −mean_c [w₊·y·log p + (1−y)·log(1−p)].
/// </summary>
/// <remarks>
/// <para>Probabilities (default, as Keras): p is clipped to [ε, 1−ε] with ε = 1e-7 (Keras' epsilon), so p = 0 or
/// 1 gives a finite loss of at most −log ε ≈ 16.1. With <c>fromLogits</c> the prediction is a raw score z and the
/// loss is computed from log σ(z) = −softplus(−z) and log(1−σ(z)) = −softplus(z) — exact and finite for any z.</para>
/// <para>Targets in [0, 1] (soft labels allowed). <c>labelSmoothing</c> s replaces y by y·(1−s) + s/2 (Keras).
/// <c>posWeight</c> w₊ multiplies the positive term (PyTorch's <c>pos_weight</c>; TorchSharp calls it
/// <c>pos_weights</c>); 1 by default. On probabilities in (ε, 1−ε) the value equals the <c>log_loss</c> metric
/// (natural log, scikit-learn). For binary and multilabel classification.</para>
/// <code>
/// var bce = new BinaryCrossentropy(fromLogits: true);
/// // y = [0, 1, 0, 0], z = [−18.6, 0.51, 2.94, −12.8] → 0.865 (Keras' doc example)
/// Tensor loss = bce.Call(yTrue, logits);
/// </code>
/// </remarks>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>Clipping epsilon for probability inputs.</summary>
    public const double Epsilon = 1e-7;

    private readonly double _labelSmoothing;

    /// <summary>Creates a binary cross-entropy.</summary>
    /// <param name="fromLogits">Predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">s in [0, 1].</param>
    /// <param name="reduction">Reduction.</param>
    /// <param name="posWeight">Weight w₊ &gt; 0 of the positive term.</param>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, LossReduction reduction = LossReduction.SumOverBatchSize, double posWeight = 1)
        : base(reduction)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentException($"loss 'binary_crossentropy': label_smoothing must be in [0, 1], got {Fmt(labelSmoothing)}", nameof(labelSmoothing));
        if (!(posWeight > 0) || double.IsInfinity(posWeight))
            throw new ArgumentException($"loss 'binary_crossentropy': pos_weight must be positive, got {Fmt(posWeight)}", nameof(posWeight));
        FromLogits = fromLogits;
        _labelSmoothing = labelSmoothing;
        PosWeight = posWeight;
    }

    /// <inheritdoc />
    public override string Name => "binary_crossentropy";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Label smoothing s.</summary>
    public double LabelSmoothing => _labelSmoothing;

    /// <summary>Weight of the positive term.</summary>
    public double PosWeight { get; }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) => MeanLastAxis(Elementwise(yTrue, yPred, FromLogits, _labelSmoothing, PosWeight));

    /// <summary>Elementwise binary cross-entropy, no reduction (shared with the focal loss).</summary>
    internal static Tensor Elementwise(Tensor yTrue, Tensor yPred, bool fromLogits, double labelSmoothing, double posWeight = 1)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (labelSmoothing > 0) y = y * (1 - labelSmoothing) + labelSmoothing / 2;
        if (fromLogits)
        {
            // y·softplus(−z)·w₊ + (1−y)·softplus(z), with softplus(−z) = softplus(z) − z.
            Tensor sp = nn.functional.softplus(yPred);
            return posWeight == 1 ? sp - yPred * y : sp * (1 + (posWeight - 1) * y) - posWeight * y * yPred;
        }
        Tensor p = yPred.clamp(Epsilon, 1 - Epsilon);
        Tensor pos = y * p.log();
        if (posWeight != 1) pos = posWeight * pos;
        return -(pos + (1 - y) * (1 - p).log());
    }
}
