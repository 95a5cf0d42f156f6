namespace Plumb.IO;

/// <summary>
/// A run or model folder that cannot be trusted: files from different runs, a file changed since the run wrote it,
/// a missing file, or a field out of range. <see cref="File"/> and <see cref="Field"/> say where.
/// </summary>
public sealed class RunFolderException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file at fault (full or folder-relative path).</param>
    /// <param name="field">The JSON field at fault (e.g. <c>Spec.Hidden[0]</c>), or null for the whole file.</param>
    /// <param name="problem">What is wrong, with the value found and the range expected.</param>
    public RunFolderException(string file, string? field, string problem)
        : base(field is null ? $"{file}: {problem}" : $"{file}: {field}: {problem}")
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string File { get; }

    /// <summary>The field at fault, or null.</summary>
    public string? Field { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
