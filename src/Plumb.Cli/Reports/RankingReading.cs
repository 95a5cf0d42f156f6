using Plumb.Metrics;

namespace Plumb.Cli.Reports;

/// <summary>
/// What a ranking report shows, computed once: NDCG@k for k = 1…20 and the whole list, and the per-query NDCG@10
/// distribution. Values the run already computed (the <c>--json</c> / summary.json result, by log key such as
/// <c>ndcg_k10</c>) are taken from it, so the page and the JSON state the same numbers.
/// </summary>
internal sealed record RankingReading(
    IReadOnlyList<(int K, double Ndcg)> ByK, double WholeList, double[] PerQuery, double Mean,
    double[] Relevance, double[] Score, long[] Groups)
{
    /// <summary>The cut-offs of the NDCG@k curve.</summary>
    public const int MaxK = 20;

    /// <summary>The cut-off of the per-query distribution.</summary>
    public const int PerQueryK = 10;

    /// <summary>Number of queries.</summary>
    public int Queries => PerQuery.Length;

    /// <summary>Computes the reading of <paramref name="relevance"/>/<paramref name="score"/> rows grouped by <paramref name="groups"/>.</summary>
    /// <param name="relevance">Graded relevance per row.</param>
    /// <param name="score">Model score per row.</param>
    /// <param name="groups">Query id per row.</param>
    /// <param name="known">Metric values by log key already computed on the same rows (they win over a recomputation).</param>
    public static RankingReading Of(double[] relevance, double[] score, long[] groups, IEnumerable<KeyValuePair<string, double>>? known = null)
    {
        var given = known?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [];
        double Value(int? k)
        {
            string key = k is { } c ? $"ndcg_k{c}" : "ndcg";
            return given.TryGetValue(key, out double v) ? v : Ndcg(relevance, score, groups, k).Compute();
        }
        var byK = Enumerable.Range(1, MaxK).Select(k => (k, Value(k))).ToList();
        double[] per = [.. Ndcg(relevance, score, groups, PerQueryK).PerQuery().Select(q => q.Value)];
        return new RankingReading(byK, Value(null), per, Value(PerQueryK), relevance, score, groups);
    }

    /// <summary>NDCG@k at <paramref name="k"/> (1…<see cref="MaxK"/>).</summary>
    public double At(int k) => ByK[k - 1].Ndcg;

    /// <summary>The per-query value at quantile <paramref name="p"/> (nearest rank on the sorted values).</summary>
    public double Quantile(double p)
    {
        double[] sorted = [.. PerQuery.Order()];
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(p * (sorted.Length - 1))];
    }

    private static Ndcg Ndcg(double[] relevance, double[] score, long[] groups, int? k)
    {
        var m = new Ndcg(k);
        m.Update(new MetricBatch(relevance, score) { Group = groups });
        return m;
    }
}
