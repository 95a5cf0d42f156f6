namespace Plumb.Metrics;

/// <summary>
/// Ordered pair accuracy, as TF-Ranking's <c>OPAMetric</c>: over every pair of items of one query with different
/// relevance, the fraction the scores order strictly the same way, pooled over queries.
/// </summary>
/// <remarks>
/// OPA = Σ_q Σ_{i,j} [s_i &gt; s_j]·[y_i &gt; y_j] / Σ_q Σ_{i,j} [y_i &gt; y_j]. Pairs of equal relevance are ignored; pairs
/// of equal scores count as wrong. Queries weigh by their number of pairs (TF-Ranking's per-list weights), so this
/// is the pooled fraction; 0 when no query has a pair. Counted in O(n log n) per query. Higher is better.
/// <code>
/// // TF-Ranking's example: relevance [0, 1, 2], scores [3, 1, 2]: of the 3 pairs only (2 over 1) is ordered → ⅓
/// double opa = OrderedPairAccuracy.Ranking([0, 1, 2], [3, 1, 2], [1, 1, 1]); // 0.3333…
/// </code>
/// </remarks>
public sealed class OrderedPairAccuracy : RankingMetric
{
    private double[] _levels = [];
    private int[] _tree = [];
    private int[] _rank = [];

    /// <summary>Creates a streaming ordered pair accuracy.</summary>
    public OrderedPairAccuracy() : base("ordered_pair_accuracy", null) { }

    /// <summary>Ordered pair accuracy over the queries in <paramref name="query"/>.</summary>
    public static double Ranking(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query) =>
        new OrderedPairAccuracy().ComputeOf(relevance, score, query).Value;

    private protected override (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance)
    {
        int n = relevance.Length;
        if (_levels.Length < n) (_levels, _rank, _tree) = (new double[2 * n], new int[2 * n], new int[2 * n + 1]);
        // Distinct relevance levels, ascending; each item's level index.
        var levels = _levels.AsSpan(0, n);
        relevance.CopyTo(levels);
        levels.Sort();
        int d = 0;
        for (int i = 0; i < n; i++) if (d == 0 || levels[i] != levels[d - 1]) levels[d++] = levels[i];
        levels = levels[..d];
        var rank = _rank.AsSpan(0, n);
        for (int i = 0; i < n; i++) rank[i] = levels.BinarySearch(relevance[i]);
        // Pairs with different relevance: (n² − Σ c²) / 2, from level counts.
        var tree = _tree.AsSpan(0, d + 1);
        tree.Clear();
        var counts = new int[d];
        foreach (int r in rank) counts[r]++;
        double pairs = (double)n * n;
        foreach (int c in counts) pairs -= (double)c * c;
        pairs /= 2;
        // Correct pairs: for each item, the items in strictly higher score groups with strictly higher relevance.
        double correct = 0;
        int added = 0;
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && score[j] == score[i]) j++;
            for (int t = i; t < j; t++) correct += added - Prefix(tree, rank[t] + 1);
            for (int t = i; t < j; t++) Add(tree, rank[t] + 1);
            added += j - i;
            i = j;
        }
        return (correct, pairs);
    }

    /// <summary>Fenwick tree over level indices 1…d: how many added items sit at positions ≤ <paramref name="position"/>.</summary>
    private static int Prefix(Span<int> tree, int position)
    {
        int sum = 0;
        for (int p = position; p > 0; p -= p & -p) sum += tree[p];
        return sum;
    }

    private static void Add(Span<int> tree, int position)
    {
        for (int p = position; p < tree.Length; p += p & -p) tree[p]++;
    }
}
