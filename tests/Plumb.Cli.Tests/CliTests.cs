using Plumb.Cli;

namespace Plumb.Cli.Tests;

public class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Unknown_verb_is_a_one_line_usage_error()
    {
        var (code, _, err) = Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains("frobnicate", err);
    }

    [Theory]
    [InlineData("demo", "--epochs", "abc")]
    [InlineData("demo", "--epochs", "0")]
    [InlineData("demo", "--no-such-option")]
    public void Bad_option_values_are_one_line_usage_errors(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("plumb: ", err);
    }

    [Fact]
    public void Help_and_version_succeed()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("demo", output);
        Assert.Equal(0, Run("--version").Code);
        Assert.Equal(0, Run("demo", "--help").Code);
    }

    [Fact]
    public void Demo_prints_loss_and_metrics_per_epoch_and_learns()
    {
        var (code, output, err) = Run("demo", "--epochs", "15");
        Assert.True(code == 0, err);
        var epochLines = output.Split('\n').Where(l => l.StartsWith("epoch")).ToList();
        Assert.Equal(15, epochLines.Count);
        foreach (var key in new[] { "loss ", "val_loss ", "val_accuracy ", "val_roc_auc " })
            Assert.All(epochLines, l => Assert.Contains(key, l));
        string last = epochLines[^1];
        double auc = double.Parse(last[(last.IndexOf("val_roc_auc ", StringComparison.Ordinal) + 12)..].Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(auc > 0.95, $"val_roc_auc {auc}");
    }

    [Fact]
    public void Seeded_demo_runs_print_identical_numbers()
    {
        var a = Run("demo", "--epochs", "3", "--seed", "7");
        var b = Run("demo", "--epochs", "3", "--seed", "7");
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Out, b.Out);
    }
}
