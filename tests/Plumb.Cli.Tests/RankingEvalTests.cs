using System.Globalization;
using System.Text.Json;

namespace Plumb.Cli.Tests;

public sealed class RankingEvalTests : IDisposable
{
    // The eight queries of Plumb.Metrics.Tests.RankingMetricTests (numpy RandomState(17); relevance, score), query ids
    // written as text "q0"…"q7" and the rows shuffled (seed 3), so queries are interleaved. scikit-learn 1.2.1, per query
    // ndcg_score(rel[q][None], score[q][None], k=…) then np.mean: k=None 0.8239121456005274, k=3 0.7576271967221695.
    private static readonly double[] Rel =
    [
        1, 1, 4, 4, 4, 2, 2, 3, 3, 3, 1, 0, 2, 4, 1, 0, 3, 2, 0, 0, 0, 0, 4, 4, 2, 4, 4, 3, 1, 3, 2, 3, 3, 1, 1, 2, 2, 0,
    ];

    private static readonly double[] Score =
    [
        0.0, 1.0, 0.576, 0.039, 0.358, 1.0, 1.0, 2.0, 1.0, 2.0, 0.405, 0.297, 0.665, 0.518, 0.758, 0.177, 0.512, 0.794, 0.0, 1.0, 0.0,
        0.0, 0.961, 0.659, 0.719, 0.744, 0.888, 0.134, 2.0, 3.0, 3.0, 2.0, 2.0, 0.0, 3.0, 0.503, 0.059, 0.226,
    ];

    private static readonly int[] Query =
        [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7];

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Csv()
    {
        int[] order = [.. Enumerable.Range(0, Rel.Length)];
        new Random(3).Shuffle(order);
        return _files.Text("ranked.csv", ["qid,rel,score", .. order.Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"q{Query[i]},{Rel[i]},{Score[i]:R}"))]);
    }

    private static (int Code, string Out, string Err) Eval(params string[] args) => CliTests.Run(["eval", .. args]);

    [Fact]
    public void Ndcg_matches_scikit_learn_over_interleaved_text_query_ids()
    {
        var (code, output, err) = Eval("--data", Csv(), "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score",
            "--metrics", "ndcg,ndcg@3,mrr,hit_rate(k=1)", "--json");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.8239121456005274, json.GetProperty("ndcg").GetDouble(), 12);
        Assert.Equal(0.7576271967221695, json.GetProperty("ndcg_k3").GetDouble(), 12);
        Assert.True(json.TryGetProperty("mrr", out _));
        Assert.True(json.TryGetProperty("hit_rate_k1", out _));
    }

    [Fact]
    public void Report_tables_ndcg_against_k_and_per_query_distribution()
    {
        string html = Path.Combine(_files.Dir, "ranking.html");
        var (code, _, err) = Eval("--data", Csv(), "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score",
            "--metrics", "ndcg@10", "--report", html);
        Assert.True(code == 0, err);
        string text = File.ReadAllText(html);
        Assert.Contains("NDCG@k against k", text);
        Assert.Contains("per-query NDCG@10", text);
        Assert.Contains("0.757627", text); // ndcg@3 row
    }

    [Theory]
    [InlineData(new[] { "--task", "ranking", "--target", "rel", "--score", "score", "--metrics", "ndcg" }, "--group")]
    [InlineData(new[] { "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "roc_auc" }, "not a ranking metric")]
    [InlineData(new[] { "--task", "binary", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "accuracy" }, "--group applies to --task ranking")]
    public void Bad_requests_are_one_line(string[] args, string fragment)
    {
        var (code, output, err) = Eval(["--data", Csv(), .. args]);
        Assert.True(code == 2, $"exit {code}: {err} {output}");
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(fragment, err);
    }

    [Theory]
    [InlineData("{0}")]          // integer ids: the streaming reader
    [InlineData("{0}.5")]        // not integers: read as text ids
    [InlineData("10{0}")]        // other integers, same groups
    public void Numeric_query_ids_give_the_scikit_learn_values_of_the_text_ids(string idFormat)
    {
        int[] order = [.. Enumerable.Range(0, Rel.Length)];
        new Random(3).Shuffle(order);
        string csv = _files.Text("numeric.csv", ["qid,rel,score", .. order.Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, idFormat, Query[i])},{Rel[i]},{Score[i]:R}"))]);
        AssertScikitLearnNdcg(csv);
    }

    /// <summary>ndcg and ndcg@3 of the file are scikit-learn's values of the eight queries.</summary>
    private static void AssertScikitLearnNdcg(string csv)
    {
        var (code, output, err) = Eval("--data", csv, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score",
            "--metrics", "ndcg,ndcg@3", "--json");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.8239121456005274, json.GetProperty("ndcg").GetDouble(), 12);
        Assert.Equal(0.7576271967221695, json.GetProperty("ndcg_k3").GetDouble(), 12);
    }

    [Fact]
    public void Grouped_files_stream_query_by_query_across_batches()
    {
        // The eight queries repeated 1,843 times with new ids (70,034 rows, each query's rows adjacent, one query cut
        // by the 65,536-row batch boundary): the mean over identical copies is scikit-learn's value of the eight.
        var lines = new List<string> { "qid,rel,score" };
        for (int copy = 0; copy < 1843; copy++)
            for (int i = 0; i < Rel.Length; i++)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{8 * copy + Query[i]},{Rel[i]},{Score[i]:R}"));
        string csv = _files.Text("grouped.csv", [.. lines]);
        AssertScikitLearnNdcg(csv);
        var (code, output, err) = Eval("--data", csv, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "ndcg");
        Assert.True(code == 0, err);
        Assert.Contains("70034 rows in 14744 queries", output);
    }

    [Fact]
    public void A_non_finite_score_or_a_missing_id_with_numeric_ids_names_the_row()
    {
        string nan = _files.Text("nan.csv", "qid,rel,score", "1,2,0.5", "1,0,nan", "2,1,0.3");
        var (code, _, err) = Eval("--data", nan, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "ndcg");
        Assert.Equal(2, code);
        Assert.Contains("row 3", err);
        string missing = _files.Text("missing.csv", "qid,rel,score", "1,2,0.5", ",0,0.1", "2,1,0.3");
        (code, _, err) = Eval("--data", missing, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "ndcg");
        Assert.Equal(2, code);
        Assert.Contains("row 3", err);
    }

    [Fact]
    public void Negative_relevance_names_the_row()
    {
        string csv = _files.Text("neg.csv", "qid,rel,score", "1,2,0.5", "1,-1,0.2");
        var (code, _, err) = Eval("--data", csv, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score", "--metrics", "ndcg");
        Assert.Equal(2, code);
        Assert.Contains("row 3, column 'rel': relevance '-1' is negative", err);
    }
}
