namespace Plumb.Metrics;

/// <summary>
/// Mean average precision over the top k, as TF-Ranking's <c>MeanAveragePrecisionMetric(topn=k)</c>: per query, the
/// precision at each relevant rank within the top k, summed and divided by the query's number of relevant items.
/// </summary>
/// <remarks>
/// AP@k = Σ_{r ≤ min(k,n)} P@r · rel(r) / Σ_i rel(i), rel = [relevance ≥ 1]; MAP@k is its mean over queries. A query
/// with no relevant item scores 0. Ties are broken against the model (see <see cref="RankingMetric"/>). Higher is
/// better.
/// <code>
/// // relevance [0, 1, 1], scores [3, 1, 2] (TF-Ranking's example): ranks 0, 1, 1 → (½) / 2 = 0.25 at k = 2
/// double map = MapAtK.Ranking([0, 1, 1], [3, 1, 2], [1, 1, 1], k: 2); // 0.25
/// </code>
/// </remarks>
public sealed class MapAtK : RankingMetric
{
    /// <summary>Creates a streaming MAP@k.</summary>
    /// <param name="k">Only the top <paramref name="k"/> ranks count (null: the whole list).</param>
    public MapAtK(int? k = null) : base("map_at_k", k) { }

    /// <summary>MAP@k over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query, int? k = null) =>
        new MapAtK(k).ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int cut = Cut(relevance.Length), total = 0, hits = 0;
        double sum = 0;
        for (int r = 0; r < relevance.Length; r++)
        {
            if (!Relevant(relevance[r])) continue;
            total++;
            if (r < cut) sum += (double)++hits / (r + 1);
        }
        return (total == 0 ? 0 : sum / total, 1);
    }
}
