namespace Plumb.Metrics;

/// <summary>How a relevance grade becomes a gain in DCG and NDCG.</summary>
public enum RankingGain
{
    /// <summary>gain = relevance (scikit-learn's <c>dcg_score</c>/<c>ndcg_score</c>).</summary>
    Linear,
    /// <summary>gain = 2^relevance − 1 (TF-Ranking's and LightGBM's default).</summary>
    Exponential,
}

/// <summary>
/// Discounted cumulative gain per query, averaged over queries, as scikit-learn 1.2.1's <c>dcg_score</c> with
/// <c>ignore_ties=False</c>: tied scores share the mean gain of their tie group.
/// </summary>
/// <remarks>
/// DCG@k = Σ_{r=1}^{min(k,n)} gain(y_(r)) / log_b(r + 1), where y_(r) is the relevance at rank r by score; within a
/// group of tied scores every item gets the group's mean gain (so DCG is the average over all orders of the ties).
/// Higher is better.
/// <code>
/// // one query, relevance [3, 2, 0], scores [0.1, 0.9, 0.5]: ranks 2, 0, 3 → 2/1 + 0/log₂3 + 3/2 = 3.5
/// double dcg = Dcg.Ranking([3, 2, 0], [0.1, 0.9, 0.5], [7, 7, 7]); // 3.5
/// </code>
/// </remarks>
public sealed class Dcg : RankingMetric
{
    private readonly double _logBase;

    /// <summary>Creates a streaming DCG.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    /// <param name="gain">Linear (scikit-learn) or exponential gains.</param>
    /// <param name="logBase">Base of the logarithmic discount (scikit-learn's <c>log_base</c>), &gt; 1.</param>
    public Dcg(int? k = null, RankingGain gain = RankingGain.Linear, double logBase = 2) : base("dcg", k)
    {
        if (!(logBase > 1) || double.IsPositiveInfinity(logBase))
            throw new ArgumentOutOfRangeException(nameof(logBase), logBase, "log_base must be a finite number > 1");
        Gain = gain;
        _logBase = logBase;
    }

    /// <summary>The gain function.</summary>
    public RankingGain Gain { get; }

    /// <summary>DCG averaged over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null,
        RankingGain gain = RankingGain.Linear, double logBase = 2) => new Dcg(k, gain, logBase).ComputeOf(relevance, score, query).Value;

    private protected override string ConfigKey => $"{base.ConfigKey}/{Gain}/{_logBase}";

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance) =>
        (DcgKernel.TieAveraged(score, relevance, Cut(score.Length), Gain, _logBase), 1);
}

/// <summary>
/// Normalised discounted cumulative gain per query, averaged over queries, as scikit-learn 1.2.1's
/// <c>ndcg_score</c> with <c>ignore_ties=False</c>.
/// </summary>
/// <remarks>
/// NDCG@k = DCG@k / IDCG@k, where IDCG@k is the DCG@k of the list sorted by relevance; tied scores share their
/// group's mean gain. A query with no relevant item (IDCG = 0) scores 0, as scikit-learn. A one-item query scores 1
/// when its item is relevant, else 0 (scikit-learn refuses one-item rows; the formula gives this). Higher is better.
/// <code>
/// // relevance [3, 2, 0], scores [0.1, 0.9, 0.5]: DCG = 3.5, IDCG = 3 + 2/log₂3 = 4.2619 → 0.8212
/// double ndcg = Ndcg.Ranking([3, 2, 0], [0.1, 0.9, 0.5], [7, 7, 7]);
/// </code>
/// </remarks>
public sealed class Ndcg : RankingMetric
{
    private double[] _ideal = [];

    /// <summary>Creates a streaming NDCG.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    /// <param name="gain">Linear (scikit-learn) or exponential gains.</param>
    public Ndcg(int? k = null, RankingGain gain = RankingGain.Linear) : base("ndcg", k) => Gain = gain;

    /// <summary>The gain function.</summary>
    public RankingGain Gain { get; }

    /// <summary>NDCG averaged over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null,
        RankingGain gain = RankingGain.Linear) => new Ndcg(k, gain).ComputeOf(relevance, score, query).Value;

    private protected override string ConfigKey => $"{base.ConfigKey}/{Gain}";

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int n = relevance.Length, cut = Cut(n);
        if (_ideal.Length < n) _ideal = new double[Math.Max(n, 2 * _ideal.Length)];
        var ideal = _ideal.AsSpan(0, n);
        relevance.CopyTo(ideal);
        ideal.Sort();
        double idcg = 0;
        for (int r = 0; r < cut; r++) idcg += DcgKernel.GainOf(ideal[n - 1 - r], Gain) * DcgKernel.Discount(r, 2);
        if (idcg == 0) return (0, 1);
        return (DcgKernel.TieAveraged(score, relevance, cut, Gain, 2) / idcg, 1);
    }
}

/// <summary>The DCG of one sorted query with scikit-learn's tie averaging.</summary>
internal static class DcgKernel
{
    private static readonly double[] Base2 = [.. Enumerable.Range(0, 256).Select(r => 1 / (Math.Log(r + 2) / Math.Log(2)))];

    /// <summary>The discount of 0-based rank <paramref name="r"/>: 1 / log_b(r + 2), computed as scikit-learn does
    /// (base-2 values of the first 256 ranks come from a table of the same expression).</summary>
    public static double Discount(int r, double logBase) =>
        logBase == 2 && r < Base2.Length ? Base2[r] : 1 / (Math.Log(r + 2) / Math.Log(logBase));

    public static double GainOf(double relevance, RankingGain gain) => gain == RankingGain.Linear ? relevance : Math.Pow(2, relevance) - 1;

    /// <summary>
    /// Σ over tie groups of (mean gain of the group) × (sum of the discounts of the group's ranks below
    /// <paramref name="cut"/>). <paramref name="score"/> is sorted descending.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double TieAveraged(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance, int cut, RankingGain gain, double logBase)
    {
        double dcg = 0;
        int n = score.Length;
        for (int i = 0; i < n && i < cut;)
        {
            int j = i + 1;
            while (j < n && score[j] == score[i]) j++;
            double gains = 0, discounts = 0;
            for (int t = i; t < j; t++)
            {
                gains += GainOf(relevance[t], gain);
                if (t < cut) discounts += Discount(t, logBase);
            }
            dcg += gains / (j - i) * discounts;
            i = j;
        }
        return dcg;
    }
}
