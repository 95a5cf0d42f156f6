namespace Plumb.Metrics;

/// <summary>
/// Recall at k, as TF-Ranking's <c>RecallMetric(topn=k)</c>: the fraction of a query's relevant items that are in its
/// top k, averaged over queries.
/// </summary>
/// <remarks>
/// R@k = Σ_{r ≤ min(k,n)} rel(r) / Σ_i rel(i), rel = [relevance ≥ 1]; a query with no relevant item scores 0. Ties
/// are broken against the model (see <see cref="RankingMetric"/>). Higher is better.
/// <code>
/// // TF-Ranking's example: relevance [0, 1, 1], scores [3, 1, 2], k = 2 → 1 of 2 relevant in the top 2 → 0.5
/// double r = RecallAtK.Ranking([0, 1, 1], [3, 1, 2], [1, 1, 1], k: 2); // 0.5
/// </code>
/// </remarks>
public sealed class RecallAtK : RankingMetric
{
    /// <summary>Creates a streaming recall@k.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    public RecallAtK(int? k = null) : base("recall_at_k", k) { }

    /// <summary>Recall@k over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null) =>
        new RecallAtK(k).ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int cut = Cut(relevance.Length), hits = 0, total = 0;
        for (int r = 0; r < relevance.Length; r++)
        {
            if (!Relevant(relevance[r])) continue;
            total++;
            if (r < cut) hits++;
        }
        return (total == 0 ? 0 : (double)hits / total, 1);
    }
}
