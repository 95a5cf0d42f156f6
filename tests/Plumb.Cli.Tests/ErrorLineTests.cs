using Plumb.IO;

namespace Plumb.Cli.Tests;

/// <summary>Error lines are safe to print: escaped, one line, values cut to ~120 characters.</summary>
[Collection(TorchCollection.Name)]
public class ErrorLineTests
{
    [Theory]
    [InlineData("cell '\u001b[31mred\u001b[0m'", "cell '\\x1b[31mred\\x1b[0m'")]
    [InlineData("a\0b", "a\\x00b")]
    [InlineData("two\nlines\r\n", "two\\nlines\\r\\n")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("bidi \u202egnp.exe", "bidi \\u202egnp.exe")]
    [InlineData("del \u007f c1 \u009b", "del \\x7f c1 \\x9b")]
    [InlineData("plain 'text' stays, ünïcödé too 😀", "plain 'text' stays, ünïcödé too 😀")]
    public void Control_characters_are_shown_escaped(string message, string expected) =>
        Assert.Equal(expected, ErrorLine.Format(message));

    [Fact]
    public void A_lone_surrogate_is_shown_escaped() => Assert.Equal("lone \\ud800 surrogate", ErrorLine.Format("lone \ud800 surrogate"));

    [Fact]
    public void A_long_value_is_cut_to_120_characters_with_an_ellipsis()
    {
        string value = new('x', 2_000_000);
        string line = ErrorLine.Format($"row 2, column 'a': '{value}' is not a number");
        Assert.Equal($"row 2, column 'a': '{new string('x', 119)}…' is not a number", line);
        // Unquoted, the whole line is cut.
        Assert.Equal(ErrorLine.MaxLine, ErrorLine.Format(value).Length);
        Assert.EndsWith("…", ErrorLine.Format(value));
    }

    [Fact]
    public void Hostile_cells_reach_stderr_escaped_on_one_short_line()
    {
        using var files = new TestFiles();
        var cells = new (string Cell, string Shown)[]
        {
            ("\u001b]0;pwned\u0007\u001b[2J", "'\\x1b]0;pwned\\x07\\x1b[2J'"),
            ("a\0b", "'a\\x00b'"),
            ("\"two\nlines\"", "'two\\nlines'"),
            (new string('z', 2 << 20), "'" + new string('z', 119) + "…'"),
        };
        foreach (var (cell, shown) in cells)
        {
            string csv = files.Text("hostile.csv", "x,y", "1,0", $"{cell},1", "3,0", "4,1");
            var (code, _, err) = CliTests.Run("train", "--data", csv, "--target", "y", "--no-encode", "--epochs", "1", "--out", Path.Combine(files.Dir, "out"));
            Assert.Equal(2, code);
            Assert.Single(err.TrimEnd('\n').Split('\n'));
            Assert.Contains($"column 'x': {shown} is not a number", err);
            Assert.DoesNotContain('\u001b', err);
            Assert.DoesNotContain('\0', err);
            Assert.True(err.Length <= ErrorLine.MaxLine + 10, $"{err.Length} characters");
        }
    }
}

/// <summary>Outputs never surprise: no file replaced without --force, no folder before validation, clean refusals.</summary>
public class OutputSafetyTests
{
    [Fact]
    public void Eval_report_does_not_replace_a_file_without_force_and_refuses_a_folder()
    {
        using var files = new TestFiles();
        string csv = files.Text("p.csv", "y,p", "0,0.1", "0,0.4", "1,0.35", "1,0.8");
        string html = files.Text("mine.html", "my own page");
        string[] eval = ["eval", "--data", csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "roc_auc", "--report"];
        var (code, _, err) = CliTests.Run([.. eval, html]);
        Assert.Equal(2, code);
        Assert.Contains("exists; pass --force to replace it", err);
        Assert.Equal("my own page\n", File.ReadAllText(html));
        Assert.Equal(0, CliTests.Run([.. eval, html, "--force"]).Code);
        Assert.Contains("<td>roc_auc</td><td>0.75</td>", File.ReadAllText(html));

        (code, _, err) = CliTests.Run([.. eval, files.Dir]);
        Assert.Equal(2, code);
        Assert.Contains("is a folder; name a file", err);
        Assert.False(Directory.Exists(Path.Combine(files.Dir, "plots")));
    }

    [Fact]
    public void Predict_out_is_checked_before_any_work()
    {
        using var files = new TestFiles();
        var (code, _, err) = CliTests.Run("predict", "--model", Path.Combine(files.Dir, "none"), "--data", "x.csv", "--out", files.Dir);
        Assert.Equal(2, code);
        Assert.Contains("is a folder; name a file", err);
    }

    [Fact]
    public void Report_of_an_empty_description_is_refused_cleanly()
    {
        using var files = new TestFiles();
        files.Text("report.json", "{}");
        RunManifest.Write(files.Dir);
        var (code, _, err) = CliTests.Run("report", files.Dir);
        Assert.Equal(2, code);
        Assert.Contains("report.json: Title: missing", err);
    }
}
