using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Categorical focal cross-entropy (<c>categorical_focal_crossentropy(gamma=2)</c>):
/// ℓ = −Σ_c a·(1 − p_c)^γ·y_c·log p_c.
/// </summary>
/// <remarks>
/// <para>Keras 3's form: probabilities are renormalised and clipped to [ε, 1−ε] (ε = 1e-7); with
/// <c>fromLogits</c>, log p comes from log-softmax and p = exp(log p). γ = 2 by default. <b>a = α only when
/// <c>alpha</c> is given, else 1</b> — Keras always multiplies by its default α = 0.25, Plumb does not balance
/// unless asked (one-hot rows have no negative term, so α is a plain scale here). Label smoothing
/// y·(1−s) + s/K. Targets: one-hot rows [N, K]. <c>focal</c> under a multiclass task means this loss.</para>
/// <code>
/// var focal = new CategoricalFocalCrossentropy(gamma: 2);
/// // y = [[0, 1, 0], [0, 0, 1]], p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 0.9326 (Keras' doc example, which applies α = 0.25: 0.2332)
/// Tensor loss = focal.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class CategoricalFocalCrossentropy : Loss
{
    /// <summary>Creates a categorical focal loss; γ ≥ 0, α in [0, 1] or null.</summary>
    public CategoricalFocalCrossentropy(double gamma = 2, double? alpha = null, bool fromLogits = false, double labelSmoothing = 0,
        LossReduction reduction = LossReduction.SumOverBatchSize) : base(reduction)
    {
        LossChecks.NonNegative("categorical_focal_crossentropy", "gamma", gamma);
        if (alpha is double a) LossChecks.Probability("categorical_focal_crossentropy", "alpha", a);
        LossChecks.Probability("categorical_focal_crossentropy", "label_smoothing", labelSmoothing);
        Gamma = gamma;
        Alpha = alpha;
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <inheritdoc />
    public override string Name => "categorical_focal_crossentropy";

    /// <summary>Focusing parameter γ.</summary>
    public double Gamma { get; }

    /// <summary>Scale α, or null for none.</summary>
    public double? Alpha { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Label smoothing s.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.dim() < 2) throw Bad("y_pred", $"must be [N, K] (or [B, …, K]) class scores, got shape {ShapeText(yPred)}");
        if (!yTrue.shape.SequenceEqual(yPred.shape)) throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)} (one-hot rows expected)");
    }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1] (one-hot or probabilities)");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (LabelSmoothing > 0) y = y * (1 - LabelSmoothing) + LabelSmoothing / yPred.shape[^1];
        Tensor logp = CategoricalCrossentropy.LogProbabilities(yPred, FromLogits);
        Tensor l = -(y * logp);
        if (Gamma != 0) l = (1 - logp.exp()).pow(Gamma) * l;
        if (Alpha is double a) l = a * l;
        return l.sum(-1);
    }
}
