using Plumb.Metrics;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Base of the learning-to-rank losses: scores and graded relevance as padded lists, one row per query.
/// </summary>
/// <remarks>
/// <para><b>Shapes.</b> <c>yPred</c> is [Q, L] (Q queries, lists padded to L items), [Q, L, 1] (a model's one output
/// unit applied to [Q, L, features]) or [L] (one query);
/// <c>yTrue</c> has the same shape. A <b>negative target marks padding</b> (TF-Ranking's convention; use −1): padded
/// items never enter a pair, a softmax or a rank, and their scores get zero gradient, so one batch holds lists of
/// different lengths. <see cref="Pad"/> builds these tensors from rows with a query id each.</para>
/// <para><b>Weights.</b> The optional sample weight is one non-negative weight per query ([Q]). Pairwise losses pool
/// their pairs over the batch (Σ_q w_q Σ_pairs ℓ / Σ_q w_q·#pairs_q, TF-Ranking's default reduction); listwise
/// losses average per-query values. A batch without a usable pair or list gives 0 (with zero gradient).</para>
/// <para>Non-decomposable: the loss of a query depends on its whole list.</para>
/// <code>
/// var (relevance, score, queries) = RankingLoss.Pad(queryId, relevanceRows, modelScores); // [Q, L] tensors
/// Tensor l = new PairwiseLogistic().Call(relevance, score);
/// </code>
/// </remarks>
public abstract class RankingLoss : SurrogateLoss
{
    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.dim() == 3 && yPred.shape[2] == 1) yPred = yPred.squeeze(-1);
        if (yPred.dim() > 2) throw Bad("y_pred", $"must be padded lists [queries, list] (or [queries, list, 1]) or one list [list], got shape {ShapeText(yPred)}");
        if (!yTrue.shape.SequenceEqual(yPred.shape))
            throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)} (pad with −1)");
    }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred)
    {
        using var scope = NewDisposeScope();
        if (yTrue.isnan().any().item<bool>()) throw Bad("y_true", "contains NaN (mark padding with −1)");
        double max = yTrue.max().to_type(ScalarType.Float64).item<double>();
        if (double.IsPositiveInfinity(max)) throw Bad("y_true", "contains +∞");
    }

    /// <inheritdoc />
    protected sealed override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        if (yPred.dim() == 3) (yTrue, yPred) = (yTrue.reshape(yPred.shape[0], yPred.shape[1]), yPred.squeeze(-1));
        if (yPred.dim() == 1) (yTrue, yPred) = (yTrue.unsqueeze(0), yPred.unsqueeze(0));
        Tensor valid = yTrue.ge(0);
        return Lists(yTrue.clamp_min(0), yPred, valid, weight);
    }

    /// <summary>
    /// The loss of padded lists: <paramref name="relevance"/> [Q, L] with padding set to 0, <paramref name="score"/>
    /// [Q, L], <paramref name="valid"/> [Q, L] (false on padding), <paramref name="weight"/> [Q] or null.
    /// </summary>
    protected abstract Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight);

    /// <summary>Pairs (i, j) of one query with both items real and relevance_i &gt; relevance_j: [Q, L, L].</summary>
    protected static Tensor Pairs(Tensor relevance, Tensor valid) =>
        relevance.unsqueeze(2).gt(relevance.unsqueeze(1)).logical_and(valid.unsqueeze(2)).logical_and(valid.unsqueeze(1));

    /// <summary>Score differences s_i − s_j: [Q, L, L].</summary>
    protected static Tensor Differences(Tensor score) => score.unsqueeze(2) - score.unsqueeze(1);

    /// <summary>Σ_q w_q Σ_{pairs} ℓ / Σ_q w_q·#pairs_q, or 0 without pairs.</summary>
    protected static Tensor PooledPairMean(Tensor pairLoss, Tensor pairs, Tensor? weight)
    {
        Tensor l = where(pairs, pairLoss, zeros_like(pairLoss));
        Tensor perQuery = l.sum([1, 2]), count = pairs.to_type(pairLoss.dtype).sum([1, 2]);
        if (weight is not null) (perQuery, count) = (perQuery * weight, count * weight);
        return Ratio(perQuery.sum(), count.sum());
    }

    /// <summary>Σ_q w_q·v_q / Σ_q w_q over the queries in <paramref name="use"/> [Q], or 0 when none.</summary>
    protected static Tensor QueryMean(Tensor perQuery, Tensor use, Tensor? weight)
    {
        Tensor w = use.to_type(perQuery.dtype);
        if (weight is not null) w = w * weight;
        return Ratio((where(use, perQuery, zeros_like(perQuery)) * w).sum(), w.sum());
    }

    /// <summary>numerator / denominator, or 0 (with zero gradient) when the denominator is 0; no host sync.</summary>
    protected static Tensor Ratio(Tensor numerator, Tensor denominator) =>
        numerator / where(denominator.gt(0), denominator, ones_like(denominator));

    /// <summary>Gains of the relevance grades: y (linear) or 2^y − 1 (exponential).</summary>
    protected static Tensor Gains(Tensor relevance, RankingGain gain) => gain == RankingGain.Linear ? relevance : relevance.exp2() - 1;

    /// <summary>Ideal DCG per query (gains sorted descending, discount 1/log₂(r + 1)), without gradient: [Q].</summary>
    protected static Tensor IdealDcg(Tensor gains)
    {
        using var noGrad = no_grad();
        Tensor sorted = gains.sort(1, descending: true).Values;
        return (sorted * Discounts(gains.shape[1], gains)).sum(1);
    }

    /// <summary>1 / log₂(r + 2) for 0-based ranks 0…L−1: [L].</summary>
    protected static Tensor Discounts(long length, Tensor like) =>
        1 / (arange(length, dtype: like.dtype, device: like.device) + 2).log2();

    /// <summary>
    /// Pads rows with a query id into one list per query, in order of first appearance: relevance [Q, L] with −1 on
    /// padding, scores [Q, L] with 0 on padding (float64), and the query ids. Rows of a query need not be contiguous.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static (Tensor Relevance, Tensor Score, long[] Queries) Pad(ReadOnlySpan<long> query, ReadOnlySpan<double> relevance, ReadOnlySpan<double> score)
    {
        if (relevance.Length != query.Length || score.Length != query.Length)
            throw new ArgumentException($"{query.Length} query ids, {relevance.Length} relevance values and {score.Length} scores");
        var index = new Dictionary<long, int>();
        var ids = new List<long>();
        var sizes = new List<int>();
        var slot = new int[query.Length];
        for (int i = 0; i < query.Length; i++)
        {
            if (!index.TryGetValue(query[i], out int q))
            {
                index[query[i]] = q = ids.Count;
                ids.Add(query[i]);
                sizes.Add(0);
            }
            slot[i] = sizes[q]++;
        }
        int width = sizes.Count == 0 ? 0 : sizes.Max();
        var rel = new double[ids.Count * width];
        var sc = new double[ids.Count * width];
        Array.Fill(rel, -1);
        for (int i = 0; i < query.Length; i++)
        {
            int at = index[query[i]] * width + slot[i];
            rel[at] = relevance[i];
            sc[at] = score[i];
        }
        return (tensor(rel, [ids.Count, width], dtype: ScalarType.Float64), tensor(sc, [ids.Count, width], dtype: ScalarType.Float64), [.. ids]);
    }
}
