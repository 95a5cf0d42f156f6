using System.Text.Json;

namespace Plumb.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Bench_metrics_json_has_every_kernel()
    {
        var (code, output, err) = CliTests.Run("bench", "metrics", "--n", "5000", "--runs", "1", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(5000, doc.RootElement.GetProperty("n").GetInt32());
        var ms = doc.RootElement.GetProperty("ms");
        foreach (string k in new[] { "roc_auc", "average_precision", "log_loss", "f1", "f1_macro_10class" })
            Assert.True(ms.GetProperty(k).GetDouble() >= 0);
    }

    [Fact]
    public void Bench_metrics_times_the_public_api_and_labels_internal_kernels()
    {
        var (code, output, err) = CliTests.Run("bench", "metrics", "--n", "5000", "--runs", "1", "--json");
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(output))
        {
            foreach (string group in new[] { "functional_ms", "double_ms" })
                Assert.True(doc.RootElement.GetProperty(group).GetProperty("f1_macro_10class").GetDouble() >= 0, group);
            Assert.False(doc.RootElement.TryGetProperty("internal_kernel_ms", out _));
        }
        (code, output, err) = CliTests.Run("bench", "metrics", "--n", "5000", "--runs", "1", "--json", "--kernels");
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(output))
            Assert.True(doc.RootElement.GetProperty("internal_kernel_ms").GetProperty("roc_auc").GetDouble() >= 0);
        (code, output, _) = CliTests.Run("bench", "metrics", "--n", "3000", "--runs", "1", "--kernels");
        Assert.Equal(0, code);
        Assert.Contains("public API, int[] targets + float[] scores (new Metric() + Update + Compute)", output);
        Assert.Contains("internal kernel", output);
        (code, output, err) = CliTests.Run("bench", "metrics", "--n", "3000", "--runs", "1", "--json", "--no-collect");
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(output))
            Assert.True(doc.RootElement.GetProperty("ms").GetProperty("roc_auc").GetDouble() >= 0);
    }

    [Fact]
    public void Bench_metrics_table_lists_the_kernels()
    {
        var (code, output, _) = CliTests.Run("bench", "metrics", "--n", "3000", "--runs", "1");
        Assert.Equal(0, code);
        Assert.Contains("roc_auc", output);
        Assert.Contains("f1_macro_10class", output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("1e99")]
    public void Bad_n_is_a_one_line_usage_error(string n)
    {
        var (code, _, err) = CliTests.Run("bench", "metrics", "--n", n);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains("--n", err);
    }
}

public class BenchIoTests
{
    [Fact]
    public void Bench_io_times_eval_on_generated_csv_and_parquet_and_both_agree()
    {
        if (!File.Exists("/usr/bin/time")) return; // the measurement needs GNU time
        var (code, output, err) = CliTests.Run("bench", "io", "--rows", "2000", "--python", "none");
        Assert.True(code == 0, err);
        var lines = output.Split('\n');
        string csv = lines.Single(l => l.TrimStart().StartsWith("plumb eval csv ", StringComparison.Ordinal) && l.Contains('{', StringComparison.Ordinal));
        string parquet = lines.Single(l => l.TrimStart().StartsWith("plumb eval parquet ", StringComparison.Ordinal) && l.Contains('{', StringComparison.Ordinal));
        // The two files hold the same values: every metric but the summed log_loss is identical.
        string Json(string l) => l[l.IndexOf('{', StringComparison.Ordinal)..];
        var a = System.Text.Json.JsonDocument.Parse(Json(csv)).RootElement;
        var b = System.Text.Json.JsonDocument.Parse(Json(parquet)).RootElement;
        foreach (string k in new[] { "roc_auc", "average_precision", "f1" }) Assert.Equal(a.GetProperty(k).GetDouble(), b.GetProperty(k).GetDouble());
        Assert.Equal(a.GetProperty("log_loss").GetDouble(), b.GetProperty("log_loss").GetDouble(), 1e-12);
        Assert.Contains("/usr/bin/time -v", output);
    }
}
