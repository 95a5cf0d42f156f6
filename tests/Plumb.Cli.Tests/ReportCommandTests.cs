namespace Plumb.Cli.Tests;

[Collection(TorchCollection.Name)]
public class ReportCommandTests
{
    [Fact]
    public void Report_re_renders_a_run_folder_from_its_saved_files()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-report").FullName;
        try
        {
            Assert.Equal(0, CliTests.Run("demo", "breast-cancer", "--epochs", "2", "--out", dir).Code);
            string html = Path.Combine(dir, "report.html");
            string before = File.ReadAllText(html);
            File.Delete(html);
            Directory.Delete(Path.Combine(dir, "plots"), true);

            var (code, output, err) = CliTests.Run("report", dir);
            Assert.True(code == 0, err);
            string after = File.ReadAllText(html);
            // Same figures and readings: everything but the PNG bytes comes from the saved files.
            Assert.Equal(Captions(before), Captions(after));
            int plots = Directory.GetFiles(Path.Combine(dir, "plots"), "*.png").Length;
            Assert.Contains($"({plots} plots)", output);
            Assert.Equal(Captions(before).Count, plots);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Report_of_a_folder_without_a_run_is_a_usage_error()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-report-empty").FullName;
        var (code, _, err) = CliTests.Run("report", dir);
        Assert.Equal(2, code);
        Assert.Contains("no report.json", err);
        Directory.Delete(dir, true);
    }

    private static List<string> Captions(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<figcaption>.*?</figcaption><p class=\"reading\">.*?</p>").Select(m => m.Value).ToList();
}

public class EvalReportTests
{
    [Fact]
    public void Eval_report_writes_the_binary_plots_and_the_metric_table()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-evalreport").FullName;
        try
        {
            string csv = Path.Combine(dir, "p.csv");
            File.WriteAllLines(csv, ["y,p", "0,0.1", "0,0.4", "1,0.35", "1,0.8"]);
            string html = Path.Combine(dir, "out", "r.html");
            var (code, _, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "roc_auc", "--report", html);
            Assert.True(code == 0, err);
            string page = File.ReadAllText(html);
            // roc_auc of this textbook example is 0.75 (scikit-learn's roc_auc_score docstring data).
            Assert.Contains("<td>roc_auc</td><td>0.75</td>", page);
            // Self-contained: every plot embedded, nothing written beside the user's file.
            foreach (var png in new[] { "roc.png", "pr.png", "reliability.png", "confusion.png", "confusion_normalized.png", "class_balance.png" })
                Assert.Contains($"data-plot=\"{png}\" src=\"data:image/png;base64,", page);
            Assert.Equal([html], Directory.GetFileSystemEntries(Path.Combine(dir, "out")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Eval_report_with_one_class_skips_the_undefined_curves()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-evalreport1").FullName;
        try
        {
            string csv = Path.Combine(dir, "p.csv");
            File.WriteAllLines(csv, ["y,p", "0,0.1", "0,0.4", "0,0.7"]);
            string html = Path.Combine(dir, "r.html");
            var (code, _, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "accuracy", "--report", html);
            Assert.True(code == 0, err);
            string page = File.ReadAllText(html);
            Assert.DoesNotContain("data-plot=\"roc.png\"", page);
            Assert.Contains("data-plot=\"reliability.png\"", page);
            Assert.False(Directory.Exists(Path.Combine(dir, "plots")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
