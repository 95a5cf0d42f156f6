using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Softmax cross-entropy over each list (ListNet top-1), as TF-Ranking's <c>SoftmaxLoss</c>: the relevance of a
/// query, normalised to sum 1, against the softmax of its scores.
/// </summary>
/// <remarks>
/// ℓ_q = −Σ_i (y_i / Σ_j y_j)·log softmax(s)_i over the real items of query q; ℓ = Σ_q w_q ℓ_q / Σ_q w_q over the
/// queries with Σ y &gt; 0 (a query with no relevant item carries no signal and is skipped). Targets: relevance ≥ 0,
/// −1 for padding (see <see cref="RankingLoss"/>).
/// <code>
/// // relevance [1, 0], scores [0, 0]: −log ½ = 0.6931…
/// Tensor l = new ListNet().Call(tensor(new[] { 1.0, 0 }), tensor(new[] { 0.0, 0 }));
/// </code>
/// </remarks>
public sealed class ListNet : RankingLoss
{
    /// <inheritdoc />
    public override string Name => "listnet";

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight)
    {
        Tensor total = relevance.sum(1);
        Tensor logp = where(valid, score, full_like(score, -1e9)).log_softmax(1);
        // A query without relevant items divides by 1, not 0 (its target is all zeros, and QueryMean skips it): 0/0 would
        // be NaN in its forward value and in every gradient of the batch.
        Tensor target = relevance / where(total.gt(0), total, ones_like(total)).unsqueeze(1);
        Tensor perQuery = -where(valid, target * logp, zeros_like(logp)).sum(1);
        return QueryMean(perQuery, total.gt(0), weight);
    }
}
