namespace Plumb.Cli;

/// <summary>Checks an output folder up front so that a bad <c>--out</c> fails before any work is done.</summary>
internal static class OutputFolder
{
    public static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".plumb-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"cannot write to output folder '{dir}': {e.Message}");
        }
    }

    /// <summary>
    /// Checks that <paramref name="dir"/> could be created and written without creating it: its nearest existing
    /// ancestor must be a folder that accepts a file (a probe file, removed at once).
    /// </summary>
    /// <param name="dir">The folder that will be written into.</param>
    /// <param name="shown">The path as the user gave it (for the message).</param>
    public static void EnsureWritableWithoutCreating(string dir, string shown)
    {
        string full = Path.GetFullPath(dir);
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new UsageException($"cannot write to output folder '{shown}': '{existing}' is a file");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) throw new UsageException($"cannot write to output folder '{shown}': no existing parent folder");
        try
        {
            string probe = Path.Combine(existing, $".plumb-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageException($"cannot write to output folder '{shown}': {e.Message}");
        }
    }
}
