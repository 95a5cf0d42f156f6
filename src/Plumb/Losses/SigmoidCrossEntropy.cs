using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Pointwise sigmoid cross-entropy over the items of padded lists, as TF-Ranking's <c>SigmoidCrossEntropyLoss</c>:
/// each score is a logit of the item's relevance in [0, 1].
/// </summary>
/// <remarks>
/// ℓ = Σ_q w_q Σ_i [softplus(s_i) − y_i·s_i] / Σ_q w_q·n_q over real items (binary cross-entropy with logits).
/// Targets: relevance in [0, 1] (divide graded labels by the top grade), −1 for padding (see
/// <see cref="RankingLoss"/>).
/// <code>
/// // relevance [1, 0], scores [0, 0]: log 2 per item → 0.6931…
/// Tensor l = new SigmoidCrossEntropy().Call(tensor(new[] { 1.0, 0 }), tensor(new[] { 0.0, 0 }));
/// </code>
/// </remarks>
public sealed class SigmoidCrossEntropy : RankingLoss
{
    /// <inheritdoc />
    public override string Name => "sigmoid_cross_entropy";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred)
    {
        base.CheckDomain(yTrue, yPred);
        double max = yTrue.max().to_type(ScalarType.Float64).item<double>();
        if (max > 1) throw Bad("y_true", $"must be relevance in [0, 1] (or −1 for padding), got {Fmt(max)}; divide graded labels by the top grade");
    }

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight)
    {
        Tensor item = nn.functional.softplus(score) - relevance * score;
        Tensor perQuery = where(valid, item, zeros_like(item)).sum(1), count = valid.to_type(score.dtype).sum(1);
        if (weight is not null) (perQuery, count) = (perQuery * weight, count * weight);
        return Ratio(perQuery.sum(), count.sum());
    }
}
