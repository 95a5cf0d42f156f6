using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Categorical hinge (<c>categorical_hinge</c>): ℓ = max(0, 1 + neg − pos), Keras' form.</summary>
/// <remarks>
/// pos = Σ_c y_c·f_c (the true class' score), neg = max_c (1 − y_c)·f_c. Targets: one-hot rows [N, K]; a −1 in
/// a −1/+1 coding is read as 0 ("not this class"), so both codings work. Predictions: raw scores [N, K].
/// As in Keras, the true class contributes a 0 to the max in <c>neg</c>, so when every other score is negative
/// neg = 0 (not the largest other score as in Crammer–Singer); for multiclass max-margin training.
/// <code>
/// var loss = new CategoricalHinge();
/// // y = [[0, 1, 0]], f = [[0.5, 1.0, 0.2]] → max(0, 1 + 0.5 − 1.0) = 0.5
/// Tensor l = loss.Call(yTrue, scores);
/// </code>
/// </remarks>
public sealed class CategoricalHinge(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "categorical_hinge";

    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.dim() < 2) throw Bad("y_pred", $"must be [N, K] (or [B, …, K]) class scores, got shape {ShapeText(yPred)}");
        if (!yTrue.shape.SequenceEqual(yPred.shape)) throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)} (one-hot rows expected)");
    }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, -1, 1, "one-hot 0/1 (or −1/+1)");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype).clamp_min(0);
        Tensor pos = (y * yPred).sum(-1);
        Tensor neg = ((1 - y) * yPred).amax(-1);
        return (neg - pos + 1).clamp_min(0);
    }
}
