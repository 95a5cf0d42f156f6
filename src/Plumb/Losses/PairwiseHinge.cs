using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Pairwise hinge loss, as TF-Ranking's <c>PairwiseHingeLoss</c>: for every pair of one query where item i is more
/// relevant than item j, max(0, m − (s_i − s_j)), pooled over the pairs of the batch.
/// </summary>
/// <remarks>
/// ℓ = Σ_q w_q Σ_{y_i &gt; y_j} max(0, m − (s_i − s_j)) / Σ_q w_q·#pairs_q, margin m = 1. Zero once every ordered
/// pair is separated by the margin. Targets: relevance ≥ 0, −1 for padding (see <see cref="RankingLoss"/>).
/// <code>
/// // relevance [2, 1, 0], scores [1, 0.5, 2]: pairs (0,1) 0.5, (0,2) 2, (1,2) 2.5 → 5 / 3
/// Tensor l = new PairwiseHinge().Call(tensor(new[] { 2.0, 1, 0 }), tensor(new[] { 1.0, 0.5, 2 }));
/// </code>
/// </remarks>
public sealed class PairwiseHinge : RankingLoss
{
    /// <summary>Creates a pairwise hinge loss with margin <paramref name="margin"/> &gt; 0.</summary>
    public PairwiseHinge(double margin = 1)
    {
        if (!(margin > 0) || double.IsInfinity(margin)) throw new ArgumentException($"loss 'pairwise_hinge': margin must be positive, got {Fmt(margin)}", nameof(margin));
        Margin = margin;
    }

    /// <inheritdoc />
    public override string Name => "pairwise_hinge";

    /// <summary>The margin m.</summary>
    public double Margin { get; }

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight) =>
        PooledPairMean((Margin - Differences(score)).clamp_min(0), Pairs(relevance, valid), weight);
}
