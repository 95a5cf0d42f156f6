using System.Collections;
using System.Globalization;

namespace Plumb.Tabular;

/// <summary>
/// The cells of one <see cref="RawTable"/> column, as the text the file holds. A text column keeps a string per
/// cell; a numeric column keeps its numbers (8 bytes a cell) and gives each cell's text on demand, in round-trip
/// form, which is how the file wrote it. Readers of numbers (<see cref="Data.Preprocessor"/>) take the numbers
/// directly, so a wide numeric table never becomes strings.
/// </summary>
/// <remarks>
/// <code>
/// CellColumn text = new[] { "red", "blue", "" };             // "" is a missing cell
/// var numbers = CellColumn.FromNumbers([1.5, 2, double.NaN], missing: [false, false, true]);
/// string s = numbers[0];                                        // "1.5"
/// CellColumn firstTwo = numbers.Take([0, 1]);                   // a view: no cell is copied
/// </code>
/// </remarks>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(CellColumn), nameof(Create))]
public sealed class CellColumn : IReadOnlyList<string>
{
    private readonly string[]? _text;
    private readonly double[]? _numbers;
    private readonly bool[]? _missing;
    private readonly bool _boolean;
    private readonly IReadOnlyDictionary<int, string>? _written; // numbers written otherwise than in round-trip form
    private readonly int[]? _rows; // a view's rows in the arrays above (null: all, in order)

    /// <summary>A text column (an empty string is a missing cell).</summary>
    public CellColumn(string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _text = cells;
        Length = cells.Length;
    }

    private CellColumn(string[]? text, double[]? numbers, bool[]? missing, bool boolean, IReadOnlyDictionary<int, string>? written, int[]? rows, int length)
    {
        (_text, _numbers, _missing, _boolean, _written, _rows, Length) = (text, numbers, missing, boolean, written, rows, length);
    }

    /// <summary>
    /// A numeric column: each cell's text is its value in round-trip form ("R"), or "" where <paramref name="missing"/>
    /// is set; <paramref name="boolean"/> columns read "true" / "false". <paramref name="written"/> holds, by row, the
    /// text of cells written otherwise ("2.0", "+1"), each of which parses to its value.
    /// </summary>
    public static CellColumn FromNumbers(double[] values, bool[]? missing = null, bool boolean = false, IReadOnlyDictionary<int, string>? written = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (missing is not null && missing.Length != values.Length)
            throw new ArgumentException($"{missing.Length} missing flags for {values.Length} values", nameof(missing));
        return new CellColumn(null, values, missing, boolean, written, null, values.Length);
    }

    /// <summary>A text column from its cells.</summary>
    public static implicit operator CellColumn(string[] cells) => new(cells);

    /// <summary>A text column from its cells (collection expressions: <c>CellColumn c = ["a", "b"];</c>).</summary>
    public static CellColumn Create(ReadOnlySpan<string> cells) => new(cells.ToArray());

    /// <summary>Number of cells.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public int Count => Length;

    /// <summary>The text of cell <paramref name="index"/> ("" when missing).</summary>
    public string this[int index]
    {
        get
        {
            int r = Row(index);
            if (_text is not null) return _text[r];
            if (_missing is not null && _missing[r]) return "";
            if (_written is not null && _written.TryGetValue(r, out string? text)) return text;
            double v = _numbers![r];
            return _boolean ? (v != 0 ? "true" : "false") : v.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>True when the column holds numbers (not text, not booleans): <see cref="TryNumber"/> can answer.</summary>
    public bool HoldsNumbers => _numbers is not null && !_boolean;

    /// <summary>
    /// The value of cell <paramref name="index"/> when the column holds numbers, the cell is present and the value is
    /// finite (exactly what parsing its text gives); false otherwise (then read the text).
    /// </summary>
    public bool TryNumber(int index, out double value)
    {
        value = 0;
        if (!HoldsNumbers) return false;
        int r = Row(index);
        if (_missing is not null && _missing[r]) return false;
        value = _numbers![r];
        return double.IsFinite(value);
    }

    /// <summary>The given cells, in the given order, as a view over this column (nothing is copied but the row list).</summary>
    public CellColumn Take(IReadOnlyList<int> rows) => Take([.. rows], new Dictionary<object, int[]>(ReferenceEqualityComparer.Instance));

    /// <summary>
    /// <see cref="Take(IReadOnlyList{int})"/> for every column of a table at once: columns over the same rows share one row list
    /// (<paramref name="shared"/>, keyed by the rows they view), so a split costs one list, not one per column.
    /// </summary>
    internal CellColumn Take(int[] rows, Dictionary<object, int[]> shared)
    {
        object key = (object?)_rows ?? shared; // all unviewed columns share one key
        if (!shared.TryGetValue(key, out int[]? map))
        {
            map = new int[rows.Length];
            for (int i = 0; i < map.Length; i++)
            {
                int row = rows[i];
                if ((uint)row >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(rows), row, $"row {row} of a column of {Length}");
                map[i] = Row(row);
            }
            shared[key] = map;
        }
        return new CellColumn(_text, _numbers, _missing, _boolean, _written, map, map.Length);
    }

    /// <summary>Every cell's text, as a new array.</summary>
    public string[] ToArray()
    {
        var a = new string[Length];
        for (int i = 0; i < a.Length; i++) a[i] = this[i];
        return a;
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Row(int index)
    {
        if ((uint)index >= (uint)Length) throw new IndexOutOfRangeException($"cell {index} of a column of {Length}");
        return _rows is null ? index : _rows[index];
    }
}
