using System.Diagnostics;

namespace Plumb.IO;

/// <summary>
/// Commits a run folder in one atomic step. The run is written whole into a staging folder beside the target
/// (<c>.NAME.plumb-staging-PID</c>), its <see cref="RunManifest"/> written last and every file and folder flushed;
/// then the staging folder replaces the target by one directory rename — <c>renameat2(RENAME_EXCHANGE)</c> when the
/// target exists, so a reader sees the old run or the new one and never a mix. Where exchange is unavailable the old
/// run is renamed aside (<c>.NAME.plumb-old-PID</c>) and the staging folder renamed in; a crash between those two
/// renames leaves no target, and the next run or reader puts the old run back (<see cref="Recover"/>).
/// </summary>
public static class RunCommit
{
    /// <summary>The staging folder this process uses for <paramref name="final"/>.</summary>
    /// <param name="final">The run folder's full path.</param>
    public static string StagingPath(string final) => Beside(final, "staging", Environment.ProcessId);

    /// <summary>
    /// Replaces <paramref name="final"/> with <paramref name="staging"/> (writes the manifest first), then removes the
    /// old run. Flushes the parent folder so that the swap is durable.
    /// </summary>
    /// <param name="staging">The complete staged run.</param>
    /// <param name="final">The run folder.</param>
    public static void Commit(string staging, string final)
    {
        FaultPoint.Hit("staged");
        RunManifest.Write(staging);
        FaultPoint.Hit("manifest");
        string parent = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(final))
        {
            Directory.Move(staging, final);
            FaultPoint.Hit("renamed");
        }
        else if (NativeFs.TryExchange(staging, final))
        {
            // The old run now sits at the staging path.
            NativeFs.FsyncDirectory(parent);
            FaultPoint.Hit("exchanged");
            Directory.Delete(staging, true);
        }
        else
        {
            string aside = Beside(final, "old", Environment.ProcessId);
            Directory.Move(final, aside);
            FaultPoint.Hit("aside");
            Directory.Move(staging, final);
            NativeFs.FsyncDirectory(parent);
            FaultPoint.Hit("renamed");
            Directory.Delete(aside, true);
        }
        NativeFs.FsyncDirectory(parent);
        FaultPoint.Hit("committed");
    }

    /// <summary>
    /// Cleans up after dead processes that were committing <paramref name="final"/>: removes their staging folders and,
    /// when a crash left the target missing with the old run set aside, renames the old run back.
    /// </summary>
    /// <param name="final">The run folder's full path.</param>
    /// <returns>One line per folder removed or restored.</returns>
    public static IReadOnlyList<string> Recover(string final)
    {
        var done = new List<string>();
        string parent = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(parent)) return done;
        string name = Path.GetFileName(final);
        foreach (string dir in Directory.GetDirectories(parent, $".{name}.plumb-*-*").Order(StringComparer.Ordinal))
        {
            string rest = Path.GetFileName(dir)[(name.Length + ".plumb-".Length + 1)..];
            int dash = rest.LastIndexOf('-');
            if (dash < 0 || !int.TryParse(rest[(dash + 1)..], out int pid) || pid == Environment.ProcessId || Alive(pid)) continue;
            string kind = rest[..dash];
            if (kind == "old" && !Directory.Exists(final))
            {
                Directory.Move(dir, final);
                done.Add($"restored {final} from {Path.GetFileName(dir)} (process {pid} died while replacing it)");
            }
            else if (kind is "old" or "staging")
            {
                Directory.Delete(dir, true);
                done.Add($"removed {Path.GetFileName(dir)} (left by process {pid}, which is gone)");
            }
        }
        if (done.Count > 0) NativeFs.FsyncDirectory(parent);
        return done;
    }

    private static string Beside(string final, string kind, int pid)
    {
        string full = Path.GetFullPath(final).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.plumb-{kind}-{pid}");
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
