using System.Globalization;

namespace Plumb.Training;

/// <summary>Streams each epoch's logs to a CSV file (<c>epoch</c> first, then the log keys), flushed every epoch.</summary>
/// <remarks>
/// Values are written round-trip (<c>R</c>) with the invariant culture. With <c>append</c> an existing file is
/// continued (its header kept), as when a run resumes with BackupAndRestore.
/// <code>
/// var csv = new CsvLogger("training.csv");
/// </code>
/// </remarks>
public sealed class CsvLogger(string filename, char separator = ',', bool append = false) : Callback, IDisposable
{
    private StreamWriter? _writer;
    private List<string>? _keys;

    /// <summary>The output file.</summary>
    public string FileName { get; } = !string.IsNullOrWhiteSpace(filename) ? filename : throw new ArgumentException("a file name is required", nameof(filename));

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        bool continuing = append && File.Exists(FileName) && new FileInfo(FileName).Length > 0;
        _keys = continuing ? [.. File.ReadLines(FileName).First().Split(separator).Skip(1)] : null;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(FileName));
        if (dir is not null) Directory.CreateDirectory(dir);
        _writer?.Dispose();
        _writer = new StreamWriter(FileName, append: continuing);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_writer is null) return;
        if (_keys is null)
        {
            _keys = [.. logs.Keys];
            _writer.WriteLine(string.Join(separator, ["epoch", .. _keys]));
        }
        var cells = _keys.Select(k => logs.TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
        _writer.WriteLine(string.Join(separator, [epoch.ToString(CultureInfo.InvariantCulture), .. cells]));
        _writer.Flush();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
