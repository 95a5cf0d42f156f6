namespace Plumb.Cli.Data;

/// <summary>
/// A data file loaded into named columns (see <see cref="TableReader.Read"/>). Every column keeps its raw
/// text and a numeric view, so a caller can use a column as numbers (targets, scores, features) or as
/// categories (one-hot encoding).
/// </summary>
/// <remarks>
/// Row numbers in messages are the ones a user sees: for CSV and TSV the header is row 1 and the first data
/// row is row 2 (the line number in an editor when no quoted field spans lines); for Parquet, which has no
/// header line, the first data row is row 1.
/// </remarks>
internal sealed class Table
{
    private readonly List<TableColumn> _columns = [];
    private readonly Dictionary<string, TableColumn> _byName = new(StringComparer.Ordinal);
    private int[]? _rowNumbers;

    internal Table(string file, TableFormat format, int rows, int firstRowNumber)
    {
        File = file;
        Format = format;
        Rows = rows;
        FirstRowNumber = firstRowNumber;
    }

    /// <summary>The file as named by the user (used in every message).</summary>
    public string File { get; }

    /// <summary>The format the file was read as.</summary>
    public TableFormat Format { get; }

    /// <summary>Number of data rows (the header not counted).</summary>
    public int Rows { get; }

    /// <summary>The row number a user sees for data index 0 (2 for CSV/TSV, where the header is row 1; 1 for Parquet).</summary>
    public int FirstRowNumber { get; }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<TableColumn> Columns => _columns;

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Names => [.. _columns.Select(c => c.Name)];

    /// <summary>The row number a user sees for a 0-based data index.</summary>
    public int RowNumber(int index) => _rowNumbers is not null ? _rowNumbers[index] : index + FirstRowNumber;

    /// <summary>True when a column of that exact name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// The column of that exact name, or a <see cref="UsageException"/> naming the file and listing the
    /// available columns (and a case-insensitive match, when there is one).
    /// </summary>
    public TableColumn Column(string name)
    {
        if (_byName.TryGetValue(name, out var c)) return c;
        var hint = _columns.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
        string did = hint is null ? "" : $"; did you mean '{hint.Name}'?";
        throw new UsageException($"{File}: no column '{name}'{did} (available: {string.Join(", ", _columns.Select(x => x.Name))})");
    }

    /// <summary>The columns of those names, in the order given (each as <see cref="Column"/>).</summary>
    public TableColumn[] ColumnsNamed(IEnumerable<string> names) => [.. names.Select(Column)];

    internal void Add(TableColumn column)
    {
        if (!_byName.TryAdd(column.Name, column))
            throw new UsageException($"{File}: column name '{column.Name}' appears more than once in the header");
        _columns.Add(column);
    }

    /// <summary>Records the user-visible row number of each data row when it differs from index + first (skipped blank lines).</summary>
    internal void SetRowNumbers(int[] rowNumbers) => _rowNumbers = rowNumbers;
}
