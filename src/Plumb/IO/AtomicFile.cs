using System.Text;

namespace Plumb.IO;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a torn one: write a temporary file
/// in the same folder, flush it to disk, then rename it over the target (atomic on POSIX and NTFS).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Test hook: runs after the temporary file is written and before the rename (simulates a crash).</summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeCommit = new();

    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>; creates the folder if needed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            BeforeCommit.Value?.Invoke(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
}
