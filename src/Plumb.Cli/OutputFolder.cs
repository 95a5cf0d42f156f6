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
}
