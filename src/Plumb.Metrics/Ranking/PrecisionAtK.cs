namespace Plumb.Metrics;

/// <summary>
/// Precision at k, as TF-Ranking's <c>PrecisionMetric(topn=k)</c>: the fraction of relevant items among a query's
/// top min(k, n), averaged over queries.
/// </summary>
/// <remarks>
/// P@k = Σ_{r ≤ min(k,n)} rel(r) / min(k, n), rel = [relevance ≥ 1]; a list shorter than k is judged on all its
/// items. Ties are broken against the model (see <see cref="RankingMetric"/>). Higher is better.
/// <code>
/// // TF-Ranking's example: relevance [0, 1, 1], scores [3, 1, 2], k = 2 → one relevant in the top 2 → 0.5
/// double p = PrecisionAtK.Ranking([0, 1, 1], [3, 1, 2], [1, 1, 1], k: 2); // 0.5
/// </code>
/// </remarks>
public sealed class PrecisionAtK : RankingMetric
{
    /// <summary>Creates a streaming precision@k.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    public PrecisionAtK(int? k = null) : base("precision_at_k", k) { }

    /// <summary>Precision@k over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null) =>
        new PrecisionAtK(k).ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int cut = Cut(relevance.Length), hits = 0;
        for (int r = 0; r < cut; r++) if (Relevant(relevance[r])) hits++;
        return ((double)hits / cut, 1);
    }
}
