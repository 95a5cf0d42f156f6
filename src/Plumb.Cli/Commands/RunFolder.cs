namespace Plumb.Cli.Commands;

/// <summary>
/// Writes a run's files into a staging folder inside the output folder and moves them into place only when
/// the run completes: an interrupted run (Ctrl+C, crash, bad input found late) leaves no half-written files.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    private bool _committed;

    public RunFolder(string dir)
    {
        OutputFolder.EnsureWritable(dir);
        Final = Path.GetFullPath(dir);
        Staging = Path.Combine(Final, $".plumb-staging-{Environment.ProcessId}");
        if (Directory.Exists(Staging)) Directory.Delete(Staging, true);
        Directory.CreateDirectory(Staging);
        Console.CancelKeyPress += OnCancel;
    }

    /// <summary>Where the files go when the run completes.</summary>
    public string Final { get; }

    /// <summary>Where the run writes meanwhile.</summary>
    public string Staging { get; }

    /// <summary>Moves every staged file into the output folder (each move is a rename), then removes the staging folder.</summary>
    public void Commit()
    {
        foreach (string file in Directory.GetFiles(Staging, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(Final, Path.GetRelativePath(Staging, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file, target, overwrite: true);
        }
        Directory.Delete(Staging, true);
        _committed = true;
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e) => Discard();

    private void Discard()
    {
        try { if (Directory.Exists(Staging)) Directory.Delete(Staging, true); }
        catch (IOException) { }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        if (!_committed) Discard();
    }
}
