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

        var cells = new ColumnBuilder[fields];
        for (int j = 0; j < fields; j++) cells[j] = new ColumnBuilder();
        var rowNumbers = new List<int>();
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
    /// Collects one column. While every cell is empty or a number written as .NET's round-trip format would
    /// write it ("0", "0.25", "-3", "NaN", "1e-07" — the exponent letter in either case, as Python writes it),
    /// only the numbers are kept (8 bytes a cell instead of a string): the raw text is regenerated from them.
    /// The first other cell switches the column to keeping strings.
    /// </summary>
    private sealed class ColumnBuilder
    {
        private readonly List<double> _numbers = [];
        private readonly List<bool> _missing = [];
        private bool _anyMissing;
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
                _numbers.Add(double.NaN);
                _missing.Add(true);
                _anyMissing = true;
                return;
            }
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                && v.TryFormat(_format, out int written, "R", CultureInfo.InvariantCulture)
                && SameRoundTrip(cell, _format.AsSpan(0, written)))
            {
                _numbers.Add(v);
                _missing.Add(false);
                return;
            }
            _text = new List<string?>(Math.Max(16, _numbers.Count * 2));
            for (int i = 0; i < _numbers.Count; i++)
                _text.Add(_missing[i] ? null : _numbers[i].ToString("R", CultureInfo.InvariantCulture));
            _numbers.Clear();
            _missing.Clear();
            _text.Add(cell.ToString());
        }

        /// <summary>Equal, except that a lower-case exponent 'e' matches .NET's 'E'.</summary>
        private static bool SameRoundTrip(ReadOnlySpan<char> cell, ReadOnlySpan<char> formatted)
        {
            if (cell.Length != formatted.Length) return false;
            for (int i = 0; i < cell.Length; i++)
                if (cell[i] != formatted[i] && !(cell[i] == 'e' && formatted[i] == 'E')) return false;
            return true;
        }

        public TableColumn Build(Table table, string name, int ordinal) =>
            _text is not null
                ? TableColumn.FromText(table, name, ordinal, [.. _text])
                : TableColumn.FromNumbers(table, name, ordinal, [.. _numbers], _anyMissing ? [.. _missing] : null, boolean: false);
    }
}
