namespace Plumb.Cli.Tests;

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
            Assert.Contains("(10 plots)", output);
            string after = File.ReadAllText(html);
            // Same figures and readings: everything but the PNG bytes comes from the saved files.
            Assert.Equal(Captions(before), Captions(after));
            Assert.Equal(10, Directory.GetFiles(Path.Combine(dir, "plots"), "*.png").Length);
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
