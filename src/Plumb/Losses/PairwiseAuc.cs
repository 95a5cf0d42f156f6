using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Pairwise AUC loss (<c>pairwise_auc(surrogate=sigmoid)</c>): a smooth surrogate of 1 − ROC-AUC.</summary>
/// <remarks>
/// <para>1 − AUC is the (weighted) fraction of positive–negative pairs ranked wrongly (the Wilcoxon–Mann–Whitney
/// statistic). With dᵢⱼ = fᵢ − fⱼ for positives i and negatives j and pair weights wᵢwⱼ:
/// ℓ = Σ wᵢwⱼ·s(dᵢⱼ) / Σ wᵢwⱼ, with s(d) = σ(−d) (<c>sigmoid</c>, default) or max(0, m − d) (<c>hinge</c>,
/// margin m = 1). Scores f may be logits or probabilities (the ranking is what matters; the sigmoid surrogate is
/// sharper on logits).</para>
/// <para><b>Sampled pairs for large batches</b>: when #positives × #negatives exceeds <c>maxPairs</c>
/// (default 4,194,304 = 2048²), <c>maxPairs</c> pairs are drawn uniformly with replacement (a positive and a
/// negative independently, from a CPU torch generator seeded with <c>seed</c> once per loss object, so successive
/// batches get fresh pairs and a run is reproducible), and the same
/// weighted ratio is taken over them — an unbiased estimate of the numerator and denominator. A batch with no
/// positive or no negative gives 0 (with zero gradient). Targets 0/1; predictions [N] or [N, 1].
/// Non-decomposable.</para>
/// <code>
/// var loss = new PairwiseAuc(surrogate: PairwiseAucSurrogate.Hinge);
/// // y = [1, 0], f = [0.5, 0] → max(0, 1 − 0.5) = 0.5
/// Tensor l = loss.Call(yTrue, scores);
/// </code>
/// </remarks>
public sealed class PairwiseAuc : SurrogateLoss
{
    /// <summary>Default cap on the number of pairs evaluated exactly.</summary>
    public const long DefaultMaxPairs = 2048L * 2048L;

    private readonly Generator _rng;

    /// <summary>Creates a pairwise AUC surrogate.</summary>
    public PairwiseAuc(PairwiseAucSurrogate surrogate = PairwiseAucSurrogate.Sigmoid, double margin = 1, long maxPairs = DefaultMaxPairs, long seed = 0)
    {
        if (!(margin > 0) || double.IsInfinity(margin)) throw new ArgumentException($"loss 'pairwise_auc': margin must be positive, got {Fmt(margin)}", nameof(margin));
        if (maxPairs < 1) throw new ArgumentException($"loss 'pairwise_auc': max_pairs must be at least 1, got {maxPairs}", nameof(maxPairs));
        Surrogate = surrogate;
        Margin = margin;
        MaxPairs = maxPairs;
        _rng = new Generator((ulong)seed);
    }

    /// <inheritdoc />
    public override string Name => "pairwise_auc";

    /// <summary>The pair surrogate.</summary>
    public PairwiseAucSurrogate Surrogate { get; }

    /// <summary>Hinge margin m.</summary>
    public double Margin { get; }

    /// <summary>Pairs evaluated exactly before sampling starts.</summary>
    public long MaxPairs { get; }

    /// <inheritdoc />
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yPred.numel() != yPred.shape[0]) throw Bad("y_pred", $"must be one score per sample ([N] or [N, 1]), got shape {ShapeText(yPred)}");
        base.CheckShapes(yTrue, yPred);
    }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireIntegers(yTrue, 0, 1, "0/1");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        Tensor f = yPred.reshape(-1);
        Tensor isPos = yTrue.reshape(-1).gt(0.5);
        Tensor posIdx = isPos.nonzero().reshape(-1), negIdx = isPos.logical_not().nonzero().reshape(-1);
        long np = posIdx.shape[0], nn = negIdx.shape[0];
        if (np == 0 || nn == 0) return f.sum() * 0;
        Tensor fPos = f.index_select(0, posIdx), fNeg = f.index_select(0, negIdx);
        Tensor? wp = weight?.index_select(0, posIdx), wn = weight?.index_select(0, negIdx);
        Tensor d, pairW;
        if ((double)np * nn <= MaxPairs)
        {
            d = fPos.unsqueeze(1) - fNeg.unsqueeze(0);
            pairW = weight is null ? ones(1, dtype: f.dtype) : wp!.unsqueeze(1) * wn!.unsqueeze(0);
        }
        else
        {
            Tensor ti = randint(np, [MaxPairs], generator: _rng).to(f.device), tj = randint(nn, [MaxPairs], generator: _rng).to(f.device);
            d = fPos.index_select(0, ti) - fNeg.index_select(0, tj);
            pairW = weight is null ? ones(1, dtype: f.dtype) : wp!.index_select(0, ti) * wn!.index_select(0, tj);
        }
        Tensor s = Surrogate == PairwiseAucSurrogate.Sigmoid ? (-d).sigmoid() : (Margin - d).clamp_min(0);
        if (weight is null) return s.mean();
        Tensor wsum = pairW.sum();
        return (s * pairW).sum() / wsum.clamp_min(double.Epsilon);
    }
}

/// <summary>The pair surrogate of <see cref="PairwiseAuc"/>.</summary>
public enum PairwiseAucSurrogate
{
    /// <summary>σ(fⱼ − fᵢ): smooth, bounded in (0, 1).</summary>
    Sigmoid,
    /// <summary>max(0, m − (fᵢ − fⱼ)): 0 once every pair is separated by the margin.</summary>
    Hinge,
}
