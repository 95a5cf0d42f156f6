using System.Collections.Concurrent;

namespace Plumb.Cli.Data;

/// <summary>
/// Streams selected columns of a CSV, TSV or Parquet file as typed <see cref="ColumnBatch"/>es, so that a
/// command holds one batch at a time instead of the whole file. CSV/TSV cells are parsed as numbers straight
/// from the reader's buffer (<see cref="NumberText"/>, no string per cell); Parquet is read row group by row
/// group, its numbers converted to float64 as stored.
/// </summary>
/// <remarks>
/// <para>Type rules (every selected column is numeric): an empty CSV cell (blanks only) or a Parquet null is
/// <em>missing</em> (NaN, flagged in <see cref="ColumnBatch.Missing"/>); <c>nan</c>, <c>inf</c> and their
/// spellings are numbers (non-finite, for the caller to refuse or accept); any other cell that is not an
/// invariant-culture number (<c>1,5</c>, <c>high</c>) is an error naming the file, row, column and value,
/// unless <see cref="BadNumbersAsMissing"/> is set, in which case it is missing and counted in
/// <see cref="BadNumbers"/>. A column is never switched to text because of a few bad cells.</para>
/// <para>File-level errors are those of <see cref="TableReader"/>: unknown extension, missing or empty file,
/// empty or repeated column names, ragged rows, malformed quotes, nested Parquet columns, no data rows.</para>
/// </remarks>
internal abstract class TableStream : IDisposable
{
    private int[] _selected = [];

    protected TableStream(string file, TableFormat format, IReadOnlyList<string> names)
    {
        File = file;
        Format = format;
        Names = names;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string n in names)
            if (!seen.Add(n)) throw new UsageException($"{file}: column name '{n}' appears more than once in the header");
    }

    /// <summary>The file as named by the user.</summary>
    public string File { get; }

    /// <summary>The format it is read as.</summary>
    public TableFormat Format { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Opt-in: cells that are not numbers become missing (counted) instead of an error.</summary>
    public bool BadNumbersAsMissing { get; init; }

    /// <summary>Per selected column: cells that were not numbers and were read as missing (<see cref="BadNumbersAsMissing"/>).</summary>
    public long[] BadNumbers { get; private set; } = [];

    /// <summary>Data rows read so far.</summary>
    public long RowsRead { get; protected set; }

    /// <summary>Fraction of the file read so far, 0…1 (for progress display).</summary>
    public abstract double Progress { get; }

    /// <summary>File ordinals of the selected columns, in selection order.</summary>
    protected int[] Selected => _selected;

    /// <summary>Opens a file by its extension (see <see cref="TableReader.FormatOf"/>).</summary>
    /// <exception cref="UsageException">Unknown format, missing or unreadable file, bad header.</exception>
    public static TableStream Open(string path, bool badNumbersAsMissing = false)
    {
        TableFormat format = TableReader.FormatOf(path);
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a directory, not a data file");
        if (!System.IO.File.Exists(path)) throw new UsageException($"{path}: file not found");
        return TableReader.Guard(path, () => format == TableFormat.Parquet
            ? (TableStream)ParquetTableStream.OpenFile(path, badNumbersAsMissing)
            : CsvTableStream.OpenFile(path, format, badNumbersAsMissing));
    }

    /// <summary>
    /// Selects the columns to read, in this order; a <see cref="UsageException"/> naming the file and listing
    /// the available columns (and a case-insensitive match, when there is one) for an unknown name.
    /// </summary>
    public void Select(IReadOnlyList<string> names)
    {
        var ordinals = new int[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            int o = -1;
            for (int k = 0; k < Names.Count; k++) if (Names[k] == names[j]) { o = k; break; }
            if (o < 0)
            {
                string? hint = Names.FirstOrDefault(x => string.Equals(x, names[j], StringComparison.OrdinalIgnoreCase));
                string did = hint is null ? "" : $"; did you mean '{hint}'?";
                throw new UsageException($"{File}: no column '{names[j]}'{did} (available: {string.Join(", ", Names)})");
            }
            ordinals[j] = o;
        }
        _selected = ordinals;
        BadNumbers = new long[names.Count];
        Float32 = new bool[names.Count];
    }

    /// <summary>Per selected column: still every cell a float32 (tracked only after <see cref="TrackFloat32"/>).</summary>
    protected bool[] Float32 { get; private set; } = [];

    /// <summary>Tracks whether every cell of the selected <paramref name="column"/> is a float32 (<see cref="ColumnBatch.Float32Text"/>).</summary>
    public void TrackFloat32(int column) => Float32[column] = TrackFloat32Possible(column);

    /// <summary>Whether the format can ever certify the column as float32 (Parquet: only float columns).</summary>
    protected virtual bool TrackFloat32Possible(int column) => true;

    /// <summary>A new batch sized for the selected columns.</summary>
    public ColumnBatch NewBatch(int rows = 65536) => new(_selected.Length, rows);

    /// <summary>Fills <paramref name="batch"/> with the next rows; false (and an empty batch) at the end of the file.</summary>
    /// <exception cref="UsageException">A cell that is not a number (see remarks), or a malformed file.</exception>
    public bool Read(ColumnBatch batch)
    {
        bool more = TableReader.Guard(File, () => ReadCore(batch));
        Float32.CopyTo(batch.Float32Text, 0);
        return more;
    }

    /// <summary>Reads the next rows into the batch.</summary>
    protected abstract bool ReadCore(ColumnBatch batch);

    /// <summary>
    /// The text of one cell as written in the file, for messages: CSV/TSV re-read up to that row (errors are
    /// rare, so no text is kept while streaming); Parquet numbers formatted in round-trip form.
    /// </summary>
    /// <param name="rowNumber">The user-visible row number (<see cref="ColumnBatch.RowNumbers"/>).</param>
    /// <param name="column">Index into the selected columns.</param>
    /// <param name="value">The value read (used where the format stores numbers).</param>
    public abstract string? RawCell(long rowNumber, int column, double value);

    /// <summary>"data.csv: row 7, column 'score'" — the prefix of every message about one cell.</summary>
    public string Where(long rowNumber, int column) => $"{File}: row {rowNumber}, column '{Names[_selected[column]]}'";

    /// <summary>The name of a selected column.</summary>
    public string NameOf(int column) => Names[_selected[column]];

    /// <summary>Records a non-number cell: an error, or missing and counted (<see cref="BadNumbersAsMissing"/>).</summary>
    protected void BadNumber(long rowNumber, int column, string raw)
    {
        if (!BadNumbersAsMissing) throw new UsageException($"{Where(rowNumber, column)}: value '{raw}' is not a number");
        BadNumbers[column]++;
    }

    /// <summary>
    /// Every batch of the file. With <paramref name="background"/>, the next batch is parsed on another thread
    /// while the caller consumes this one (two buffers in turn); exceptions surface on the caller's thread.
    /// A yielded batch is valid until the next iteration.
    /// </summary>
    public IEnumerable<ColumnBatch> Batches(int rows = 65536, bool background = true)
    {
        if (!background)
        {
            var batch = NewBatch(rows);
            while (Read(batch)) yield return batch;
            yield break;
        }
        using var free = new BlockingCollection<ColumnBatch>(2) { NewBatch(rows), NewBatch(rows) };
        using var full = new BlockingCollection<ColumnBatch>(2);
        Exception? failure = null;
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    var b = free.Take(stop.Token);
                    if (!Read(b)) break;
                    full.Add(b, stop.Token);
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e; }
            finally { full.CompleteAdding(); }
        });
        try
        {
            foreach (var b in full.GetConsumingEnumerable())
            {
                yield return b;
                free.Add(b);
            }
            producer.Wait();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
        }
    }

    /// <inheritdoc />
    public abstract void Dispose();
}
