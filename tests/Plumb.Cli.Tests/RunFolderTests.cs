using System.Diagnostics;
using Plumb.IO;

namespace Plumb.Cli.Tests;

/// <summary>
/// Run folders are committed in one step: killed at any step of the commit, <c>plumb train</c> leaves the folder as
/// the old run or the new run, complete (checked against the run manifest's hashes), and never a mix.
/// </summary>
[Collection(TorchCollection.Name)]
public class RunFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-runfolder").FullName;

    private static string Dataset(string name) => TrainCommandTests.Dataset(name);

    private static readonly string[] TrainArgs = ["train", "--data", Dataset("iris.csv"), "--target", "species", "--epochs", "1", "--hidden", "4"];

    /// <summary>The fault points of each commit path (see RunCommit): 4 + 4 + 5 = 13.</summary>
    public static TheoryData<string, string> FaultPoints => new()
    {
        { "fresh", "staged" }, { "fresh", "manifest" }, { "fresh", "renamed" }, { "fresh", "committed" },
        { "exchange", "staged" }, { "exchange", "manifest" }, { "exchange", "exchanged" }, { "exchange", "committed" },
        { "aside", "staged" }, { "aside", "manifest" }, { "aside", "aside" }, { "aside", "renamed" }, { "aside", "committed" },
    };

    [Fact]
    public void Every_commit_step_has_a_fault_point_under_test()
    {
        var steps = FaultPoints.Select(row => (string)row[1]).ToHashSet();
        Assert.Equal(13, FaultPoints.Count());
        Assert.True(steps.SetEquals(["staged", "manifest", "exchanged", "aside", "renamed", "committed"]));
    }

    [Theory]
    [MemberData(nameof(FaultPoints))]
    public void A_run_killed_at_any_commit_step_leaves_the_old_run_or_the_new_run(string path, string step)
    {
        string run = Path.Combine(_dir, "run");
        string? oldId = null;
        if (path != "fresh")
        {
            var (code, _, err) = CliTests.Run([.. TrainArgs, "--seed", "1", "--out", run]);
            Assert.True(code == 0, err);
            oldId = RunManifest.Verify(run);
        }

        bool paused = RunKilledAt(step, run, exchange: path != "aside");
        if (path == "exchange" && step == "exchanged" && !paused)
            return; // this file system cannot exchange directories: the rename-aside path (tested below) was taken

        Assert.True(paused, $"the run never reached fault point '{step}'");
        // What the next run or reader does first: clean up after the dead process.
        RunCommit.Recover(run);
        Assert.Empty(Directory.GetDirectories(_dir, ".run.plumb-*"));
        bool committed = step is "renamed" or "exchanged" or "committed";
        if (path == "fresh" && !committed)
        {
            Assert.False(Directory.Exists(run)); // killed before the commit: no run, as before
            return;
        }
        string id = RunManifest.Verify(run, "model.json", "plumb-model.json", "summary.json", "report.json", "history.csv");
        if (committed) Assert.NotEqual(oldId, id);
        else Assert.Equal(oldId, id);
        // A reader takes the folder.
        var (pc, _, perr) = CliTests.Run("predict", "--model", run, "--data", Dataset("iris.csv"));
        Assert.True(pc == 0, perr);
    }

    /// <summary>Starts <c>plumb train</c> with the fault hook, kills it (SIGKILL) when it reports the step; false if it finished first.</summary>
    private bool RunKilledAt(string step, string run, bool exchange)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Plumb.Cli.dll");
        var psi = new ProcessStartInfo("dotnet", [cli, .. TrainArgs, "--seed", "2", "--out", run])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["CI"] = "true";
        psi.Environment["PLUMB_FAULT_PAUSE"] = step;
        if (!exchange) psi.Environment["PLUMB_NO_RENAME_EXCHANGE"] = "1";
        using var p = Process.Start(psi)!;
        try
        {
            p.OutputDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            string? line;
            while ((line = p.StandardError.ReadLine()) is not null)
                if (line == $"plumb-fault: {step}")
                {
                    p.Kill(entireProcessTree: true);
                    Assert.True(p.WaitForExit(30_000));
                    return true;
                }
            Assert.True(p.WaitForExit(30_000));
            return false;
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    [Fact]
    public void Stale_staging_folders_of_dead_processes_are_removed_and_reported()
    {
        int dead;
        using (var p = Process.Start("true")!) { dead = p.Id; p.WaitForExit(); }
        string stale = Path.Combine(_dir, $".run.plumb-staging-{dead}");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "model.json"), "{}");
        var (code, output, err) = CliTests.Run([.. TrainArgs, "--out", Path.Combine(_dir, "run")]);
        Assert.True(code == 0, err);
        Assert.Contains($"removed .run.plumb-staging-{dead} (left by process {dead}, which is gone)", output);
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void A_crash_between_the_two_renames_is_rolled_back_by_the_next_reader()
    {
        string run = Path.Combine(_dir, "run");
        var (code, _, err) = CliTests.Run([.. TrainArgs, "--out", run]);
        Assert.True(code == 0, err);
        string id = RunManifest.Verify(run);
        int dead;
        using (var p = Process.Start("true")!) { dead = p.Id; p.WaitForExit(); }
        Directory.Move(run, Path.Combine(_dir, $".run.plumb-old-{dead}")); // what a crash after "aside" leaves
        (code, _, err) = CliTests.Run("predict", "--model", run, "--data", Dataset("iris.csv"));
        Assert.True(code == 0, err);
        Assert.Equal(id, RunManifest.Verify(run));
    }

    [Fact]
    public void A_folder_mixing_two_runs_is_refused_naming_the_file()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        Assert.Equal(0, CliTests.Run([.. TrainArgs, "--seed", "1", "--out", a]).Code);
        Assert.Equal(0, CliTests.Run([.. TrainArgs, "--seed", "2", "--out", b]).Code);
        File.Copy(Path.Combine(b, "model.json"), Path.Combine(a, "model.json"), overwrite: true);
        var (code, _, err) = CliTests.Run("predict", "--model", a, "--data", Dataset("iris.csv"));
        Assert.Equal(2, code);
        Assert.Contains("model.json: does not belong to run", err);

        File.Copy(Path.Combine(b, "confusion.csv"), Path.Combine(b, "extra.csv"));
        (code, _, err) = CliTests.Run("report", b);
        Assert.Equal(2, code);
        Assert.Contains("extra.csv: not part of run", err);

        File.Delete(Path.Combine(b, "extra.csv"));
        File.Delete(Path.Combine(b, RunManifest.FileName));
        (code, _, err) = CliTests.Run("predict", "--model", b, "--data", Dataset("iris.csv"));
        Assert.Equal(2, code);
        Assert.Contains("plumb-run.json: missing", err);
    }

    [Fact]
    public void Training_again_replaces_the_whole_run_and_a_foreign_folder_needs_force()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliTests.Run([.. TrainArgs, "--out", run]).Code);
        File.WriteAllText(Path.Combine(run, "stale.csv"), "from an older run");
        RunManifest.Write(run); // even a file the old run listed does not survive the next run
        Assert.Equal(0, CliTests.Run([.. TrainArgs, "--seed", "5", "--out", run]).Code);
        Assert.False(File.Exists(Path.Combine(run, "stale.csv")));

        string mine = Path.Combine(_dir, "mine");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "keep");
        var (code, _, err) = CliTests.Run([.. TrainArgs, "--out", mine]);
        Assert.Equal(2, code);
        Assert.Contains("holds files Plumb did not write (notes.txt)", err);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(mine, "notes.txt")));
        Assert.Equal(0, CliTests.Run([.. TrainArgs, "--out", mine, "--force"]).Code);
        RunManifest.Verify(mine);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
