using Plumb.Cli;

namespace Plumb.Cli.Tests;

[Collection(TorchCollection.Name)]
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
    public void Help_verb_is_the_verbs_help_and_verbs_are_listed_in_session_order()
    {
        var (code, viaHelp, _) = Run("help", "eval");
        Assert.Equal(0, code);
        Assert.Equal(Run("eval", "--help").Out, viaHelp);
        var (_, top, _) = Run("help");
        int Pos(string verb) => top.IndexOf("\n  " + verb + " ", StringComparison.Ordinal);
        string[] order = ["train", "predict", "eval", "threshold", "report", "metrics", "losses", "demo", "bench"];
        Assert.All(order, v => Assert.True(Pos(v) >= 0, v));
        Assert.Equal(order, order.OrderBy(Pos).ToArray());
    }

    [Fact]
    public void Epoch_lines_put_loss_and_validation_first_and_fit_100_columns()
    {
        var logs = new Dictionary<string, double>
        {
            ["loss"] = 0.67698, ["accuracy"] = 0.61842, ["precision"] = 0.9375, ["recall"] = 0.41958, ["f1"] = 0.57971,
            ["roc_auc"] = 0.77661, ["average_precision"] = 0.87547, ["val_loss"] = 0.4112, ["val_accuracy"] = 0.89381,
            ["val_precision"] = 0.89333, ["val_recall"] = 0.94366, ["val_f1"] = 0.91781, ["val_roc_auc"] = 0.95607, ["lr"] = 0.001,
        };
        string line = Plumb.Training.ProgressDisplay.Line(logs, 86);
        Assert.StartsWith("loss 0.677 - val_loss 0.4112 - val_accuracy 0.8938 - ", line);
        Assert.EndsWith(" …", line);
        Assert.True(line.Length <= 86, line);
        Assert.Equal("loss 0.5 - val_loss 0.25 - lr 0.001", Plumb.Training.ProgressDisplay.Line(new Dictionary<string, double> { ["lr"] = 0.001, ["val_loss"] = 0.25, ["loss"] = 0.5 }));
    }

    [Fact]
    public void Epoch_lines_put_the_monitored_metric_first_in_any_spelling()
    {
        var logs = new Dictionary<string, double>
        {
            ["loss"] = 0.0057, ["ndcg_k10"] = 0.5, ["val_loss"] = 0.061, ["val_ndcg_k10"] = 0.37612, ["val_mrr"] = 0.25, ["lr"] = 0.001,
        };
        const string expected = "val_ndcg_k10 0.3761 - loss 0.0057 - val_loss 0.061 - val_mrr 0.25 - ndcg_k10 0.5 - lr 0.001";
        Assert.Equal(expected, Plumb.Training.ProgressDisplay.Line(logs, 100, "val_ndcg_k10"));
        Assert.Equal(expected, Plumb.Training.ProgressDisplay.Line(logs, 100, "val_ndcg@10"));
        Assert.Equal(expected, Plumb.Training.ProgressDisplay.Line(logs, 100, "val_ndcg(k=10)"));
        // Cut to the width, the monitored metric stays.
        string cut = Plumb.Training.ProgressDisplay.Line(logs, 40, "val_ndcg_k10");
        Assert.Equal("val_ndcg_k10 0.3761 - loss 0.0057 …", cut);
        // A monitor that is not logged changes nothing.
        Assert.StartsWith("loss 0.0057 - val_loss 0.061 - ", Plumb.Training.ProgressDisplay.Line(logs, 100, "val_pr_auc"));
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
        string dir = Directory.CreateTempSubdirectory("plumb-demo").FullName;
        var (code, output, err) = Run("demo", "breast-cancer", "--epochs", "15", "--out", dir);
        Assert.True(code == 0, err);
        var epochLines = output.Split('\n').Where(l => l.StartsWith("epoch")).ToList();
        Assert.Equal(15, epochLines.Count);
        Assert.All(epochLines, l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
        foreach (var key in new[] { "loss ", "val_loss ", "val_accuracy ", "val_roc_auc " })
            Assert.All(epochLines, l => Assert.Contains(key, l));
        string last = epochLines[^1];
        double auc = double.Parse(last[(last.IndexOf("val_roc_auc ", StringComparison.Ordinal) + 12)..].Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(auc > 0.95, $"val_roc_auc {auc}");
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Demo_list_names_the_scenarios_and_unknown_ones_are_usage_errors()
    {
        var (code, output, _) = Run("demo", "--list");
        Assert.Equal(0, code);
        foreach (var name in new[] { "imbalanced", "regression", "multiclass-pitfall", "breast-cancer" }) Assert.Contains(name, output);
        var bad = Run("demo", "no-such-demo");
        Assert.Equal(2, bad.Code);
        Assert.Contains("breast-cancer", bad.Err);
    }

    [Fact]
    public void Default_demo_tells_the_500_to_1_story_and_writes_its_report()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-demo-imb").FullName;
        try
        {
            var (code, output, err) = Run("demo", "--epochs", "2", "--out", dir);
            Assert.True(code == 0, err);
            Assert.Contains("100 positives (1 in 500)", output);
            // 30 positives of 15,030 validation rows: all-negative accuracy = 15000/15030 = 99.80 %.
            Assert.Contains("accuracy 99.80 %, recall 0, F1 0", output);
            foreach (var variant in new[] { "bce ", "bce + class weights", "focal(gamma=2)" }) Assert.Contains(variant, output);
            Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Multiclass_pitfall_is_refused_and_shows_the_inflated_keras_accuracy()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-demo-pit").FullName;
        try
        {
            var (code, output, err) = Run("demo", "multiclass-pitfall", "--epochs", "5", "--out", dir);
            Assert.True(code == 0, err);
            Assert.Contains("1. Plumb refuses:", output);
            Assert.Contains("3-unit softmax output", output);
            // Keras 2's element-wise 'acc' on 3-class one-hot targets is at least 2/3 for an all-zero prediction.
            var m = System.Text.RegularExpressions.Regex.Match(output, @"'acc' \(binary accuracy over all 3 outputs\) = ([0-9.]+) %; real accuracy \(argmax vs class\) = ([0-9.]+) %");
            Assert.True(m.Success, output);
            Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 66.6);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Regression_demo_reports_mae_next_to_the_mse_loss()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-demo-reg").FullName;
        try
        {
            var (code, output, err) = Run("demo", "regression", "--epochs", "3", "--out", dir);
            Assert.True(code == 0, err);
            Assert.Contains("best epoch by val_loss (MSE)", output);
            Assert.Contains("val MAE", output);
            Assert.True(File.Exists(Path.Combine(dir, "plots", "residuals.png")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Unwritable_out_folder_is_a_usage_error()
    {
        string file = Path.GetTempFileName(); // a file where a folder is expected
        var (code, _, err) = Run("demo", "breast-cancer", "--epochs", "1", "--out", Path.Combine(file, "sub"));
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        File.Delete(file);
    }

    [Fact]
    public void Seeded_demo_runs_print_identical_numbers()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-demo").FullName;
        var a = Run("demo", "breast-cancer", "--epochs", "3", "--seed", "7", "--out", dir);
        var b = Run("demo", "breast-cancer", "--epochs", "3", "--seed", "7", "--out", dir);
        Directory.Delete(dir, true);
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Out, b.Out);
    }
}
