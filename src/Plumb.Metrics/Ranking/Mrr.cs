namespace Plumb.Metrics;

/// <summary>
/// Mean reciprocal rank, as TF-Ranking's <c>MRRMetric</c>: per query, 1 / the rank of the first relevant item
/// (0 when none is in the top k), averaged over queries.
/// </summary>
/// <remarks>
/// RR = max_r rel(r) / r over r ≤ min(k, n), rel = [relevance ≥ 1]; a query with no relevant item scores 0. Ties are
/// broken against the model (see <see cref="RankingMetric"/>). Higher is better.
/// <code>
/// // TF-Ranking's example: relevance [0, 1, 1], scores [3, 1, 2] → first relevant at rank 2 → 0.5
/// double mrr = Mrr.Ranking([0, 1, 1], [3, 1, 2], [1, 1, 1]); // 0.5
/// </code>
/// </remarks>
public sealed class Mrr : RankingMetric
{
    /// <summary>Creates a streaming MRR.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    public Mrr(int? k = null) : base("mrr", k) { }

    /// <summary>MRR over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null) =>
        new Mrr(k).ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int cut = Cut(relevance.Length);
        for (int r = 0; r < cut; r++)
            if (Relevant(relevance[r])) return (1.0 / (r + 1), 1);
        return (0, 1);
    }
}
