using System.Globalization;
using Plumb.Cli.Data;
using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Metrics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb eval --task ranking --group COL</c>: ranking metrics of saved scores, one query id per row (rows of a query
/// need not be contiguous). Relevance is the <c>--target</c> column (graded, ≥ 0), the model's score the
/// <c>--score</c> column; query ids may be numbers or any text.
/// </summary>
/// <remarks>
/// <code>
/// plumb eval --data ranked.csv --task ranking --group qid --target rel --score score --metrics ndcg@10,map_at_k@10,mrr --json
/// {"ndcg_k10":0.8123,"map_at_k_k10":0.7011,"mrr":0.8433}
/// </code>
/// The report (<c>--report</c>) tables and plots NDCG@k against k and the distribution of per-query NDCG@10.
/// </remarks>
internal static class RankingEval
{
    private static readonly int[] ReportCuts = [1, 3, 5, 10, 20];

    /// <summary>Validates the columns, computes every metric over the query groups.</summary>
    /// <exception cref="UsageException">A missing --group, a bad cell (file, row, column, value) or a non-ranking metric.</exception>
    /// <param name="r">The request: data file, relevance (--target) and score columns, metrics.</param>
    /// <param name="group">The query-id column.</param>
    /// <param name="keepRows">Whether the evaluation keeps the rows (for the report).</param>
    public static EvalCommand.Evaluation Evaluate(EvalCommand.EvalRequest r, string? group, bool keepRows)
    {
        if (group is null) throw new UsageException("--task ranking needs --group COL: the column with each row's query id");
        if (r.Targets.Count != 1 || r.Scores.Count != 1)
            throw new UsageException($"--task ranking takes one --target (relevance) and one --score column, got {r.Targets.Count} and {r.Scores.Count}");
        if (r.Weight is not null) throw new UsageException("--weight does not apply to --task ranking (every query weighs the same)");
        if (r.Average is not null || r.FromLogits || r.Normalize)
            throw new UsageException("--average, --from-logits and --normalize do not apply to --task ranking");

        var options = new MetricOptions { Task = MetricTask.Ranking };
        var metrics = new List<(MetricSpec Spec, IStreamingMetric Metric)>();
        foreach (string text in r.Metrics)
        {
            try
            {
                MetricSpec spec = MetricRegistry.Resolve(text);
                if (spec.Descriptor.Family is not (MetricFamily.Ranking or MetricFamily.Loss) || (spec.Descriptor.Family == MetricFamily.Loss && !spec.Descriptor.Reads.HasFlag(MetricInputs.Relevance)))
                    throw new UsageException($"--metrics: '{text}' is not a ranking metric (ranking: {string.Join(", ", RankingNames())})");
                if (metrics.Any(m => m.Spec.Key == spec.Key)) throw new UsageException($"--metrics: '{text}' is given twice ({spec.Key})");
                metrics.Add((spec, MetricRegistry.Create(spec, options)));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new UsageException($"--metrics: {UsageException.MessageOf(e)}");
            }
        }
        if (metrics.Count == 0) throw new UsageException("--metrics: no metric given");

        // Numeric query ids and clean cells stream through the typed reader; text ids, and any cell worth a message,
        // go through the whole-table reader, which numbers text ids and names the file, row, column and value.
        // Grouped files (each query's rows adjacent) are computed query by query as they stream past, keeping no rows.
        if (!keepRows && metrics.All(m => m.Metric is RankingMetric) && StreamRuns(r.Data, r.Targets[0], r.Scores[0], group, metrics.Select(m => (RankingMetric)m.Metric).ToList()) is { } byRuns)
        {
            var values = metrics.Select((m, j) => new KeyValuePair<string, object>(m.Spec.Key, byRuns.Values[j])).ToList();
            return new EvalCommand.Evaluation(values, [], Caption(r.Data, byRuns.Rows, byRuns.Queries, group));
        }

        double[] relevance, score;
        long[] query;
        int rows;
        if (Stream(r.Data, r.Targets[0], r.Scores[0], group) is { } streamed) (relevance, score, query, rows) = streamed;
        else
        {
            Table table = TableReader.Read(r.Data);
            TableColumn relCol = table.Column(r.Targets[0]), scoreCol = table.Column(r.Scores[0]), groupCol = table.Column(group);
            relevance = relCol.RequireFinite();
            for (int i = 0; i < relevance.Length; i++)
                if (relevance[i] < 0) throw new UsageException($"{relCol.Where(i)}: relevance '{relCol.Raw(i)}' is negative (graded relevance is ≥ 0)");
            score = scoreCol.RequireFinite();
            query = QueryIds(groupCol);
            rows = relevance.Length;
        }

        // Ranking metrics compute on the rows where they lie; other metrics (losses read as metrics) take them as a batch.
        ReadOnlySpan<double> rel = relevance.AsSpan(0, rows), sc = score.AsSpan(0, rows);
        ReadOnlySpan<long> ids = query.AsSpan(0, rows);
        var results = new List<KeyValuePair<string, object>>();
        int queries = -1;
        foreach (var (spec, metric) in metrics)
        {
            try
            {
                if (metric is RankingMetric ranking)
                {
                    (double value, queries) = ranking.ComputeOf(rel, sc, ids);
                    results.Add(new(spec.Key, value));
                }
                else
                {
                    metric.Update(new MetricBatch(rel, sc) { Group = ids });
                    results.Add(new(spec.Key, metric.Compute()));
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw new UsageException($"{r.Data}: {spec.Text}: {UsageException.MessageOf(e)}");
            }
        }
        if (queries < 0) queries = new HashSet<long>(query.Take(rows)).Count;
        var evaluation = new EvalCommand.Evaluation(results, [], Caption(r.Data, rows, queries, group));
        return keepRows ? evaluation with { Target = relevance[..rows], Scores = score[..rows], Groups = query[..rows] } : evaluation;
    }

    private static string Caption(string data, long rows, int queries, string group) =>
        string.Create(CultureInfo.InvariantCulture, $"{data}: {rows} rows in {queries} queries (column '{group}'), ranking");

    /// <summary>
    /// The report: the metric table (the <c>--json</c> values), NDCG@k against k and the distribution of per-query
    /// NDCG@10, as tables and plots from one <see cref="RankingReading"/> that takes the <c>--json</c> values it shares.
    /// </summary>
    /// <returns>The number of plots.</returns>
    public static int WriteReport(EvalCommand.EvalRequest r, EvalCommand.Evaluation e, string path)
    {
        static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        var metricRows = e.Results.Where(kv => kv.Value is double).Select(kv => (kv.Key, F((double)kv.Value))).ToList();
        var rk = RankingReading.Of(e.Target, e.Scores, e.Groups, e.Results.Where(kv => kv.Value is double).Select(kv => new KeyValuePair<string, double>(kv.Key, (double)kv.Value)));
        var byK = new List<(string, string)>();
        foreach (int k in ReportCuts) byK.Add(($"ndcg@{k}", F(rk.At(k))));
        byK.Add(("ndcg (whole list)", F(rk.WholeList)));
        var distribution = new List<(string, string)>
        {
            ("queries", rk.Queries.ToString(CultureInfo.InvariantCulture)),
            ("mean", F(rk.Mean)),
        };
        foreach (double p in new[] { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 })
            distribution.Add(($"quantile {F(p)}", F(rk.Quantile(p))));
        distribution.Add(("queries with ndcg@10 = 0", rk.PerQuery.Count(v => v == 0).ToString(CultureInfo.InvariantCulture)));
        distribution.Add(("queries with ndcg@10 = 1", rk.PerQuery.Count(v => v == 1).ToString(CultureInfo.InvariantCulture)));
        return HtmlReport.Write(new ReportData
        {
            Title = $"plumb eval {Path.GetFileName(r.Data)}",
            Summary = [e.Caption],
            PredictionsOf = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(r.Data)}, {e.Target.Length} rows"),
            Tables = [("metrics", metricRows), ("NDCG@k against k", byK), ("per-query NDCG@10", distribution)],
            Ranking = rk,
        }, path, plotFiles: false).Count;
    }

    /// <summary>
    /// Relevance, score and integer query id of every row through the streaming reader; null when a cell is missing,
    /// not a number, not finite, a negative relevance or a query id that is not an integer (the caller then reads the
    /// file as a table, for text ids or for the message naming the cell).
    /// </summary>
    private static (double[] Relevance, double[] Score, long[] Query, int Rows)? Stream(string path, string target, string score, string group)
    {
        double[] rel = [], sc = [];
        long[] ids = [];
        int count = 0;
        bool clean = StreamClean(path, target, score, group, (stream, b, batchIds) =>
        {
            int n = b.Count;
            if (count + n > rel.Length)
            {
                // Sized once from the share of the file read so far (rows are appended, never copied again).
                long estimate = stream.Progress is > 0 and < 1 ? (long)(stream.RowsRead / stream.Progress * 1.05) + 1 : 0;
                int capacity = (int)Math.Min(Array.MaxLength, Math.Max(count + (long)n, Math.Max(estimate, 2L * rel.Length)));
                Array.Resize(ref rel, capacity);
                Array.Resize(ref sc, capacity);
                Array.Resize(ref ids, capacity);
            }
            b.Values[0].AsSpan(0, n).CopyTo(rel.AsSpan(count));
            b.Values[1].AsSpan(0, n).CopyTo(sc.AsSpan(count));
            batchIds.CopyTo(ids.AsSpan(count));
            count += n;
            return true;
        });
        return clean ? (rel, sc, ids, count) : null;
    }

    /// <summary>
    /// The metrics over a file whose queries are contiguous runs, computed run by run as the rows stream past (see
    /// <see cref="Stream"/> for what makes it return null; also null when a query's rows are not adjacent).
    /// </summary>
    private static (double[] Values, long Rows, int Queries)? StreamRuns(string path, string target, string score, string group, List<RankingMetric> metrics)
    {
        var runs = metrics.Select(m => m.Runs()).ToList();
        long rows = 0;
        bool clean = StreamClean(path, target, score, group, (_, b, ids) =>
        {
            foreach (var run in runs)
                if (!run.Add(b.Values[0].AsSpan(0, b.Count), b.Values[1].AsSpan(0, b.Count), ids)) return false;
            rows += b.Count;
            return true;
        });
        if (!clean) return null;
        var values = new double[runs.Count];
        int queries = 0;
        for (int j = 0; j < runs.Count; j++) (values[j], queries) = runs[j].Finish();
        return (values, rows, queries);
    }

    /// <summary>Takes one batch of relevance, score and query-id columns with its integer query ids; false stops the stream.</summary>
    private delegate bool BatchTaker(TableStream stream, ColumnBatch batch, ReadOnlySpan<long> ids);

    /// <summary>
    /// Streams the relevance, score and query-id columns batch by batch to <paramref name="take"/>; false as soon as a
    /// cell is not clean (see <see cref="Clean"/>) or <paramref name="take"/> stops, and when a number was unreadable.
    /// </summary>
    private static bool StreamClean(string path, string target, string score, string group, BatchTaker take)
    {
        using var stream = TableStream.Open(path, badNumbersAsMissing: true);
        stream.Select([target, score, group]);
        long[] ids = [];
        using (ReadProgress.Start(stream))
            foreach (var b in stream.Batches())
            {
                if (ids.Length < b.Count) ids = new long[b.Count];
                if (!Clean(b, ids.AsSpan(0, b.Count)) || !take(stream, b, ids.AsSpan(0, b.Count))) return false;
            }
        return !stream.BadNumbers.Any(c => c > 0);
    }

    /// <summary>
    /// Whether a batch's relevance (finite, ≥ 0), score (finite) and query id (an integer) cells are all present and
    /// clean; fills <paramref name="ids"/>.
    /// </summary>
    private static bool Clean(ColumnBatch b, Span<long> ids)
    {
        int n = b.Count;
        if (b.AnyMissing(0) || b.AnyMissing(1) || b.AnyMissing(2)) return false;
        ReadOnlySpan<double> rv = b.Values[0].AsSpan(0, n), sv = b.Values[1].AsSpan(0, n), gv = b.Values[2].AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            if (!(rv[i] >= 0 && double.IsFinite(rv[i]) && double.IsFinite(sv[i]))) return false;
            double g = gv[i];
            if (!(g == Math.Floor(g) && Math.Abs(g) < 9e15)) return false;
            ids[i] = (long)g;
        }
        return true;
    }

    /// <summary>Query ids: integers as they are, any other text numbered in order of first appearance.</summary>
    private static long[] QueryIds(TableColumn col)
    {
        int n = col.Count;
        var ids = new long[n];
        if (col.IsNumeric)
        {
            var v = col.Numbers;
            bool integral = true;
            for (int i = 0; i < n && integral; i++)
            {
                if (col.IsMissing(i)) throw new UsageException($"{col.Where(i)}: query id is missing");
                integral = v[i] == Math.Floor(v[i]) && Math.Abs(v[i]) < 9e15;
                ids[i] = (long)v[i];
            }
            if (integral) return ids;
        }
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string id = col.Raw(i) ?? throw new UsageException($"{col.Where(i)}: query id is missing");
            if (!index.TryGetValue(id, out long q)) index[id] = q = index.Count;
            ids[i] = q;
        }
        return ids;
    }

    private static IEnumerable<string> RankingNames() =>
        MetricRegistry.Descriptors.Where(d => d.Family == MetricFamily.Ranking).Select(d => d.Name);
}
