using System.Globalization;

namespace Plumb.Cli.Data;

/// <summary>
/// One named column of a <see cref="Table"/>, with two views of every cell: the raw text as written in the
/// file (for categorical columns, one-hot encoding, messages) and a number (NaN where the cell is missing or
/// not a number). Cells are addressed by 0-based data index; messages use the row number a user sees
/// (<see cref="Table.RowNumber"/>).
/// </summary>
internal sealed class TableColumn
{
    private readonly string?[]? _text;     // text sources (CSV, TSV, Parquet strings); null = missing
    private double[]? _numbers;            // parsed lazily from _text, or native (Parquet numbers)
    private readonly bool[]? _nulls;       // native numbers: which cells are missing
    private readonly bool _boolean;        // native Parquet booleans: raw text is true/false
    private readonly IReadOnlyDictionary<int, string>? _written; // numbers whose text is not their round-trip form ("2.0"), as written
    private int _nonNumeric = -1;          // count of non-missing cells that do not parse (-1 = not yet known)
    private int _firstNonNumeric = -1;

    private TableColumn(Table table, string name, int ordinal, string?[]? text, double[]? numbers, bool[]? nulls, bool boolean,
        IReadOnlyDictionary<int, string>? written = null)
    {
        _written = written;
        Table = table;
        Name = name;
        Ordinal = ordinal;
        _text = text;
        _numbers = numbers;
        _nulls = nulls;
        _boolean = boolean;
    }

    /// <summary>A column read as text: empty (or all-blank) cells are missing; numbers are parsed on demand.</summary>
    internal static TableColumn FromText(Table table, string name, int ordinal, string?[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
            if (cells[i] is { } s && string.IsNullOrWhiteSpace(s)) cells[i] = null;
        return new TableColumn(table, name, ordinal, cells, null, null, false);
    }

    /// <summary>A column stored as numbers (Parquet numeric or boolean columns); <paramref name="nulls"/> marks missing cells.</summary>
    /// <remarks><paramref name="written"/>: cells whose text is not the number's round-trip form ("2.0", "+1"), as written; by row.</remarks>
    internal static TableColumn FromNumbers(Table table, string name, int ordinal, double[] values, bool[]? nulls, bool boolean,
        IReadOnlyDictionary<int, string>? written = null)
    {
        if (nulls is not null)
            for (int i = 0; i < values.Length; i++)
                if (nulls[i]) values[i] = double.NaN;
        return new TableColumn(table, name, ordinal, null, values, nulls, boolean, written) { _nonNumeric = 0 };
    }

    /// <summary>The table the column belongs to (file name and row numbering for messages).</summary>
    public Table Table { get; }

    /// <summary>The column name from the header (CSV, TSV) or the schema (Parquet).</summary>
    public string Name { get; }

    /// <summary>0-based position of the column in the file.</summary>
    public int Ordinal { get; }

    /// <summary>True when the column keeps a string per cell (non-numeric text, or numbers not written in round-trip form).</summary>
    internal bool KeepsText => _text is not null;

    /// <summary>Number of cells (= data rows of the table).</summary>
    public int Count => _text?.Length ?? _numbers!.Length;

    /// <summary>True when the cell is empty (CSV, TSV) or null (Parquet).</summary>
    public bool IsMissing(int index) => _text is not null ? _text[index] is null : _nulls is not null && _nulls[index];

    /// <summary>The cell as text, as written in the file (Parquet numbers formatted invariantly); null when missing.</summary>
    public string? Raw(int index)
    {
        if (_text is not null) return _text[index];
        if (IsMissing(index)) return null;
        if (_written is not null && _written.TryGetValue(index, out string? text)) return text;
        double v = _numbers![index];
        return _boolean ? (v != 0 ? "true" : "false") : v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The column as the trainer reads it (<see cref="Plumb.Tabular.CellColumn"/>): numbers stay numbers, no string per
    /// cell; text as written; a missing cell reads "" — each cell the same text as <see cref="Raw"/>.
    /// </summary>
    internal Plumb.Tabular.CellColumn ToCells()
    {
        if (_text is null) return Plumb.Tabular.CellColumn.FromNumbers(_numbers!, _nulls, _boolean, _written);
        var cells = new string[_text.Length];
        for (int i = 0; i < cells.Length; i++) cells[i] = _text[i] ?? "";
        return cells;
    }

    /// <summary>The cell as a number: NaN when missing or not a number (see <see cref="IsNumeric"/>).</summary>
    public double Number(int index) => Numbers[index];

    /// <summary>Every cell as a number: NaN where missing or not a number. Parsed once, invariant culture.</summary>
    public ReadOnlySpan<double> Numbers => EnsureNumbers();

    /// <summary>True when every non-missing cell is a number (NaN and infinities written as such count as numbers).</summary>
    public bool IsNumeric
    {
        get { EnsureNumbers(); return _nonNumeric == 0; }
    }

    /// <summary>Number of missing cells.</summary>
    public int MissingCount
    {
        get
        {
            int m = 0;
            for (int i = 0; i < Count; i++) if (IsMissing(i)) m++;
            return m;
        }
    }

    /// <summary>Distinct non-missing raw values in order of first appearance (the levels of a categorical column).</summary>
    public IReadOnlyList<string> Levels()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var levels = new List<string>();
        for (int i = 0; i < Count; i++)
            if (Raw(i) is { } s && seen.Add(s)) levels.Add(s);
        return levels;
    }

    /// <summary>"data.csv: row 7, column 'score'" — the prefix of every message about one cell.</summary>
    public string Where(int index) => $"{Table.File}: row {Table.RowNumber(index)}, column '{Name}'";

    /// <summary>
    /// Every cell as a finite number, or a <see cref="UsageException"/> naming the file, row, column and value
    /// of the first cell that is missing, not a number, NaN or infinite.
    /// </summary>
    public double[] RequireFinite()
    {
        var values = EnsureNumbers();
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i])) continue;
            if (IsMissing(i)) throw new UsageException($"{Where(i)}: empty value (a number is needed)");
            string raw = Raw(i)!;
            if (!TryParse(raw, out _)) throw new UsageException($"{Where(i)}: value '{raw}' is not a number");
            throw new UsageException($"{Where(i)}: value '{raw}' is not finite (NaN and infinities are refused)");
        }
        return (double[])values.Clone();
    }

    /// <summary>
    /// Parses a cell as an invariant-culture number. Besides .NET's forms it accepts <c>nan</c>, <c>inf</c>,
    /// <c>+inf</c>, <c>-inf</c> in any case (as Python and R write them), so they are reported as non-finite
    /// rather than as text.
    /// </summary>
    public static bool TryParse(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        switch (text.Trim().ToLowerInvariant())
        {
            case "nan" or "-nan" or "+nan": value = double.NaN; return true;
            case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            default: value = double.NaN; return false;
        }
    }

    private double[] EnsureNumbers()
    {
        if (_numbers is not null) return _numbers;
        var text = _text!;
        var numbers = new double[text.Length];
        int bad = 0, first = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is not { } s) { numbers[i] = double.NaN; continue; }
            if (!TryParse(s, out numbers[i]))
            {
                numbers[i] = double.NaN;
                if (bad++ == 0) first = i;
            }
        }
        (_nonNumeric, _firstNonNumeric) = (bad, first);
        return _numbers = numbers;
    }

    /// <summary>Index of the first non-missing cell that is not a number, or −1.</summary>
    public int FirstNonNumeric
    {
        get { EnsureNumbers(); return _firstNonNumeric; }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
