namespace Plumb.Metrics;

/// <summary>
/// Hit rate at k, as TF-Ranking's <c>HitsMetric(topn=k)</c>: the fraction of queries with at least one relevant item
/// in their top k.
/// </summary>
/// <remarks>
/// Hits@k = max_{r ≤ min(k,n)} rel(r), rel = [relevance ≥ 1], averaged over queries; a query with no relevant item
/// scores 0. Ties are broken against the model (see <see cref="RankingMetric"/>). Higher is better.
/// <code>
/// // TF-Ranking's example: relevance [0, 1, 1], scores [3, 1, 2] → 0 at k = 1, 1 at k = 2
/// double h = HitRate.Ranking([0, 1, 1], [3, 1, 2], [1, 1, 1], k: 2); // 1
/// </code>
/// </remarks>
public sealed class HitRate : RankingMetric
{
    /// <summary>Creates a streaming hit rate.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    public HitRate(int? k = null) : base("hit_rate", k) { }

    /// <summary>Hit rate@k over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null) =>
        new HitRate(k).ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int cut = Cut(relevance.Length);
        for (int r = 0; r < cut; r++)
            if (Relevant(relevance[r])) return (1, 1);
        return (0, 1);
    }
}
