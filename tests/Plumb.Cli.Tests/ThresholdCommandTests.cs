using System.Text.Json;

namespace Plumb.Cli.Tests;

public class ThresholdCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-threshold").FullName;

    // Same 12 samples as ThresholdSelectionTests; scikit-learn 1.2.1 references there (best F1 0.8 at 0.3;
    // min 1·FP + 5·FN = 3 at 0.3). At 0.5 by hand: TP 4, FP 2, TN 4, FN 2.
    private string Csv()
    {
        double[] y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
        double[] s = [0.1, 0.4, 0.35, 0.8, 0.65, 0.9, 0.5, 0.2, 0.55, 0.7, 0.3, 0.05];
        string path = Path.Combine(_dir, "scores.csv");
        File.WriteAllLines(path, ["y,p", .. y.Zip(s, (a, b) => FormattableString.Invariant($"{a},{b}"))]);
        return path;
    }

    [Fact]
    public void Json_reports_the_optimum_and_the_metrics_at_0_5()
    {
        var (code, output, err) = CliTests.Run("threshold", "--data", Csv(), "--target", "y", "--score", "p", "--optimize", "cost(fp=1,fn=5)", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(0.3, doc.RootElement.GetProperty("threshold").GetDouble());
        Assert.Equal(3, doc.RootElement.GetProperty("objective").GetDouble());
        var half = doc.RootElement.GetProperty("at_0.5");
        Assert.Equal(4, half.GetProperty("tp").GetDouble());
        Assert.Equal(2, half.GetProperty("fp").GetDouble());
        Assert.Equal(2.0 / 3, half.GetProperty("f1").GetDouble(), 15);
    }

    [Fact]
    public void Table_output_names_the_threshold()
    {
        var (code, output, _) = CliTests.Run("threshold", "--data", Csv(), "--target", "y", "--score", "p");
        Assert.Equal(0, code);
        Assert.Contains("threshold 0.3", output);
    }

    [Theory]
    [InlineData("--target", "nope", "no column 'nope'")]
    [InlineData("--optimize", "bogus", "unknown threshold objective")]
    [InlineData("--optimize", "fbeta", "needs argument beta")]
    public void Bad_input_is_one_line_exit_2(string option, string value, string expected)
    {
        var args = new List<string> { "threshold", "--data", Csv(), "--target", "y", "--score", "p" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else args.AddRange([option, value]);
        var (code, _, err) = CliTests.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(expected, err);
    }

    [Fact]
    public void A_non_binary_target_names_row_column_and_value()
    {
        string path = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(path, ["y,p", "0,0.1", "2,0.3"]);
        var (code, _, err) = CliTests.Run("threshold", "--data", path, "--target", "y", "--score", "p");
        Assert.Equal(2, code);
        Assert.Contains("row 3, column 'y': target '2' is not 0 or 1", err);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
