using Plumb.IO;

namespace Plumb.Cli.Commands;

/// <summary>
/// A run's output folder, committed atomically (see <see cref="RunCommit"/>): the constructor only checks the
/// path (nothing is created before the input is validated); <see cref="Begin"/> creates the staging folder beside
/// it; <see cref="Commit"/> swaps the complete run in. An interrupted run leaves the folder as it was.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    private bool _committed;
    private string? _staging;
    private IDisposable? _onInterrupt;

    /// <param name="dir">The run folder.</param>
    /// <param name="force">Replace a non-empty folder that is not a Plumb run.</param>
    public RunFolder(string dir, bool force = false)
    {
        Final = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(Final)) throw new UsageException($"cannot write to output folder '{dir}': a file of that name exists");
        if (Directory.Exists(Final) && !force && !IsRunOrEmpty(Final))
            throw new UsageException($"output folder '{dir}' holds files Plumb did not write ({Sample(Final)}); a run replaces the whole folder: choose another --out or pass --force");
        OutputFolder.EnsureWritableWithoutCreating(Path.GetDirectoryName(Final)!, dir);
    }

    /// <summary>Where the files go when the run completes.</summary>
    public string Final { get; }

    /// <summary>Where the run writes meanwhile (after <see cref="Begin"/>).</summary>
    public string Staging => _staging ?? throw new InvalidOperationException("RunFolder.Begin was not called");

    /// <summary>Cleans up after dead runs (reported on <paramref name="log"/>) and creates the staging folder.</summary>
    public string Begin(TextWriter log)
    {
        foreach (string line in RunCommit.Recover(Final)) log.WriteLine(line);
        _onInterrupt = Interrupt.OnInterrupt(Discard);
        _staging = RunCommit.StagingPath(Final);
        if (Directory.Exists(_staging)) Directory.Delete(_staging, true);
        Directory.CreateDirectory(_staging);
        return _staging;
    }

    /// <summary>Writes the manifest and swaps the staged run into place.</summary>
    public void Commit()
    {
        RunCommit.Commit(Staging, Final);
        _committed = true;
    }

    private static bool IsRunOrEmpty(string dir) =>
        File.Exists(Path.Combine(dir, RunManifest.FileName)) || File.Exists(Path.Combine(dir, "plumb-model.json")) || File.Exists(Path.Combine(dir, "report.json"))
        || !Directory.EnumerateFileSystemEntries(dir).Any();

    private static string Sample(string dir)
    {
        var names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Take(4).ToList();
        return string.Join(", ", names) + (names.Count == 4 ? ", …" : "");
    }

    private void Discard()
    {
        try { if (_staging is not null && Directory.Exists(_staging)) Directory.Delete(_staging, true); }
        catch (IOException) { }
    }

    public void Dispose()
    {
        _onInterrupt?.Dispose();
        if (!_committed) Discard();
    }
}
