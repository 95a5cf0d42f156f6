using System.Globalization;
using System.Text.Json;
using Parquet.Schema;

namespace Plumb.Cli.Tests;

/// <summary>
/// <c>plumb train --task ranking --group COL</c> end to end on a small generated learning-to-rank set: the run
/// folder, the loss choice, the monitored metric first on each epoch line, the ranking plots, and
/// <c>predict</c> → <c>eval --task ranking --group</c>.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RankingTrainTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="queries"/> queries of 3–10 items, three features, relevance 0–4 from the first two features plus
    /// noise (seeded), rows shuffled so the items of a query are not contiguous.
    /// </summary>
    private static (int Query, double A, double B, int Rel, double C)[] Rows(int queries, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(int, double, double, int, double)>();
        for (int q = 0; q < queries; q++)
        {
            int n = rng.Next(3, 11);
            for (int i = 0; i < n; i++)
            {
                double a = Math.Round(rng.NextDouble() * 2 - 1, 4), b = Math.Round(rng.NextDouble() * 2 - 1, 4), c = Math.Round(rng.NextDouble() * 2 - 1, 4);
                int rel = (int)Math.Clamp(Math.Floor(1.5 * a - b + 0.3 * (rng.NextDouble() - 0.5) + 2), 0, 4);
                rows.Add((q, a, b, rel, c));
            }
        }
        var shuffled = rows.ToArray();
        rng.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary><see cref="Rows"/> as CSV with text query ids.</summary>
    private string Set(string name, int queries, int seed) =>
        _files.Text(name, ["a,qid,b,rel,c", .. Rows(queries, seed).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.A},query-{seed}-{r.Query},{r.B},{r.Rel},{r.C}"))]);

    private static JsonElement Summary(string run) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement;

    [Fact]
    public void Trains_with_listnet_by_default_monitors_val_ndcg_at_10_and_writes_the_run_folder()
    {
        string run = Path.Combine(_files.Dir, "run");
        var (code, output, err) = CliTests.Run("train", "--data", Set("train.csv", 60, 1), "--target", "rel", "--task", "ranking",
            "--group", "qid", "--epochs", "4", "--out", run);
        Assert.True(code == 0, err);
        var s = Summary(run);
        Assert.Equal("ranking", s.GetProperty("task").GetString());
        Assert.Equal("listnet", s.GetProperty("loss").GetString());
        Assert.Equal("val_ndcg_k10", s.GetProperty("monitor").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("threshold").ValueKind);
        // 20 % of 60 queries held out as whole queries.
        Assert.Contains("validation: 12 queries", output);
        foreach (string f in new[] { "model.json", "plumb-model.json", "history.csv", "summary.json", "report.html", "report.json", "predictions.csv" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        Assert.StartsWith("query,target,score", File.ReadAllText(Path.Combine(run, "predictions.csv")));

        // Each epoch line starts with the monitored metric, Keras-style, and fits 100 columns.
        var epochLines = output.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, epochLines.Count);
        Assert.All(epochLines, l => Assert.Matches(@"^epoch \d/4  val_ndcg_k10 [0-9.]+ - loss [0-9.]+ - val_loss ", l));
        Assert.All(epochLines, l => Assert.True(l.TrimEnd('\r').Length <= 100, l));

        // The report's ranking readings state summary.json's validation NDCG@10 (the same rows).
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        var figures = ReportCaptionTests.Figures(html);
        string ndcg10 = Fmt(s.GetProperty("validation").GetProperty("ndcg_k10").GetDouble());
        var atK = figures.Single(f => f.Caption.StartsWith("NDCG@k against k, mean over 12 queries (", StringComparison.Ordinal));
        Assert.Contains($", NDCG@10 {ndcg10}, ", atK.Reading);
        var perQuery = figures.Single(f => f.Caption.StartsWith("Distribution of per-query NDCG@10 over 12 queries", StringComparison.Ordinal));
        Assert.StartsWith($"Mean {ndcg10}, median ", perQuery.Reading);
        Assert.True(File.Exists(Path.Combine(run, "plots", "ndcg_at_k.png")));
        Assert.True(File.Exists(Path.Combine(run, "plots", "ndcg_per_query.png")));

        // plumb report re-renders the ranking plots from the run folder's files (predictions.csv, report.json).
        File.Delete(Path.Combine(run, "plots", "ndcg_per_query.png"));
        var (rc, _, rerr) = CliTests.Run("report", run);
        Assert.True(rc == 0, rerr);
        Assert.Contains("Distribution of per-query NDCG@10 over 12 queries", File.ReadAllText(Path.Combine(run, "report.html")));
        Assert.True(File.Exists(Path.Combine(run, "plots", "ndcg_per_query.png")));
    }

    [Fact]
    public void Predict_passes_the_query_id_through_so_its_output_goes_straight_into_eval()
    {
        string run = Path.Combine(_files.Dir, "run");
        string val = Set("val.csv", 15, 2);
        var (code, _, err) = CliTests.Run("train", "--data", Set("train.csv", 40, 1), "--val-data", val, "--target", "rel", "--task", "ranking",
            "--group", "qid", "--loss", "pairwise_logistic", "--metrics", "ndcg@5,mrr", "--monitor", "val_ndcg@5", "--epochs", "3", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var s = Summary(run);
        Assert.Equal("pairwise_logistic", s.GetProperty("loss").GetString());
        Assert.Equal("val_ndcg_k5", s.GetProperty("monitor").GetString());

        string preds = Path.Combine(_files.Dir, "preds.csv");
        (code, _, err) = CliTests.Run("predict", "--model", run, "--data", val, "--out", preds);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(preds);
        Assert.Equal("qid,rel,score", lines[0]);
        Assert.Equal(File.ReadAllLines(val).Length, lines.Length);

        var (ec, eout, eerr) = CliTests.Run("eval", "--data", preds, "--task", "ranking", "--group", "qid", "--target", "rel", "--score", "score",
            "--metrics", "ndcg@5,mrr", "--json");
        Assert.True(ec == 0, eerr);
        var json = JsonDocument.Parse(eout).RootElement;
        // The validation metrics of training (padded lists inside Fit) and of eval (the file's rows by query id) agree.
        var v = s.GetProperty("validation");
        Assert.Equal(v.GetProperty("ndcg_k5").GetDouble(), json.GetProperty("ndcg_k5").GetDouble(), 9);
        Assert.Equal(v.GetProperty("mrr").GetDouble(), json.GetProperty("mrr").GetDouble(), 9);
    }

    [Fact]
    public void Parquet_with_integer_query_ids_trains_and_the_report_shows_the_test_queries()
    {
        var rows = Rows(40, 3);
        var (qid, a, b, rel, c) = (new DataField<long>("qid"), new DataField<double>("a"), new DataField<double>("b"), new DataField<int>("rel"), new DataField<double>("c"));
        string parquet = _files.Parquet("train.parquet", new ParquetSchema(qid, a, b, rel, c), async rg =>
        {
            await rg.WriteAsync<long>(qid, rows.Select(r => 1000L + r.Query).ToArray());
            await rg.WriteAsync<double>(a, rows.Select(r => r.A).ToArray());
            await rg.WriteAsync<double>(b, rows.Select(r => r.B).ToArray());
            await rg.WriteAsync<int>(rel, rows.Select(r => r.Rel).ToArray());
            await rg.WriteAsync<double>(c, rows.Select(r => r.C).ToArray());
        });
        string run = Path.Combine(_files.Dir, "run");
        var (code, _, err) = CliTests.Run("train", "--data", parquet, "--test-data", Set("test.csv", 9, 4), "--target", "rel", "--task", "ranking",
            "--group", "qid", "--metrics", "ndcg@5", "--epochs", "2", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var s = Summary(run);
        // ndcg@10, the default monitor, is added to the metrics asked for.
        Assert.Equal(["ndcg@5", "ndcg@10"], s.GetProperty("metrics").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var test = s.GetProperty("test");
        var figures = ReportCaptionTests.Figures(File.ReadAllText(Path.Combine(run, "report.html")));
        var atK = figures.Single(f => f.Caption.StartsWith("NDCG@k against k, mean over 9 queries (", StringComparison.Ordinal) && f.Caption.Contains(" test rows)"));
        Assert.Contains($"NDCG@5 {Fmt(test.GetProperty("ndcg_k5").GetDouble())}, NDCG@10 {Fmt(test.GetProperty("ndcg_k10").GetDouble())}, ", atK.Reading);
    }

    [Fact]
    public void Bad_ranking_options_are_one_line_exit_2()
    {
        string data = Set("train.csv", 20, 1);
        string run = Path.Combine(_files.Dir, "run");
        (string[] Args, string Message)[] cases =
        [
            (["--task", "ranking"], "--task ranking needs --group COL"),
            (["--group", "qid"], "--group applies to --task ranking only"),
            (["--task", "ranking", "--group", "nope"], "no group column 'nope'"),
            (["--task", "ranking", "--group", "qid", "--loss", "mse"], "--loss 'mse' does not rank query lists"),
            (["--task", "ranking", "--group", "qid", "--monitor", "val_roc_auc"], "--monitor 'val_roc_auc' is not computed"),
        ];
        foreach (var (args, message) in cases)
        {
            var (code, _, err) = CliTests.Run(["train", "--data", data, "--target", "rel", "--epochs", "1", "--out", run, .. args]);
            Assert.True(code == 2, $"{string.Join(" ", args)}: {code} {err}");
            Assert.Contains(message, err);
            Assert.Single(err.TrimEnd().Split('\n'));
        }
        string negative = _files.Text("neg.csv", "qid,rel,a", "q1,1,0.5", "q1,-1,0.2", "q2,0,0.1", "q2,1,0.3", "q3,2,0.1", "q3,0,0.2");
        var (nc, _, nerr) = CliTests.Run("train", "--data", negative, "--target", "rel", "--task", "ranking", "--group", "qid", "--out", run, "--val-split", "0.5");
        Assert.Equal(2, nc);
        Assert.Contains("row 3, column 'rel': relevance '-1' is negative", nerr);
    }
}
