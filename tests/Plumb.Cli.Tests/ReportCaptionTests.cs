using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Plumb.Cli.Tests;

/// <summary>
/// Every number in a report's readings is the one <c>--json</c> (or summary.json) gives for the same rows and
/// threshold: each report kind is rendered and its captions are read back and compared.
/// </summary>
[Collection(TorchCollection.Name)]
public class ReportCaptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-captions").FullName;

    private static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>(caption, reading) of every figure, HTML-decoded.</summary>
    internal static List<(string Caption, string Reading)> Figures(string html) =>
        Regex.Matches(html, "<figcaption>(.*?)</figcaption><p class=\"reading\">(.*?)</p>")
            .Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();

    private static string Reading(string html, string captionStart) =>
        Figures(html).Single(f => f.Caption.StartsWith(captionStart, StringComparison.Ordinal)).Reading;

    private (JsonElement Json, string Html) Eval(string csv, params string[] args)
    {
        string html = Path.Combine(_dir, Path.GetFileNameWithoutExtension(csv) + ".html");
        var (code, output, err) = CliTests.Run(["eval", "--data", csv, .. args, "--json", "--report", html]);
        Assert.True(code == 0, err);
        Assert.StartsWith($"report: {html} (", err); // said on stderr: stdout stays one JSON object
        return (JsonDocument.Parse(output).RootElement, File.ReadAllText(html));
    }

    [Fact]
    public void Binary_eval_report_states_the_json_values_at_the_threshold_it_was_given()
    {
        // No score equals 0.5; the nearest scores are 0.45 and 0.55, whose operating points differ from 0.5's.
        // Hand count at 0.5: predicted positive = {0.55, 0.9, 0.6} → TP 2, FP 1, FN 2, TN 2;
        // precision 2/3, recall 2/4, F1 2·2/(2·2+1+2) = 4/7.
        string csv = Path.Combine(_dir, "bin.csv");
        File.WriteAllLines(csv, ["y,p", "0,0.1", "0,0.45", "1,0.4", "1,0.55", "1,0.9", "0,0.6", "1,0.3"]);
        var (json, html) = Eval(csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "precision,recall,f1,accuracy");
        Assert.Equal(2.0 / 3, json.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(0.5, json.GetProperty("recall").GetDouble(), 12);
        Assert.Equal(4.0 / 7, json.GetProperty("f1").GetDouble(), 12);

        string p = Fmt(json.GetProperty("precision").GetDouble()), r = Fmt(json.GetProperty("recall").GetDouble()), f1 = Fmt(json.GetProperty("f1").GetDouble());
        Assert.Equal($"At threshold 0.5, given by --threshold (bin.csv, 7 rows): precision {p}, recall {r}, F1 {f1}.", Reading(html, "Precision, recall and F1"));
        Assert.Equal($"At 0.5: 2 of 4 positives found (recall {r}), 1 false alarms (precision {p}), 2 missed.", Reading(html, "Confusion matrix at threshold 0.5, given by --threshold"));
        // The metric table on the page is the JSON, rendered once more.
        foreach (var kv in json.EnumerateObject())
            Assert.Contains($"<td>{kv.Name}</td><td>{kv.Value.GetDouble().ToString("0.######", CultureInfo.InvariantCulture)}</td>", html);
        // One count matrix and one row-normalised matrix at the threshold given; no second copy at 0.5.
        var captions = Figures(html).Select(f => f.Caption).Where(c => c.StartsWith("Confusion", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, captions.Count);
        Assert.Contains("each row divided", captions[1]);
        Assert.All(captions, c => Assert.Contains("(bin.csv, 7 rows)", c));
    }

    [Fact]
    public void Binary_eval_report_at_another_threshold_adds_the_0_5_matrix_for_comparison()
    {
        string csv = Path.Combine(_dir, "bin3.csv");
        File.WriteAllLines(csv, ["y,p", "0,0.1", "0,0.45", "1,0.4", "1,0.55", "1,0.9", "0,0.6", "1,0.3"]);
        var (json, html) = Eval(csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "precision,recall,f1", "--threshold", "0.35");
        // At 0.35: positives {0.45, 0.4, 0.55, 0.9, 0.6} → TP 3, FP 2, FN 1: precision 3/5, recall 3/4.
        Assert.Equal(0.6, json.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(0.75, json.GetProperty("recall").GetDouble(), 12);
        Assert.StartsWith($"At threshold 0.35, given by --threshold (bin3.csv, 7 rows): precision 0.6, recall 0.75, F1 {Fmt(json.GetProperty("f1").GetDouble())}.", Reading(html, "Precision, recall and F1"));
        Assert.StartsWith("At 0.5: 2 of 4 positives found (recall 0.5)", Reading(html, "Confusion matrix at the default threshold 0.5"));
    }

    [Fact]
    public void Multiclass_eval_report_states_the_json_accuracy()
    {
        // Argmax per row: 0, 1, 2, 1, 0 against targets 0, 1, 2, 2, 1 → 3 of 5 correct.
        string csv = Path.Combine(_dir, "multi.csv");
        File.WriteAllLines(csv, ["y,a,b,c", "0,0.7,0.2,0.1", "1,0.1,0.8,0.1", "2,0.2,0.2,0.6", "2,0.3,0.4,0.3", "1,0.5,0.3,0.2"]);
        var (json, html) = Eval(csv, "--target", "y", "--score", "a,b,c", "--task", "multiclass", "--metrics", "accuracy");
        Assert.Equal(0.6, json.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal($"3 of 5 on the diagonal ({Fmt(json.GetProperty("accuracy").GetDouble())} accuracy).", Reading(html, "Confusion matrix, rows: true class"));
        Assert.Contains("each row divided", Figures(html).Select(f => f.Caption).Single(c => c.StartsWith("Confusion matrix, each", StringComparison.Ordinal)));
    }

    [Fact]
    public void Regression_eval_report_states_the_json_mae()
    {
        // |errors| 0.5, 1, 0, 2.5 → MAE 1.
        string csv = Path.Combine(_dir, "reg.csv");
        File.WriteAllLines(csv, ["y,p", "1,1.5", "2,1", "3,3", "4,6.5"]);
        var (json, html) = Eval(csv, "--target", "y", "--score", "p", "--task", "regression", "--metrics", "mae");
        Assert.Equal(1.0, json.GetProperty("mae").GetDouble(), 12);
        Assert.Equal($"Points on the dashed line are exact; mean absolute error {Fmt(json.GetProperty("mae").GetDouble())} (reg.csv, 4 rows).", Reading(html, "Predicted against actual"));
    }

    [Fact]
    public void Ranking_eval_report_states_the_json_ndcg_values()
    {
        // Hand-worked (linear gains, log2 discounts, scikit-learn's ndcg_score semantics):
        // q1 relevance 3,2,0 in score order: ideal, NDCG@k = 1 for every k.
        // q2 relevance 0,1 in score order: NDCG@1 = 0; NDCG@k≥2 = (1/log2 3)/(1/log2 2) = 0.6309297535714575.
        // q3 relevance 0,0: no relevant item, 0 for every k.
        // Mean over three queries: NDCG@1 = 1/3, NDCG@5 = NDCG@10 = (1 + 0.6309297535714575)/3 = 0.5436432511904858.
        string csv = Path.Combine(_dir, "rank.csv");
        File.WriteAllLines(csv, ["qid,rel,score", "q1,3,0.9", "q2,1,0.1", "q1,2,0.8", "q3,0,0.5", "q2,0,0.9", "q1,0,0.1", "q3,0,0.4"]);
        var (json, html) = Eval(csv, "--target", "rel", "--score", "score", "--task", "ranking", "--group", "qid", "--metrics", "ndcg@1,ndcg@5,ndcg@10");
        Assert.Equal(1.0 / 3, json.GetProperty("ndcg_k1").GetDouble(), 12);
        Assert.Equal(0.5436432511904858, json.GetProperty("ndcg_k5").GetDouble(), 12);
        Assert.Equal(0.5436432511904858, json.GetProperty("ndcg_k10").GetDouble(), 12);

        string k1 = Fmt(json.GetProperty("ndcg_k1").GetDouble()), k5 = Fmt(json.GetProperty("ndcg_k5").GetDouble()), k10 = Fmt(json.GetProperty("ndcg_k10").GetDouble());
        Assert.Equal($"NDCG@1 {k1}, NDCG@5 {k5}, NDCG@10 {k10}, NDCG@20 {k10}; whole list {k10}.", Reading(html, "NDCG@k against k, mean over 3 queries (rank.csv, 7 rows)"));
        // Per query: 1, 0.6309, 0 → median 0.6309; one query at 0 (no relevant item), one at 1.
        Assert.Equal($"Mean {k10}, median 0.6309; 1 queries at 0 (no relevant item in the top 10, or none at all), 1 at 1 (ideal order).",
            Reading(html, "Distribution of per-query NDCG@10 over 3 queries (rank.csv, 7 rows)"));
        foreach (var kv in json.EnumerateObject())
            Assert.Contains($"<td>{kv.Name}</td><td>{kv.Value.GetDouble().ToString("0.######", CultureInfo.InvariantCulture)}</td>", html);
    }

    [Fact]
    public void Train_report_states_summary_json_epochs_and_threshold()
    {
        string root = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        string data = Path.Combine(root, "src", "Plumb", "Datasets", "Data", "breast_cancer.csv");
        string run = Path.Combine(_dir, "run");
        var (code, _, err) = CliTests.Run("train", "--data", data, "--target", "benign", "--epochs", "4", "--out", run);
        Assert.True(code == 0, err);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var s = summary.RootElement;
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        int byLoss = s.GetProperty("best_epoch_by_val_loss").GetInt32(), byMonitor = s.GetProperty("best_epoch_by_monitor").GetInt32();
        string curve = Reading(html, "Learning curve: loss");
        Assert.Contains(byLoss == byMonitor ? $"agree on epoch {byLoss}" : $"by val_loss ({byLoss})", curve);
        double threshold = s.GetProperty("threshold").GetDouble();
        Assert.StartsWith($"At threshold {Fmt(threshold)}, max F1 on validation (", Reading(html, "Precision, recall and F1"));
        foreach (var kv in s.GetProperty("validation").EnumerateObject())
            Assert.Contains($"<td>{kv.Name}</td><td>{Fmt(kv.Value.GetDouble())}</td>", html);

        // report.json: versioned, snake_case, epochs counted from 1 like summary.json.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        var r = report.RootElement;
        Assert.Equal(1, r.GetProperty("schema_version").GetInt32());
        Assert.Equal(byLoss, r.GetProperty("best_epoch_by_val_loss").GetInt32());
        Assert.Equal(byMonitor, r.GetProperty("best_epoch_by_monitor").GetInt32());
        Assert.All(r.EnumerateObject(), p => Assert.Matches("^[a-z0-9_]+$", p.Name));
    }

    [Fact]
    public void Detection_report_states_the_json_map_tide_and_confusion()
    {
        // cat: a TP (image 1, 0.8) and an FP on an empty image (image 2, 0.9); dog: a class confusion on cat's second
        // object (image 3) and no ground truth of its own. Every reading is rebuilt here from --json.
        string gt = Path.Combine(_dir, "det_gt.json"), dt = Path.Combine(_dir, "det_dt.json"), html = Path.Combine(_dir, "det.html");
        File.WriteAllText(gt, """
            {"images": [{"id": 1}, {"id": 2}, {"id": 3}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0},
                             {"id": 2, "image_id": 3, "category_id": 7, "bbox": [0, 0, 50, 50], "area": 2500, "iscrowd": 0}],
             "categories": [{"id": 7, "name": "cat"}, {"id": 9, "name": "dog"}]}
            """);
        File.WriteAllText(dt, """
            [{"image_id": 2, "category_id": 7, "bbox": [0, 0, 10, 10], "score": 0.9}, {"image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "score": 0.8},
             {"image_id": 3, "category_id": 9, "bbox": [0, 0, 50, 50], "score": 0.7}]
            """);
        var (code, output, err) = CliTests.Run(["eval-detection", "--gt", gt, "--pred", dt, "--json", "--report", html]);
        Assert.True(code == 0, err);
        Assert.StartsWith($"report: {html} (3 plots)", err);
        var json = JsonDocument.Parse(output).RootElement;
        string page = File.ReadAllText(html);

        string map50 = Fmt(json.GetProperty("map_50").GetDouble()), cat = Fmt(json.GetProperty("per_class").GetProperty("cat").GetDouble());
        Assert.Equal($"mAP@0.5 {map50} over 1 class; drawn: the 1 best and 0 worst by AP@[.50:.95] (cat {cat}).", Reading(page, "Precision–recall curves"));

        var tide = json.GetProperty("tide");
        var delta = tide.GetProperty("delta_ap");
        var counts = tide.GetProperty("counts");
        string[] names = ["cls", "loc", "both", "dupe", "bkg", "miss"];
        string worst = names.OrderByDescending(n => delta.GetProperty(n).GetDouble()).First();
        Assert.Equal("cls", worst); // fixing dog-on-cat makes cat's second TP: more than dropping the background FP
        Assert.Equal($"TIDE AP@0.5 {Fmt(tide.GetProperty("ap").GetDouble())} (background IoU 0.1). " +
                     $"Fixing classification errors would add the most: +{Fmt(delta.GetProperty("cls").GetDouble())} ({counts.GetProperty("cls").GetInt32()} errors). " +
                     string.Join(", ", names.Select(n => $"{n} +{Fmt(delta.GetProperty(n).GetDouble())} ({counts.GetProperty(n).GetInt32()})")) + ".",
            Reading(page, "TIDE error breakdown"));

        var m = json.GetProperty("confusion").GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        // rows cat, dog, background; columns cat, dog, missed
        Assert.Equal([1L, 1, 0], m[0]);
        Assert.Equal([0L, 0, 0], m[1]);
        Assert.Equal([1L, 0, 0], m[2]);
        Assert.Equal("Of 2 objects, 1 found with the right class, 1 with another class, 0 missed; 1 detections on background (match: IoU > 0.5, detections with score > 0.25).",
            Reading(page, "Confusion matrix: rows ground truth + background"));
        foreach (var key in new[] { "map", "map_50", "mar_100" })
            Assert.Contains($"<td>{key}</td><td>{json.GetProperty(key).GetDouble().ToString("0.######", CultureInfo.InvariantCulture)}</td>", page);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
