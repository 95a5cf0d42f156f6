namespace Plumb.Cli;

/// <summary>Checks an output file path up front: not a folder, its folder writable, and no existing file replaced without <c>--force</c>.</summary>
internal static class OutputFile
{
    /// <param name="path">The file to be written.</param>
    /// <param name="option">The option that named it (for the message).</param>
    /// <param name="force">Whether an existing file may be replaced.</param>
    public static void Check(string path, string option, bool force)
    {
        if (Directory.Exists(path)) throw new UsageException($"{option} '{path}' is a folder; name a file");
        if (File.Exists(path) && !force) throw new UsageException($"{option} '{path}' exists; pass --force to replace it");
        string full = Path.GetFullPath(path);
        OutputFolder.EnsureWritableWithoutCreating(Path.GetDirectoryName(full)!, Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".");
    }
}
