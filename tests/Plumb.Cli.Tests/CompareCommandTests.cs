using System.Globalization;
using System.Text.Json;

namespace Plumb.Cli.Tests;

/// <summary><c>plumb compare</c>, <c>plumb eval --ci</c> and the <c>compare</c> demo of the guide, end to end.</summary>
[Collection(TorchCollection.Name)]
public sealed class CompareCommandTests : IDisposable
{
    // The 40 rows of the DeLong reference (tests/Plumb.Metrics.Tests/Statistics/StatisticalTestReferenceTests.cs):
    // an independent numpy implementation of DeLong's definition gives AUC_A = 0.75125, AUC_B = 0.90125,
    // z = −2.0786797889989375, p = 0.03764679184423281. At threshold 0.5 (numpy): accuracy A 0.6, B 0.8;
    // b = 3 rows A right and B wrong, c = 11 rows A wrong and B right; exact McNemar p =
    // 2·scipy.stats.binom.cdf(3, 14, 0.5) = 0.057373046875 (scipy 1.10.1).
    private static readonly int[] Y = [0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    private static readonly double[] A = [0.9, 1.3, 1.1, 0.4, -1.0, -0.2, -0.1, 0.9, -0.4, 1.1, 0.2, 0.6, 0.5, -0.6, 1.4, 0.3, 0.0, 1.2, 0.6, 0.6, 1.4, -0.8, -0.1, -0.3, 0.0, 0.1, 1.5, 0.5, 0.3, 0.5, 1.8, 0.2, -0.1, 0.4, 0.7, -0.2, 0.7, 0.0, 1.3, 1.2];
    private static readonly double[] B = [0.4, 1.0, 1.8, 0.9, -0.9, 1.7, -0.5, 0.7, 0.3, 1.6, 1.1, 0.8, 1.5, -0.5, 3.1, 1.4, 0.9, 1.9, -0.5, -0.3, 2.1, -1.1, 0.1, 0.1, 0.1, 0.6, 3.0, 0.4, 1.9, 1.2, 1.7, -0.3, -0.4, 1.6, 2.1, 1.3, 2.7, 2.0, 2.3, 1.7];

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Csv() => _files.Text("ab.csv", ["y,a,b", .. Y.Select((y, i) => string.Create(CultureInfo.InvariantCulture, $"{y},{A[i]},{B[i]}"))]);

    [Fact]
    public void CompareJsonCarriesBothValuesTheDifferenceDeLongAndMcNemar()
    {
        var (code, output, err) = CliTests.Run("compare", "--data", Csv(), "--target", "y", "--score", "a,b", "--metric", "roc_auc,accuracy", "--seed", "3", "--json");
        Assert.True(code == 0, err);
        Assert.Single(output.TrimEnd().Split('\n'));
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(40, root.GetProperty("rows").GetInt32());
        var auc = root.GetProperty("metrics").GetProperty("roc_auc");
        Assert.Equal(0.75125, auc.GetProperty("a").GetDouble(), 1e-12);
        Assert.Equal(0.90125, auc.GetProperty("b").GetDouble(), 1e-12);
        Assert.Equal(0.15, auc.GetProperty("difference").GetDouble(), 1e-12);
        var delong = auc.GetProperty("delong");
        Assert.Equal(-2.0786797889989375, delong.GetProperty("z").GetDouble(), 1e-10);
        Assert.Equal(0.03764679184423281, delong.GetProperty("p").GetDouble(), 1e-12);
        var ci = auc.GetProperty("difference_interval");
        Assert.True(ci[0].GetDouble() <= 0.15 && 0.15 <= ci[1].GetDouble());
        var acc = root.GetProperty("metrics").GetProperty("accuracy");
        Assert.Equal(0.6, acc.GetProperty("a").GetDouble(), 1e-12);
        Assert.Equal(0.8, acc.GetProperty("b").GetDouble(), 1e-12);
        var mcnemar = acc.GetProperty("mcnemar");
        Assert.Equal(3, mcnemar.GetProperty("a_right_b_wrong").GetInt32());
        Assert.Equal(11, mcnemar.GetProperty("a_wrong_b_right").GetInt32());
        Assert.True(mcnemar.GetProperty("exact").GetBoolean());
        Assert.Equal(0.057373046875, mcnemar.GetProperty("p").GetDouble(), 1e-13);

        // The same seed gives the same output; another seed other intervals.
        Assert.Equal(output, CliTests.Run("compare", "--data", Csv(), "--target", "y", "--score", "a,b", "--metric", "roc_auc,accuracy", "--seed", "3", "--json").Out);
        Assert.NotEqual(output, CliTests.Run("compare", "--data", Csv(), "--target", "y", "--score", "a,b", "--metric", "roc_auc,accuracy", "--seed", "4", "--json").Out);
    }

    [Fact]
    public void CompareTextStatesTheConclusionPerMetric()
    {
        var (code, output, err) = CliTests.Run("compare", "--data", Csv(), "--target", "y", "--score", "a,b", "--metric", "roc_auc", "--metric", "accuracy", "--resamples", "500");
        Assert.True(code == 0, err);
        Assert.Contains("A = a, B = b; 500 stratified bootstrap resamples, seed 0, 95% intervals", output);
        Assert.Contains("DeLong z=-2.079 p=0.03765", output);
        Assert.Contains("McNemar exact b=3 c=11 p=0.05737", output);
        Assert.Contains("on roc_auc: Δ=+0.1500, 95% CI [", output);
        Assert.Contains("on accuracy: Δ=+0.2000, 95% CI [", output);
    }

    [Theory]
    [InlineData("--score", "a", "A,B")]
    [InlineData("--score", "a,a", "same column")]
    [InlineData("--metric", "no_such_metric", "no_such_metric")]
    [InlineData("--metric", "confusion_matrix", "not a single number")]
    [InlineData("--ci", "1.5", "--ci")]
    [InlineData("--resamples", "1", "--resamples")]
    [InlineData("--task", "multiclass", "--task")]
    [InlineData("--score", "a,zz", "zz")]
    [InlineData("--threshold", "NaN", "--threshold")]
    public void BadInputIsOneLineAndExit2(string option, string value, string fragment)
    {
        var args = new List<string> { "compare", "--data", Csv(), "--target", "y", "--score", "a,b" };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, err) = CliTests.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(fragment, err);
    }

    [Fact]
    public void EvalCiAddsIntervalsToTheTableAndTheJson()
    {
        string csv = Csv();
        var (code, output, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "b", "--task", "binary", "--metrics", "roc_auc,accuracy", "--ci", "0.9", "--seed", "5", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.90125, root.GetProperty("roc_auc").GetDouble(), 1e-12); // the values are as without --ci
        var block = root.GetProperty("intervals");
        Assert.Equal(0.9, block.GetProperty("level").GetDouble());
        Assert.Equal(1000, block.GetProperty("resamples").GetInt32());
        Assert.Equal(5, block.GetProperty("seed").GetInt32());
        Assert.True(block.GetProperty("stratified").GetBoolean());
        var auc = block.GetProperty("metrics").GetProperty("roc_auc");
        Assert.InRange(0.90125, auc.GetProperty("lower").GetDouble(), auc.GetProperty("upper").GetDouble());
        Assert.True(auc.GetProperty("standard_error").GetDouble() > 0);

        var text = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "b", "--task", "binary", "--metrics", "roc_auc", "--ci", "0.9", "--seed", "5").Out;
        Assert.Contains("90% bootstrap intervals: 1000 stratified resamples, seed 5", text);
        string lower = auc.GetProperty("lower").GetDouble().ToString("F4", CultureInfo.InvariantCulture);
        Assert.Contains($"0.90125 [{lower}, ", text);

        var (bad, _, badErr) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "b", "--task", "binary", "--metrics", "roc_auc", "--ci", "0");
        Assert.Equal(2, bad);
        Assert.Contains("--ci", badErr);
    }

    [Fact]
    public void CompareRegressionDiffersByTheMeanAbsoluteError()
    {
        // A is off by 1 on every row, B by 0.5 (hand): mae A 1, B 0.5, B − A = −0.5 on every resample.
        string csv = _files.Text("reg.csv", ["t,a,b", .. Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i + 1},{i - 0.5}"))]);
        var (code, output, err) = CliTests.Run("compare", "--data", csv, "--target", "t", "--score", "a,b", "--task", "regression", "--metric", "mae", "--json");
        Assert.True(code == 0, err);
        var mae = JsonDocument.Parse(output).RootElement.GetProperty("metrics").GetProperty("mae");
        Assert.Equal(1, mae.GetProperty("a").GetDouble(), 1e-12);
        Assert.Equal(0.5, mae.GetProperty("b").GetDouble(), 1e-12);
        Assert.Equal(-0.5, mae.GetProperty("difference_interval")[0].GetDouble(), 1e-12);
        Assert.Equal(-0.5, mae.GetProperty("difference_interval")[1].GetDouble(), 1e-12);
        Assert.Equal("b", mae.GetProperty("better").GetString());
        Assert.Equal("lower_is_better", mae.GetProperty("direction").GetString());
        Assert.False(JsonDocument.Parse(output).RootElement.GetProperty("bootstrap").GetProperty("stratified").GetBoolean());
    }

    [Fact]
    public void EvalCiOfMulticlassIsStratifiedAndSkipsMatrices()
    {
        // 3 classes, 10 rows each; the scores put every row in its own class except rows 0, 1 and 2 (hand: accuracy 0.9).
        var lines = new List<string> { "label,p0,p1,p2" };
        for (int i = 0; i < 30; i++)
        {
            int c = i % 3, p = i < 3 ? (c + 1) % 3 : c;
            lines.Add(string.Join(",", new[] { c.ToString(CultureInfo.InvariantCulture) }.Concat(Enumerable.Range(0, 3).Select(j => j == p ? "0.8" : "0.1"))));
        }
        var (code, output, err) = CliTests.Run("eval", "--data", _files.Text("mc.csv", [.. lines]), "--target", "label", "--score", "p0,p1,p2",
            "--task", "multiclass", "--metrics", "accuracy,confusion_matrix", "--ci", "0.95", "--resamples", "300", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.9, root.GetProperty("accuracy").GetDouble(), 1e-12);
        var metrics = root.GetProperty("intervals").GetProperty("metrics");
        Assert.True(root.GetProperty("intervals").GetProperty("stratified").GetBoolean());
        Assert.False(metrics.TryGetProperty("confusion_matrix", out _));
        Assert.InRange(0.9, metrics.GetProperty("accuracy").GetProperty("lower").GetDouble(), metrics.GetProperty("accuracy").GetProperty("upper").GetDouble());
    }

    [Fact]
    public void EvalCiReportHasTheIntervalTable()
    {
        string html = Path.Combine(_files.Dir, "r.html");
        var (code, _, err) = CliTests.Run("eval", "--data", Csv(), "--target", "y", "--score", "b", "--task", "binary", "--metrics", "roc_auc", "--ci", "0.95", "--resamples", "200", "--report", html);
        Assert.True(code == 0, err);
        Assert.Contains("95% bootstrap intervals (200 resamples, seed 0)", File.ReadAllText(html));
    }

    /// <summary>The numbers docs/guides/is-b-better-than-a.md quotes from <c>plumb demo compare</c>.</summary>
    [Fact]
    public void TheGuidesDemoPrintsTheNumbersTheGuideQuotes()
    {
        var (code, output, err) = CliTests.Run("demo", "compare", "--out", Path.Combine(_files.Dir, "demo"));
        Assert.True(code == 0, err);
        Assert.Contains("roc_auc   0.7374 [0.6772, 0.7937]  0.7383 [0.6804, 0.7948]  +0.0009 [-0.0252, 0.0289]  DeLong z=-0.067 p=0.9464", output);
        Assert.Contains("no clear difference on roc_auc: Δ=+0.0009, 95% CI [-0.0252, 0.0289], DeLong p=0.9464 (the interval contains 0)", output);
        Assert.Contains("roc_auc   0.7673 [0.7464, 0.7874]  0.7827 [0.7619, 0.8019]  +0.0154 [0.0088, 0.0224]   DeLong z=-4.326 p=1.518E-05", output);
        Assert.Contains("candidate is better on roc_auc: Δ=+0.0154, 95% CI [0.0088, 0.0224], DeLong p=1.518E-05", output);
        Assert.Contains("no clear difference on accuracy: Δ=+0.0013, 95% CI [-0.0060, 0.0087], McNemar p=0.7909 (the interval contains 0)", output);

        // DeLong on the files the demo wrote, against R 4.2.2 + pROC 1.18.0:
        //   d <- read.csv(f); roc.test(roc(d$y, d$baseline, levels=c(0,1), direction="<"),
        //                              roc(d$y, d$candidate, levels=c(0,1), direction="<"), method="delong", paired=TRUE)
        foreach (var (file, aucA, aucB, z, p) in new[]
        {
            ("small.csv", 0.737412983649020526, 0.738303383519507861, -0.067182836815574798, 0.946436148488371654),
            ("large.csv", 0.76727350072680134, 0.78265326667714308, -4.3260792632750675, 1.5178682282509071e-05),
        })
        {
            var (c, json, e) = CliTests.Run("compare", "--data", Path.Combine(_files.Dir, "demo", file), "--target", "y", "--score", "baseline,candidate",
                "--metric", "roc_auc", "--resamples", "50", "--json");
            Assert.True(c == 0, e);
            var delong = JsonDocument.Parse(json).RootElement.GetProperty("metrics").GetProperty("roc_auc").GetProperty("delong");
            Assert.Equal(aucA, delong.GetProperty("auc_a").GetDouble(), 1e-12);
            Assert.Equal(aucB, delong.GetProperty("auc_b").GetDouble(), 1e-12);
            Assert.Equal(z, delong.GetProperty("z").GetDouble(), 1e-9);
            Assert.Equal(p, delong.GetProperty("p").GetDouble(), p * 1e-9);
        }
    }
}
