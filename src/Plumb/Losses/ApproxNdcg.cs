using Plumb.Metrics;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// ApproxNDCG (Qin et al. 2010; TF-Ranking's <c>ApproxNDCGLoss</c>): NDCG with each rank replaced by a smooth
/// approximation, so it has a gradient; the loss is 1 − approximate NDCG.
/// </summary>
/// <remarks>
/// r̂_i = 1 + Σ_{j ≠ i} σ((s_j − s_i) / T); ApproxDCG_q = Σ_i G(y_i) / log₂(1 + r̂_i); ℓ = Σ_q w_q (1 − ApproxDCG_q /
/// IDCG_q) / Σ_q w_q over queries with IDCG &gt; 0. G(y) = 2^y − 1 (default, as TF-Ranking) or y; T = 0.1 (TF-Ranking's
/// α = 10). As T → 0 the value tends to 1 − NDCG. TF-Ranking reports −NDCG; the gradients are the same.
/// <code>
/// var loss = new ApproxNdcg(temperature: 0.1);
/// Tensor l = loss.Call(relevance, scores); // relevance [Q, L] with −1 padding
/// </code>
/// </remarks>
public sealed class ApproxNdcg : RankingLoss
{
    /// <summary>Creates an ApproxNDCG loss.</summary>
    public ApproxNdcg(double temperature = 0.1, RankingGain gain = RankingGain.Exponential)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentException($"loss 'approx_ndcg': temperature must be positive, got {Fmt(temperature)}", nameof(temperature));
        Temperature = temperature;
        Gain = gain;
    }

    /// <inheritdoc />
    public override string Name => "approx_ndcg";

    /// <summary>The smoothing temperature T of the approximate ranks.</summary>
    public double Temperature { get; }

    /// <summary>The gain function.</summary>
    public RankingGain Gain { get; }

    /// <inheritdoc />
    protected override Tensor Lists(Tensor relevance, Tensor score, Tensor valid, Tensor? weight)
    {
        long l = score.shape[1];
        Tensor gains = where(valid, Gains(relevance, Gain), zeros_like(relevance));
        Tensor others = valid.unsqueeze(1).logical_and(eye(l, dtype: ScalarType.Bool, device: score.device).logical_not().unsqueeze(0));
        Tensor beats = ((score.unsqueeze(1) - score.unsqueeze(2)) / Temperature).sigmoid(); // [q, i, j] = σ((s_j − s_i)/T)
        Tensor rank = 1 + where(others, beats, zeros_like(beats)).sum(2);
        Tensor dcg = (gains / (1 + rank).log2()).sum(1);
        Tensor ideal = IdealDcg(gains);
        Tensor use = ideal.gt(0);
        return QueryMean(1 - dcg / where(use, ideal, ones_like(ideal)), use, weight);
    }
}
