using Sylvan.Data.Csv;

namespace Plumb.Cli.Data;

/// <summary>
/// Streams CSV/TSV (Sylvan.Data.Csv) as <see cref="ColumnBatch"/>es: each selected cell is parsed from the
/// reader's buffer by <see cref="NumberText"/>; only a bad cell's text is ever made into a string (for its
/// message). Row numbers are record numbers with the header as row 1 (an editor's line number unless a quoted
/// field spans lines); blank lines are skipped but still counted.
/// </summary>
internal sealed class CsvTableStream : TableStream
{
    private readonly CsvDataReader _csv;
    private readonly FileStream _file;
    private readonly string[] _names;
    private long _record = 1; // the header
    private bool _done;

    private CsvTableStream(string path, TableFormat format, CsvDataReader csv, FileStream file, string[] names, bool badNumbersAsMissing)
        : base(path, format, names)
    {
        _csv = csv;
        _file = file;
        _names = names;
        BadNumbersAsMissing = badNumbersAsMissing;
    }

    /// <summary>Opens the file and reads its header.</summary>
    public static CsvTableStream OpenFile(string path, TableFormat format, bool badNumbersAsMissing)
    {
        var csv = TableReader.OpenCsv(path, format, out var file);
        try
        {
            return new CsvTableStream(path, format, csv, file, TableReader.ReadHeader(csv, path), badNumbersAsMissing);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override double Progress => _done ? 1 : _file.CanSeek && _file.Length > 0 ? Math.Min(1, (double)_file.Position / _file.Length) : 0;

    /// <inheritdoc />
    protected override bool ReadCore(ColumnBatch batch)
    {
        int count = 0, cols = Selected.Length, fields = _names.Length;
        var selected = Selected;
        var float32 = Float32;
        while (count < batch.Capacity && !_done)
        {
            if (!TableReader.NextRecord(_csv, File, Format, ref _record)) { _done = true; break; }
            int n = _csv.RowFieldCount;
            if (TableReader.IsBlank(_csv, n)) continue;
            if (n != fields) throw TableReader.Ragged(_csv, File, _record, _names);
            for (int j = 0; j < cols; j++)
            {
                ReadOnlySpan<char> cell = _csv.GetFieldSpan(selected[j]);
                double v;
                bool missing = false, single = false;
                if (float32[j] ? !NumberText.TryParse(cell, out v, out single) : !NumberText.TryParse(cell, out v))
                {
                    if (cell.IsWhiteSpace()) missing = true;
                    else
                    {
                        BadNumber(_record, j, cell.ToString());
                        missing = true;
                    }
                }
                else if (float32[j] && !single) float32[j] = false;
                batch.Values[j][count] = v;
                batch.Missing[j][count] = missing;
            }
            batch.RowNumbers[count] = _record;
            count++;
        }
        batch.Count = count;
        RowsRead += count;
        if (count == 0 && RowsRead == 0)
            throw new UsageException($"{File}: no data rows (only a header: {string.Join(", ", _names)})");
        return count > 0;
    }

    /// <inheritdoc />
    public override string? RawCell(long rowNumber, int column, double value)
    {
        using var csv = TableReader.OpenCsv(File, Format);
        long record = 1;
        while (TableReader.NextRecord(csv, File, Format, ref record))
            if (record == rowNumber)
            {
                string s = csv.GetString(Selected[column]);
                return string.IsNullOrWhiteSpace(s) ? null : s;
            }
        return null;
    }

    /// <inheritdoc />
    public override void Dispose() => _csv.Dispose();
}
