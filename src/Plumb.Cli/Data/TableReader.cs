using System.Globalization;
using Sylvan.Data.Csv;

namespace Plumb.Cli.Data;

/// <summary>
/// Reads CSV, TSV and Parquet files into a <see cref="Table"/>. The format is chosen by extension:
/// <c>.csv</c> (comma), <c>.tsv</c>/<c>.tab</c> (tab), <c>.parquet</c>/<c>.pq</c>.
/// </summary>
/// <remarks>
/// Every problem is a <see cref="UsageException"/> with one line naming the file and, where it applies, the
/// row, the column and the value: a missing file, an unknown extension, an empty file, a header without data
/// rows, an empty or repeated column name, a row with more or fewer fields than the header (ragged), a
/// malformed quoted field, a nested Parquet column. Numbers are not checked here (a column may be
/// categorical): callers ask a column for them (<see cref="TableColumn.RequireFinite"/>).
/// CSV and TSV: the first line is the header; fields may be quoted (<c>"</c>, doubled to escape);
/// lines that are entirely blank are skipped; empty cells are missing values; numbers use the invariant
/// culture (a dot for decimals).
/// </remarks>
internal static class TableReader
{
    /// <summary>The format for a file name, from its extension; a <see cref="UsageException"/> when unknown.</summary>
    public static TableFormat FormatOf(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".csv" => TableFormat.Csv,
            ".tsv" or ".tab" => TableFormat.Tsv,
            ".parquet" or ".pq" => TableFormat.Parquet,
            _ => throw new UsageException($"{path}: unknown data format '{ext}' (expected .csv, .tsv or .parquet)"),
        };
    }

    /// <summary>Reads the whole file into named columns.</summary>
    /// <exception cref="UsageException">Bad input (see remarks); the message names file, row, column, value.</exception>
    public static Table Read(string path)
    {
        TableFormat format = FormatOf(path);
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a directory, not a data file");
        if (!System.IO.File.Exists(path)) throw new UsageException($"{path}: file not found");
        return Guard(path, () => format == TableFormat.Parquet ? ParquetTableReader.Read(path) : ReadDelimited(path, format));
    }

    /// <summary>Runs a read, turning I/O and permission failures into a <see cref="UsageException"/> naming the file.</summary>
    internal static T Guard<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (IOException e)
        {
            throw new UsageException($"{path}: cannot read: {e.Message.Split('\n')[0]}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"{path}: cannot read: {e.Message.Split('\n')[0]}");
        }
    }

    private static Table ReadDelimited(string path, TableFormat format)
    {
        using var csv = OpenCsv(path, format);
        var names = ReadHeader(csv, path);
        int fields = names.Length;

        // Columns are sized once from the file's line count (an upper bound on its rows), not grown by doubling.
        int capacity = LineCount(path);
        var cells = new ColumnBuilder[fields];
        for (int j = 0; j < fields; j++) cells[j] = new ColumnBuilder(capacity);
        var rowNumbers = new List<int>(capacity);
        bool skipped = false;
        long record = 1; // the header
        while (true)
        {
            if (!NextRecord(csv, path, format, ref record)) break;
            int n = csv.RowFieldCount;
            if (IsBlank(csv, n)) { skipped = true; continue; }
            if (n != fields) throw Ragged(csv, path, record, names);
            for (int j = 0; j < fields; j++) cells[j].Add(csv, j);
            rowNumbers.Add((int)record);
        }
        if (rowNumbers.Count == 0)
            throw new UsageException($"{path}: no data rows (only a header: {string.Join(", ", names)})");

        var table = new Table(path, format, rowNumbers.Count, firstRowNumber: 2);
        if (skipped) table.SetRowNumbers([.. rowNumbers]);
        for (int j = 0; j < fields; j++) table.Add(cells[j].Build(table, names[j], j));
        return table;
    }

    /// <summary>Lines after the header: at least the number of records (0 when unreadable; the reader reports why).</summary>
    private static int LineCount(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                long breaks = 0, offset = 0;
                int read;
                bool endsWithBreak = false;
                while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
                {
                    breaks += buffer.AsSpan(0, read).Count((byte)'\n');
                    endsWithBreak = buffer[read - 1] == (byte)'\n';
                    offset += read;
                }
                long lines = breaks + (endsWithBreak ? 0 : 1);
                return (int)Math.Clamp(lines - 1, 0, Array.MaxLength);
            }
            finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    /// <summary>Opens a CSV/TSV file with the header read (quotes, no comment lines, invariant culture).</summary>
    internal static CsvDataReader OpenCsv(string path, TableFormat format) => OpenCsv(path, format, out _);

    /// <summary>As the other overload; <paramref name="file"/> is the underlying stream (its position tracks progress).</summary>
    internal static CsvDataReader OpenCsv(string path, TableFormat format, out FileStream file)
    {
        string kind = format == TableFormat.Tsv ? "tab" : "comma";
        if (new FileInfo(path).Length == 0) throw new UsageException($"{path}: file is empty (expected a header line of {kind}-separated column names)");
        var options = new CsvDataReaderOptions
        {
            Delimiter = format == TableFormat.Tsv ? '\t' : ',',
            HasHeaders = true,
            Culture = CultureInfo.InvariantCulture,
            // '#' would otherwise start a comment line and silently drop a data row.
            Comment = '\0',
            MaxBufferSize = 64 * 1024 * 1024,
        };
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try { return CsvDataReader.Create(new StreamReader(file, System.Text.Encoding.UTF8, true, 1 << 16), options); }
        catch (CsvFormatException e)
        {
            file.Dispose();
            throw new UsageException($"{path}: row 1: malformed header ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
    }

    /// <summary>The trimmed header names; an error for an empty name.</summary>
    internal static string[] ReadHeader(CsvDataReader csv, string path)
    {
        int fields = csv.FieldCount;
        var names = new string[fields];
        for (int j = 0; j < fields; j++)
        {
            names[j] = csv.GetName(j).Trim();
            if (names[j].Length == 0)
            {
                if (fields == 1) throw new UsageException($"{path}: file is empty (the header line is blank)");
                throw new UsageException($"{path}: row 1, column {j + 1}: empty column name in the header");
            }
        }
        return names;
    }

    /// <summary>Advances to the next record, counting records (the header is 1); a malformed record is an error naming its row.</summary>
    internal static bool NextRecord(CsvDataReader csv, string path, TableFormat format, ref long record)
    {
        bool more;
        try { more = csv.Read(); }
        catch (CsvFormatException e)
        {
            throw new UsageException($"{path}: row {record + 1}: malformed {format.ToString().ToUpperInvariant()} ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
        if (more) record++;
        return more;
    }

    /// <summary>The error for a row whose field count differs from the header's.</summary>
    internal static UsageException Ragged(CsvDataReader csv, string path, long record, string[] names)
    {
        int n = csv.RowFieldCount, fields = names.Length;
        string which = n > fields
            ? $"extra value '{csv.GetString(fields)}' after column '{names[^1]}'"
            : $"no value for column '{names[n]}'";
        return new UsageException($"{path}: row {record}: {n} fields but the header has {fields} ({which})");
    }

    /// <summary>True for a line that is entirely blank (skipped).</summary>
    internal static bool IsBlank(CsvDataReader csv, int fieldsInRow)
    {
        if (fieldsInRow > 1) return false;
        for (int j = 0; j < fieldsInRow; j++)
            if (!csv.GetFieldSpan(j).IsWhiteSpace()) return false;
        return true;
    }

    /// <summary>
    /// Collects one column. While every cell is empty or a number, only the numbers are kept (8 bytes a cell instead
    /// of a string): the raw text is regenerated from them where it is .NET's round-trip form ("0", "0.25", "-3",
    /// "NaN", "1e-07" — the exponent letter in either case, as Python writes it), and kept beside them, by row, where
    /// it is not ("2.0", "+1"). The first cell that is not a number, or such written-otherwise cells becoming more
    /// than about one in eight, switches the column to keeping strings.
    /// </summary>
    private sealed class ColumnBuilder(int capacity)
    {
        // Starts small (a text column switches to strings at its first word) and grows once to the file's line count.
        private double[] _numbers = GC.AllocateUninitializedArray<double>(Math.Clamp(capacity, 16, 1 << 16));
        private bool[]? _missing; // allocated at the first missing cell
        private Dictionary<int, string>? _written; // numbers not written in round-trip form, as written
        private int _count;
        private List<string?>? _text;
        private readonly char[] _format = new char[64];

        public void Add(CsvDataReader csv, int ordinal)
        {
            if (_text is not null)
            {
                _text.Add(csv.GetString(ordinal));
                return;
            }
            ReadOnlySpan<char> cell = csv.GetFieldSpan(ordinal);
            if (cell.IsWhiteSpace())
            {
                Append(double.NaN);
                _missing ??= new bool[_numbers.Length];
                _missing[_count - 1] = true;
                return;
            }
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                if (!(v.TryFormat(_format, out int written, "R", CultureInfo.InvariantCulture) && NumberText.SameRoundTrip(cell, _format.AsSpan(0, written))))
                {
                    // A number written otherwise ("2.0"): its text is kept beside it, unless that becomes common.
                    _written ??= [];
                    if (_written.Count > _count / 8 + 64) { ToText(cell); return; }
                    _written[_count] = cell.ToString();
                }
                Append(v);
                return;
            }
            ToText(cell);
        }

        /// <summary>Switches the column to a string per cell (the first cell that is not a number, or many written otherwise).</summary>
        private void ToText(ReadOnlySpan<char> cell)
        {
            _text = new List<string?>(Math.Max(16, _numbers.Length));
            for (int i = 0; i < _count; i++)
                _text.Add(_missing is not null && _missing[i] ? null
                    : _written is not null && _written.TryGetValue(i, out string? w) ? w
                    : _numbers[i].ToString("R", CultureInfo.InvariantCulture));
            (_numbers, _missing, _written, _count) = ([], null, null, 0);
            _text.Add(cell.ToString());
        }

        private void Append(double v)
        {
            if (_count == _numbers.Length)
            {
                Array.Resize(ref _numbers, _count < capacity ? capacity : 2 * _count);
                if (_missing is not null) Array.Resize(ref _missing, _numbers.Length);
            }
            _numbers[_count++] = v;
        }

        public TableColumn Build(Table table, string name, int ordinal)
        {
            if (_text is not null) return TableColumn.FromText(table, name, ordinal, [.. _text]);
            if (_numbers.Length != _count)
            {
                Array.Resize(ref _numbers, _count);
                if (_missing is not null) Array.Resize(ref _missing, _count);
            }
            return TableColumn.FromNumbers(table, name, ordinal, _numbers, _missing, boolean: false, _written);
        }
    }
}
