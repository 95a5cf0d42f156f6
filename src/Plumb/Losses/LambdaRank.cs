using Plumb.Metrics;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// NDCG-weighted pairwise logistic loss (LambdaRank; the LambdaLoss framework's "NDCG-Loss" weighting, Wang et al.
/// 2018): each RankNet pair weighs by how much swapping the two items would change the query's NDCG at the current
/// ranking, so pairs near the top and with large gain gaps dominate, as in LightGBM's <c>lambdarank</c>.
/// </summary>
/// <remarks>
/// |ΔNDCG_ij| = |G(y_i) − G(y_j)|·|1/log₂(1 + r_i) − 1/log₂(1 + r_j)| / IDCG_q with ranks r from the current scores
/// (held constant: no gradient flows through the sort); ℓ = Σ_q w_q Σ_{y_i &gt; y_j} |ΔNDCG_ij|·log(1 + e^−(s_i − s_j))
/// / Σ_q w_q over queries with a pair. G(y) = 2^y − 1 by default. Tied scores are ranked in an arbitrary order.
/// Targets: relevance ≥ 0, −1 for padding (see <see cref="RankingLoss"/>).
/// <code>
/// Tensor l = new LambdaRank().Call(relevance, scores); // relevance [Q, L] with −1 padding
/// </code>
/// </remarks>
public sealed class LambdaRank : RankingLoss
{
    /// <summary>Creates a LambdaRank loss.</summary>
    public LambdaRank(RankingGain gain = RankingGain.Exponential) => Gain = gain;

    /// <inheritdoc />
    public override string Name => "lambda_rank";

    /// <summary>The gain function.</summary>
    public RankingGain Gain { get; }

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight)
    {
        Tensor pairs = Pairs(relevance, valid);
        Tensor delta;
        using (no_grad())
        {
            Tensor gains = where(valid, Gains(relevance, Gain), zeros_like(relevance));
            Tensor order = where(valid, score, full_like(score, double.NegativeInfinity)).argsort(1, descending: true);
            Tensor discount = Discounts(score.shape[1], score).index_select(0, order.argsort(1).reshape(-1)).reshape(score.shape);
            Tensor ideal = IdealDcg(gains);
            delta = (gains.unsqueeze(2) - gains.unsqueeze(1)).abs() * (discount.unsqueeze(2) - discount.unsqueeze(1)).abs()
                / where(ideal.gt(0), ideal, ones_like(ideal)).reshape(-1, 1, 1);
        }
        Tensor l = where(pairs, delta * nn.functional.softplus(-Differences(score)), zeros_like(delta));
        return QueryMean(l.sum([1, 2]), pairs.any(2).any(1), weight);
    }
}
