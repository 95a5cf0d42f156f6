using System.Globalization;
using System.Runtime.InteropServices;

namespace Plumb.Metrics;

/// <summary>
/// Base of the ranking metrics: items with a graded relevance (≥ 0), a score and a query id
/// (<see cref="MetricBatch.Group"/>). Items are ranked by score within their query; the metric is a per-query value
/// averaged over queries (every query weighs the same, as scikit-learn and TF-Ranking average lists).
/// </summary>
/// <remarks>
/// <para><b>State.</b> Rows of one query need not be contiguous nor in one batch, so the state keeps every
/// (query, score, relevance) triple compactly (24 bytes a row) and groups them at <see cref="Compute"/>: query ids
/// are mapped to dense indices in order of first appearance, rows are bucketed per query (a stable counting sort,
/// skipped when every query arrived as one contiguous run), and each query is sorted once. Merging appends the other
/// state's rows, so merged shards give exactly the one-pass value (same rows, same query order, same sums).</para>
/// <para><b>Ties.</b> Items are ordered by score, highest first; equal scores are ordered least relevant first, so
/// a tie never earns credit and the value does not depend on row order (TF-Ranking breaks ties at random, so the two
/// agree whenever scores within a query are distinct). DCG and NDCG instead average the gains over tied items,
/// exactly as scikit-learn's <c>ignore_ties=False</c>.</para>
/// <para><b>Relevant.</b> The binary metrics (MAP, MRR, precision, recall, hit rate) count an item as relevant when
/// its relevance is ≥ 1, as TF-Ranking does; a query with no relevant item scores 0 (TF-Ranking's
/// <c>divide_no_nan</c>; scikit-learn's <c>ndcg_score</c> likewise gives 0 to an all-irrelevant query).</para>
/// <code>
/// var ndcg = new Ndcg(k: 10);
/// ndcg.Update(new MetricBatch(relevance, score) { Group = queryId });
/// double value = ndcg.Compute();
/// </code>
/// </remarks>
public abstract class RankingMetric : IMergeableMetric
{
    private const int Magic = 0x4B4E5250; // "PRNK"
    private const int Version = 1;

    private long[] _group = [];
    private double[] _score = [];
    private double[] _label = [];
    private int _count;

    private protected RankingMetric(string name, int? k)
    {
        if (k is < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1");
        Name = name;
        K = k;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public virtual MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>The cut-off: only the top <c>k</c> items of each query count; null for the whole list.</summary>
    public int? K { get; }

    /// <summary>Number of items (rows) seen.</summary>
    public long Count => _count;

    /// <summary>Identifies the metric and its parameters; only equal keys merge.</summary>
    private protected virtual string ConfigKey => K is { } k ? $"{Name}@{k}" : Name;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No query ids, sample weights, more than one score column, a non-finite
    /// score, or a relevance that is negative or not finite (the message names the row).</exception>
    public void Update(in MetricBatch batch)
    {
        int n = batch.Count;
        Validate(batch, _count);
        if ((long)_count + n > Array.MaxLength) throw new InvalidOperationException($"{Name}: more than {Array.MaxLength} items");
        EnsureCapacity(_count + n);
        batch.Group.CopyTo(_group.AsSpan(_count));
        batch.Score.CopyTo(_score.AsSpan(_count));
        batch.Target.CopyTo(_label.AsSpan(_count));
        _count += n;
    }

    /// <summary>Checks a batch; indices in messages start at <paramref name="offset"/>.</summary>
    private void Validate(in MetricBatch batch, long offset)
    {
        int n = batch.Count;
        if (batch.Columns != 1) throw new ArgumentException($"{Name}: ranking expects one score per item, got {batch.Columns} columns");
        if (batch.Target.Length != n) throw new ArgumentException($"{Name}: {batch.Target.Length} relevance values for {n} scores");
        if (batch.Group.IsEmpty && n > 0)
            throw new ArgumentException($"{Name}: ranking needs a query id per item (MetricBatch.Group)");
        if (batch.Group.Length != n && n > 0) throw new ArgumentException($"{Name}: {batch.Group.Length} query ids for {n} scores");
        if (!batch.Weight.IsEmpty)
            throw new ArgumentException($"{Name}: ranking metrics weigh every query equally; sample weights are not supported");
        var y = batch.Target;
        var s = batch.Score;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(s[i])) throw new ArgumentException($"{Name}: score {Fmt(s[i])} at index {offset + i} is not finite");
            if (!(y[i] >= 0) || double.IsPositiveInfinity(y[i]))
                throw new ArgumentException($"{Name}: relevance {Fmt(y[i])} at index {offset + i} is not a finite number ≥ 0");
        }
    }

    /// <summary>The mean of the per-query values over every query seen (NaN before any item).</summary>
    public double Compute() => Mean(_group.AsSpan(0, _count), _score.AsSpan(0, _count), _label.AsSpan(0, _count)).Value;

    /// <summary>
    /// The value of these items alone, computed where they lie (no copy): this metric's own state is neither read
    /// nor changed. Also the number of queries.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Update"/>.</exception>
    internal (double Value, int Queries) ComputeOf(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query)
    {
        Validate(new MetricBatch(relevance, score) { Group = query }, 0);
        return Mean(query, score, relevance);
    }

    private (double Value, int Queries) Mean(ReadOnlySpan<long> group, ReadOnlySpan<double> score, ReadOnlySpan<double> label)
    {
        if (group.IsEmpty) return (double.NaN, 0);
        CompensatedSum value = default, weight = default;
        int queries = ForEachQuery(group, score, label, (_, v, w) =>
        {
            value.Add(v);
            weight.Add(w);
        });
        return (weight.Value == 0 ? 0 : value.Value / weight.Value, queries);
    }

    /// <summary>
    /// The value of each query, in order of first appearance (for per-query distributions and reports). For
    /// pair-counting metrics (ordered pair accuracy) a query without pairs is NaN.
    /// </summary>
    public IReadOnlyList<(long Query, double Value)> PerQuery()
    {
        var result = new List<(long, double)>();
        ForEachQuery(_group.AsSpan(0, _count), _score.AsSpan(0, _count), _label.AsSpan(0, _count), (q, v, w) => result.Add((q, w == 1 ? v : v / w)));
        return result;
    }

    /// <summary>Resets, adds the items and computes: the functional form.</summary>
    public double Evaluate(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query)
    {
        Reset();
        Update(new MetricBatch(relevance, score) { Group = query });
        return Compute();
    }

    /// <inheritdoc />
    public void Reset() => _count = 0;

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not RankingMetric o || o.GetType() != GetType() || o.ConfigKey != ConfigKey)
            throw new ArgumentException($"cannot merge {other.Name} into {ConfigKey}");
        if (ReferenceEquals(o, this)) throw new ArgumentException("cannot merge a metric into itself");
        EnsureCapacity(_count + o._count);
        o._group.AsSpan(0, o._count).CopyTo(_group.AsSpan(_count));
        o._score.AsSpan(0, o._count).CopyTo(_score.AsSpan(_count));
        o._label.AsSpan(0, o._count).CopyTo(_label.AsSpan(_count));
        _count += o._count;
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(ConfigKey);
            w.Write(_count);
            w.Write(MemoryMarshal.AsBytes(_group.AsSpan(0, _count)));
            w.Write(MemoryMarshal.AsBytes(_score.AsSpan(0, _count)));
            w.Write(MemoryMarshal.AsBytes(_label.AsSpan(0, _count)));
        }
        return ms.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            if (r.ReadInt32() != Magic || r.ReadInt32() != Version) throw new ArgumentException($"not a Plumb ranking-metric state (format {Version})");
            string key = r.ReadString();
            if (key != ConfigKey) throw new ArgumentException($"state was written by {key}, this metric is {ConfigKey}");
            int n = r.ReadInt32();
            if (n < 0 || (long)n * 24 > r.BaseStream.Length - r.BaseStream.Position) throw new ArgumentException("truncated ranking-metric state");
            var group = new long[n];
            var score = new double[n];
            var label = new double[n];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(group.AsSpan()));
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(score.AsSpan()));
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(label.AsSpan()));
            (_group, _score, _label, _count) = (group, score, label, n);
        }
        catch (EndOfStreamException e) { throw new ArgumentException("truncated ranking-metric state", e); }
    }

    /// <summary>
    /// The value of one query and its weight in the mean (1 for per-query means; the number of pairs for pooled
    /// pair metrics). <paramref name="score"/> is sorted highest first, equal scores least relevant first, and
    /// <paramref name="relevance"/> follows the same order.
    /// </summary>
    private protected abstract (double Value, double Weight) Query(ReadOnlySpan<double> score, ReadOnlySpan<double> relevance);

    /// <summary>The number of leading items that count: min(k, n).</summary>
    private protected int Cut(int n) => K is { } k && k < n ? k : n;

    /// <summary>Whether an item counts as relevant for the binary metrics (relevance ≥ 1, as TF-Ranking).</summary>
    private protected static bool Relevant(double relevance) => relevance >= 1;

    private delegate void QueryAction(long query, double value, double weight);

    /// <summary>Calls <paramref name="action"/> for each query in order of first appearance; returns the number of queries.</summary>
    private int ForEachQuery(ReadOnlySpan<long> group, ReadOnlySpan<double> score, ReadOnlySpan<double> label, QueryAction action)
    {
        int n = group.Length;
        if (n == 0) return 0;
        // Dense query index per row, in order of first appearance; runs of one id skip the lookup.
        var dense = new int[n];
        var index = new Dictionary<long, int>();
        var firstId = new List<long>();
        var sizes = new List<int>();
        int runs = 0, current = -1;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || group[i] != group[i - 1])
            {
                runs++;
                ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, group[i], out bool exists);
                if (!exists)
                {
                    slot = firstId.Count;
                    firstId.Add(group[i]);
                    sizes.Add(0);
                }
                current = slot;
            }
            dense[i] = current;
            CollectionsMarshal.AsSpan(sizes)[current]++;
        }
        int queries = firstId.Count;
        var start = new int[queries + 1];
        for (int q = 0; q < queries; q++) start[q + 1] = start[q] + sizes[q];
        // Stable bucketing by query, unless each query already is one contiguous run.
        int[]? order = null;
        if (runs != queries)
        {
            order = new int[n];
            var next = (int[])start.Clone();
            for (int i = 0; i < n; i++) order[next[dense[i]]++] = i;
        }
        int largest = 0;
        foreach (int size in sizes) largest = Math.Max(largest, size);
        var key = new double[largest];
        var rel = new double[largest];
        for (int q = 0; q < queries; q++)
        {
            int m = start[q + 1] - start[q];
            var ks = key.AsSpan(0, m);
            var rs = rel.AsSpan(0, m);
            for (int j = 0; j < m; j++)
            {
                int row = order is null ? start[q] + j : order[start[q] + j];
                ks[j] = -score[row];
                rs[j] = label[row];
            }
            SortQuery(ks, rs);
            var (v, w) = Query(ks, rs);
            action(firstId[q], v, w);
        }
        return queries;
    }

    /// <summary>
    /// This metric over rows whose queries arrive as contiguous runs (each query's rows adjacent, the usual file
    /// layout), computed run by run as batches stream past: nothing but the open run is kept. Queries are taken in
    /// the same order and summed the same way as <see cref="Compute"/>, so the value is identical.
    /// </summary>
    internal QueryRuns Runs() => new(this);

    /// <summary>See <see cref="Runs"/>.</summary>
    internal sealed class QueryRuns(RankingMetric metric)
    {
        private readonly HashSet<long> _seen = [];
        private double[] _key = new double[64], _relevance = new double[64];
        private int _open; // rows of the open run
        private long _current;
        private long _rows;
        private int _queries;
        private CompensatedSum _value, _weight;

        /// <summary>
        /// Adds a batch; false when a query whose run already ended appears again (the rows are not grouped, and
        /// the caller must compute over all rows instead).
        /// </summary>
        /// <exception cref="ArgumentException">As <see cref="Update"/>.</exception>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public bool Add(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, ReadOnlySpan<long> query)
        {
            metric.Validate(new MetricBatch(relevance, score) { Group = query }, _rows);
            for (int i = 0; i < query.Length; i++)
            {
                if (_open == 0 || query[i] != _current)
                {
                    if (_open > 0) Close();
                    if (!_seen.Add(query[i])) return false;
                    _current = query[i];
                }
                if (_open == _key.Length)
                {
                    Array.Resize(ref _key, 2 * _open);
                    Array.Resize(ref _relevance, 2 * _open);
                }
                _key[_open] = -score[i];
                _relevance[_open] = relevance[i];
                _open++;
            }
            _rows += query.Length;
            return true;
        }

        /// <summary>The mean over the queries (NaN for no rows) and the number of queries.</summary>
        public (double Value, int Queries) Finish()
        {
            if (_open > 0) Close();
            if (_queries == 0) return (double.NaN, 0);
            return (_weight.Value == 0 ? 0 : _value.Value / _weight.Value, _queries);
        }

        private void Close()
        {
            var ks = _key.AsSpan(0, _open);
            var rs = _relevance.AsSpan(0, _open);
            SortQuery(ks, rs);
            var (v, w) = metric.Query(ks, rs);
            _value.Add(v);
            _weight.Add(w);
            _queries++;
            _open = 0;
        }
    }

    /// <summary>Sorts by score descending (keys hold −score), then equal scores by relevance ascending; on return
    /// <paramref name="key"/> holds the scores themselves.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SortQuery(Span<double> key, Span<double> relevance)
    {
        int m = key.Length;
        if (m <= 24)
        {
            // Short lists (most queries): insertion sort on (key, relevance) pairs, the same order as below.
            for (int i = 1; i < m; i++)
            {
                double k = key[i], r = relevance[i];
                int j = i - 1;
                while (j >= 0 && (key[j] > k || (key[j] == k && relevance[j] > r)))
                {
                    key[j + 1] = key[j];
                    relevance[j + 1] = relevance[j];
                    j--;
                }
                key[j + 1] = k;
                relevance[j + 1] = r;
            }
        }
        else Kernels.RankKernel.SortPairs(key, relevance);
        for (int i = 0; i < m; i++) key[i] = -key[i];
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _group.Length) return;
        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(1024L, 2L * _group.Length)));
        Array.Resize(ref _group, capacity);
        Array.Resize(ref _score, capacity);
        Array.Resize(ref _label, capacity);
    }

    private protected static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
