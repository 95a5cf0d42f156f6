using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Pairwise logistic loss (RankNet), as TF-Ranking's <c>PairwiseLogisticLoss</c>: for every pair of one query where
/// item i is more relevant than item j, log(1 + e^−(s_i − s_j)), pooled over the pairs of the batch.
/// </summary>
/// <remarks>
/// ℓ = Σ_q w_q Σ_{y_i &gt; y_j} log(1 + exp(−(s_i − s_j))) / Σ_q w_q·#pairs_q. Targets: graded relevance ≥ 0, −1 for
/// padding; predictions: scores [Q, L] (see <see cref="RankingLoss"/>).
/// <code>
/// // one query, relevance [1, 0], scores [0, 0]: one pair, log 2
/// Tensor l = new PairwiseLogistic().Call(tensor(new[] { 1.0, 0 }), tensor(new[] { 0.0, 0 })); // 0.6931…
/// </code>
/// </remarks>
public sealed class PairwiseLogistic : RankingLoss
{
    /// <inheritdoc />
    public override string Name => "pairwise_logistic";

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight) =>
        PooledPairMean(nn.functional.softplus(-Differences(score)), Pairs(relevance, valid), weight);
}
