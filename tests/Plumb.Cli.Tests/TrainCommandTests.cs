using System.Diagnostics;
using System.Text.Json;

namespace Plumb.Cli.Tests;

[Collection(TorchCollection.Name)]
public class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-train").FullName;

    /// <summary>A dataset shipped in src/Plumb/Datasets/Data.</summary>
    internal static string Dataset(string name)
    {
        string root = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "Plumb", "Datasets", "Data", name);
    }

    [Fact]
    public void Train_writes_model_history_summary_and_report_and_predict_uses_them()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, output, err) = CliTests.Run("train", "--data", Dataset("breast_cancer.csv"), "--target", "benign", "--epochs", "8", "--patience", "3", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("task: binary", output);
        Assert.Contains("stratified", output);
        foreach (var f in new[] { "model.json", "plumb-model.json", "history.csv", "summary.json", "report.html", "predictions.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.Empty(Directory.GetDirectories(_dir, ".run.plumb-*"));

        string[] history = File.ReadAllLines(Path.Combine(outDir, "history.csv"));
        string[] header = history[0].Split(',');
        Assert.Equal("epoch", header[0]);
        foreach (var key in new[] { "loss", "accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "val_loss", "val_average_precision", "lr" })
            Assert.Contains(key, header);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal("binary", s.GetProperty("task").GetString());
        Assert.Equal("binary_crossentropy", s.GetProperty("loss").GetString());
        Assert.Equal("val_roc_auc", s.GetProperty("monitor").GetString()); // 37 % malignant: not imbalanced
        int epochs = s.GetProperty("epochs_run").GetInt32();
        Assert.Equal(epochs, history.Length - 1);
        Assert.InRange(s.GetProperty("best_epoch_by_val_loss").GetInt32(), 1, epochs);
        Assert.InRange(s.GetProperty("best_epoch_by_monitor").GetInt32(), 1, epochs);
        Assert.True(s.GetProperty("validation").GetProperty("roc_auc").GetDouble() > 0.95);
        double threshold = s.GetProperty("threshold").GetDouble();

        string predictions = Path.Combine(_dir, "pred.csv");
        (code, _, err) = CliTests.Run("predict", "--model", outDir, "--data", Dataset("breast_cancer.csv"), "--out", predictions);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("benign,score,label", lines[0]); // the target column is kept when the data has it
        Assert.Equal(569, lines.Length - 1);
        // Labels follow the saved threshold.
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(',');
            double score = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(score >= threshold ? "1" : "0", parts[2]);
        }

        // predict → eval in one step: the output names its target and score columns as eval reads them.
        (code, output, err) = CliTests.Run("eval", "--data", predictions, "--target", "benign", "--score", "score", "--task", "binary", "--metrics", "roc_auc", "--json");
        Assert.True(code == 0, err);
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("roc_auc").GetDouble() > 0.95, output);
    }

    [Fact]
    public void Predict_passes_an_id_through_and_its_multiclass_output_goes_straight_into_eval()
    {
        string withId = Path.Combine(_dir, "iris_id.csv");
        var src = File.ReadAllLines(Dataset("iris.csv"));
        File.WriteAllLines(withId, [.. src.Select((l, i) => (i == 0 ? "flower" : $"f{i}") + "," + l)]);
        string run = Path.Combine(_dir, "iris-id");
        var (code, _, err) = CliTests.Run("train", "--data", Dataset("iris.csv"), "--target", "species", "--epochs", "3", "--out", run);
        Assert.True(code == 0, err);
        Assert.StartsWith("target,score_0,score_1,score_2", File.ReadAllLines(Path.Combine(run, "predictions.csv"))[0]);

        string pred = Path.Combine(_dir, "iris_pred.csv");
        (code, _, err) = CliTests.Run("predict", "--model", run, "--data", withId, "--id", "flower", "--out", pred);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(pred);
        Assert.Equal("flower,species,score_0,score_1,score_2,label", lines[0]);
        Assert.StartsWith("f1,0,", lines[1]);
        Assert.StartsWith("f150,2,", lines[150]);

        (code, var output, err) = CliTests.Run("eval", "--data", pred, "--target", "species", "--score", "score_0,score_1,score_2", "--task", "multiclass",
            "--metrics", "accuracy", "--json", "--normalize");
        Assert.True(code == 0, err);
        Assert.InRange(JsonDocument.Parse(output).RootElement.GetProperty("accuracy").GetDouble(), 0, 1);

        (code, _, err) = CliTests.Run("predict", "--model", run, "--data", withId, "--id", "nope");
        Assert.Equal(2, code);
        Assert.Contains("--id: no column 'nope'", err);
    }

    [Fact]
    public void Json_prints_only_the_summary_and_quiet_only_where_it_wrote()
    {
        string run = Path.Combine(_dir, "json");
        var (code, output, err) = CliTests.Run("train", "--data", Dataset("iris.csv"), "--target", "species", "--epochs", "2", "--json", "--no-standardize", "--out", run);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output); // the whole of stdout is one object
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("epochs_run").GetInt32());
        Assert.Equal(Path.GetFullPath(run), doc.RootElement.GetProperty("out").GetString());

        (code, output, err) = CliTests.Run("train", "--data", Dataset("iris.csv"), "--target", "species", "--epochs", "2", "--quiet", "--out", Path.Combine(_dir, "quiet"));
        Assert.True(code == 0, err);
        Assert.Equal($"wrote {Path.Combine(_dir, "quiet")}", output.TrimEnd());
    }

    [Fact]
    public void Regression_and_multiclass_pick_their_defaults()
    {
        var (code, output, err) = CliTests.Run("train", "--data", Dataset("iris.csv"), "--target", "species", "--epochs", "3", "--out", Path.Combine(_dir, "iris"));
        Assert.True(code == 0, err);
        Assert.Contains("task: multiclass", output);
        // F1 on 30 validation rows moves in steps of 1/30: too coarse to pick the epoch, so val_loss monitors.
        Assert.Contains("monitor: val_loss (f1 on 30 validation rows moves in steps of about 0.033", output);
        (code, output, err) = CliTests.Run("train", "--data", Dataset("diabetes.csv"), "--target", "progression", "--epochs", "3", "--out", Path.Combine(_dir, "diabetes"));
        Assert.True(code == 0, err);
        Assert.Contains("task: regression", output);
        Assert.Contains("monitor: val_mae", output);
    }

    [Fact]
    public void A_minority_under_10_percent_is_judged_by_pr_auc_and_text_columns_are_one_hot_encoded()
    {
        string csv = Path.Combine(_dir, "rare.csv");
        var rng = new Random(5);
        var lines = new List<string> { "a,b,city,y" };
        for (int i = 0; i < 400; i++)
        {
            int y = i % 20 == 0 ? 1 : 0; // 5 % positives
            string city = (i % 3) switch { 0 => "Oslo", 1 => "Lima", _ => "" }; // a third missing
            lines.Add(FormattableString.Invariant($"{rng.NextDouble() + 2 * y},{rng.NextDouble()},{city},{y}"));
        }
        File.WriteAllLines(csv, lines);
        var (code, output, err) = CliTests.Run("train", "--data", csv, "--target", "y", "--epochs", "2", "--out", Path.Combine(_dir, "rare"));
        Assert.True(code == 0, err);
        Assert.Contains("judge: average_precision (minority class 5.00 % of training rows < 10 %: PR-AUC judges)", output);
        // 4 validation positives: average precision moves in steps of about 1/4, so val_loss picks the epoch.
        Assert.Contains("monitor: val_loss (average_precision on 80 validation rows moves in steps of about 0.25", output);
        Assert.Matches(@"column 'city': text, one-hot encoded into 3 categories \([0-9]+ missing as '\(missing\)'\)", output);
    }

    [Fact]
    public void Aliased_metrics_meet_the_default_and_an_explicit_monitor()
    {
        string csv = Path.Combine(_dir, "balanced.csv");
        var rng = new Random(3);
        var lines = new List<string> { "a,b,y" };
        for (int i = 0; i < 200; i++)
        {
            int y = i % 2;
            lines.Add(FormattableString.Invariant($"{rng.NextDouble() + y},{rng.NextDouble()},{y}"));
        }
        File.WriteAllLines(csv, lines);
        // auc is an alias of roc_auc: the default monitor val_roc_auc is computed under its canonical key.
        var (code, output, err) = CliTests.Run("train", "--data", csv, "--target", "y", "--epochs", "2", "--metrics", "acc,auc",
            "--out", Path.Combine(_dir, "alias-default"));
        Assert.True(code == 0, err);
        Assert.Contains("monitor: val_roc_auc", output);
        Assert.Contains("val_roc_auc", File.ReadAllLines(Path.Combine(_dir, "alias-default", "history.csv"))[0]);
        // The monitor may be spelled with the alias too.
        (code, output, err) = CliTests.Run("train", "--data", csv, "--target", "y", "--epochs", "2", "--metrics", "acc,auc",
            "--monitor", "val_auc", "--out", Path.Combine(_dir, "alias-explicit"));
        Assert.True(code == 0, err);
        // A default monitor whose metric was left out of --metrics is added, and said so.
        (code, output, err) = CliTests.Run("train", "--data", csv, "--target", "y", "--epochs", "2", "--metrics", "acc",
            "--out", Path.Combine(_dir, "alias-added"));
        Assert.True(code == 0, err);
        Assert.Contains("metrics: roc_auc added (the default monitor for this task", output);
    }

    [Fact]
    public void Bad_input_is_one_line_exit_2()
    {
        string csv = Path.Combine(_dir, "t.csv");
        File.WriteAllLines(csv, ["x,color,y", "1,red,0", "2,blue,1", "3,red,0", "4,blue,1", "5,red,0", "6,blue,1"]);
        string one = Path.Combine(_dir, "one.csv");
        File.WriteAllLines(one, ["x,y", "1,1", "2,1", "3,1"]);
        string three = Path.Combine(_dir, "three.csv");
        File.WriteAllLines(three, ["x,y", "1,0", "2,1", "3,1"]);
        string five = Path.Combine(_dir, "five.csv");
        File.WriteAllLines(five, ["x,y", "1,0.5", "2,1.5", "3,2.5", "4,3.5", "5,4.5"]);
        string blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");
        var cases = new (string[] Args, string Expected)[]
        {
            (["--data", csv, "--target", "nope"], "no target column 'nope'"),
            (["--data", one, "--target", "y"], "single value '1'"),
            (["--data", csv, "--target", "y", "--no-encode"], "column 'color': 'red' is not a number"),
            (["--data", csv, "--target", "y", "--monitor", "val_nonsense"], "--monitor 'val_nonsense' is not computed"),
            (["--data", csv, "--target", "y", "--out", Path.Combine(blocker, "sub")], "cannot write to output folder"),
            (["--data", csv, "--target", "y", "--loss", "focall"], "unknown loss 'focall'"),
            (["--data", csv, "--target", "y", "--hidden", "8,x"], "--hidden: 'x'"),
            (["--data", csv, "--target", "y", "--metrics", "f1,foo"], "unknown metric 'foo'"),
            (["--data", csv, "--target", "y", "--optimizer", "adamm"], "unknown optimizer 'adamm'"),
            (["--data", three, "--target", "y"], "three.csv: class '0' of target 'y' has 1 row of 3; a stratified validation split needs at least 2 rows per class"),
            (["--data", five, "--target", "y"], "five.csv: --val-split 0.2 of 5 rows leaves 1 validation row(s); metrics need at least 2"),
            (["--data", csv, "--target", "y,y"], "--target: column 'y' is named 2 times"),
            (["--data", csv, "--target", "y", "--hidden", "100000000"], "--hidden: 100000000 units in one layer, over the limit of 65536"),
            (["--data", csv, "--target", "y", "--hidden", string.Join(",", Enumerable.Repeat("65536", 64))], "needs at least"),
            (["--data", csv, "--target", "y", "--batch-size", "2000000"], "--batch-size must be in 1…1000000, got 2000000"),
        };
        foreach (var (args, expected) in cases)
        {
            string[] outArgs = args.Contains("--out") ? [] : ["--out", Path.Combine(_dir, "bad")];
            var (code, _, err) = CliTests.Run(["train", "--epochs", "1", .. outArgs, .. args]);
            Assert.True(code == 2, $"{string.Join(' ', args)} → {code}: {err}");
            Assert.Single(err.TrimEnd().Split('\n'));
            Assert.Contains(expected, err);
            Assert.DoesNotContain("(Parameter", err);
        }
        // A rejected run creates no folder.
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")));
    }

    [Fact]
    public void Ctrl_c_on_a_terminal_restores_the_cursor_and_ends_with_interrupted()
    {
        // A real terminal: util-linux `script` runs plumb on a pseudo-terminal; Ctrl+C is typed into it, so the line
        // discipline sends SIGINT to plumb while Spectre's progress display has hidden the cursor.
        if (!File.Exists("/usr/bin/script")) return;
        string cli = Path.Combine(AppContext.BaseDirectory, "Plumb.Cli.dll");
        string outDir = Path.Combine(_dir, "tty");
        string command = $"dotnet '{cli}' train --data '{Dataset("digits.csv")}' --target digit --epochs 500 --patience 500 --out '{outDir}'";
        var psi = new ProcessStartInfo("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment.Remove("CI");
        psi.Environment["TERM"] = "xterm";
        using var p = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        var sawEpoch = new ManualResetEventSlim();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Append(e.Data).Append('\n');
            if (e.Data.Contains("epoch 3/", StringComparison.Ordinal)) sawEpoch.Set();
        };
        p.BeginOutputReadLine();
        try
        {
            // The output is read under its lock: the reader thread appends to it meanwhile.
            if (!sawEpoch.Wait(TimeSpan.FromSeconds(120)))
                lock (output) Assert.Fail("training did not start: " + output);
            p.StandardInput.Write('\u0003');
            p.StandardInput.Flush();
            Assert.True(p.WaitForExit(60_000), "the run did not stop on Ctrl+C");
            p.WaitForExit();
            string text;
            lock (output) text = output.ToString();
            int hidden = text.LastIndexOf("\u001b[?25l", StringComparison.Ordinal), shown = text.LastIndexOf("\u001b[?25h", StringComparison.Ordinal);
            Assert.True(hidden >= 0, "the progress display did not hide the cursor");
            Assert.True(shown > hidden, "the cursor is still hidden after Ctrl+C");
            Assert.Contains("plumb: interrupted", text);
            Assert.DoesNotContain("internal error", text);
            Assert.True(p.ExitCode is 130 or 2, $"exit code {p.ExitCode}"); // 130: plumb's own; script reports a death by SIGINT as 2
            Assert.False(Directory.Exists(outDir));
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void An_interrupted_run_leaves_no_files_in_the_output_folder()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Plumb.Cli.dll");
        string outDir = Path.Combine(_dir, "interrupted");
        var psi = new ProcessStartInfo("dotnet", [cli, "train", "--data", Dataset("digits.csv"), "--target", "digit", "--epochs", "500", "--patience", "500", "--out", outDir])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["CI"] = "true";
        using var p = Process.Start(psi)!;
        try
        {
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null && !System.Text.RegularExpressions.Regex.IsMatch(line, @"^epoch\s+2/")) { }
            Assert.NotNull(line); // training was under way
            Assert.False(Directory.Exists(outDir)); // nothing is created before the run completes
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
            Assert.True(p.WaitForExit(60_000), "the run did not stop on SIGINT");
            Assert.False(Directory.Exists(outDir));
            Assert.Empty(Directory.GetDirectories(_dir, ".interrupted.plumb-*"));
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
