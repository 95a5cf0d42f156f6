using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Plumb.Tabular;

namespace Plumb.Data;

/// <summary>How one input column becomes model features.</summary>
public sealed record ColumnPlan
{
    /// <summary>Column name in the data file.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// <c>numeric</c> (standardised, missing → training mean), <c>categorical</c> (one-hot) or
    /// <c>frequency</c> (one feature: the category's share of training rows; for columns with more than
    /// <see cref="Preprocessor.DefaultMaxOneHot"/> categories).
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>Numeric: training mean (also the fill value for missing cells).</summary>
    public double Mean { get; init; }

    /// <summary>Numeric: training standard deviation (1 when constant or when not standardising).</summary>
    public double Std { get; init; } = 1;

    /// <summary>Numeric: cells that are not finite numbers are read as missing (fitted with that option), not refused.</summary>
    public bool BadNumbersAsMissing { get; init; }

    /// <summary>Numeric: whether values are standardised.</summary>
    public bool Standardize { get; init; }

    /// <summary>Categorical: the categories seen in training, in first-seen order (missing is its own category).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Frequency encoding: each category's share of the training rows, in the order of <see cref="Categories"/>.</summary>
    public IReadOnlyList<double> Frequencies { get; init; } = [];
}

/// <summary>
/// Turns raw table columns into a float feature matrix the same way at training and prediction time:
/// numeric columns optionally standardised with moments fitted on the training rows only, missing numeric cells
/// filled with the training mean, text columns one-hot encoded (unseen categories → all zeros), or, above
/// <see cref="DefaultMaxOneHot"/> categories, frequency encoded.
/// Serialisable to JSON so that <c>plumb predict</c> reproduces training's preprocessing.
/// </summary>
/// <remarks>
/// <para>Column types, decided once on the training rows (cells trimmed; empty, <c>na</c>, <c>nan</c>,
/// <c>null</c>, <c>none</c>, <c>?</c> are missing in any case):</para>
/// <list type="bullet">
/// <item>every other cell an invariant-culture number (a dot for decimals) → <b>numeric</b>;</item>
/// <item>at least <see cref="NumericShare"/> of them numbers → still <b>numeric</b>, and each other cell
/// (<c>1,5</c>, <c>inf</c>, <c>high</c>) is an error naming its row and value, or, with
/// <c>badNumbersAsMissing</c>, a missing value, counted in a note. A column never turns categorical because
/// of a few bad cells;</item>
/// <item>otherwise → <b>categorical</b>: one-hot for at most <see cref="DefaultMaxOneHot"/> categories (missing is
/// a category), frequency encoding above (target-free: one feature, the category's share of training rows;
/// unseen → 0), and an error above <see cref="MaxCategories"/>.</item>
/// </list>
/// <para>The matrix must fit one float32 array (rows × features ≤ 2³¹ − 1); a larger one is an error naming
/// both sizes.</para>
/// </remarks>
public sealed class Preprocessor
{
    /// <summary>Cells treated as missing (case-insensitive), besides empty ones.</summary>
    public static readonly IReadOnlySet<string> MissingTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "", "na", "nan", "null", "none", "?" };

    /// <summary>Share of a column's non-missing cells that must be numbers for it to be numeric (see remarks).</summary>
    public const double NumericShare = 0.95;

    /// <summary>Most categories one-hot encoded; a column with more is frequency encoded.</summary>
    public const int DefaultMaxOneHot = 64;

    /// <summary>Most distinct categories a column may have (an error above: likely an identifier, not a feature).</summary>
    public const int MaxCategories = 1_000_000;

    /// <summary>Marker category for missing text cells.</summary>
    public const string MissingCategory = "(missing)";

    /// <summary>One plan per input column, in order.</summary>
    public IReadOnlyList<ColumnPlan> Columns { get; init; } = [];

    /// <summary>Names of the produced features (one per numeric column, one per category).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames =>
        Columns.SelectMany(c => c.Kind switch
        {
            "numeric" => [c.Name],
            "frequency" => [$"{c.Name}(frequency)"],
            _ => c.Categories.Select(cat => $"{c.Name}={cat}"),
        }).ToList();

    /// <summary>
    /// Fits on training columns with the type rules of the remarks. With <paramref name="encodeCategoricals"/>
    /// false, a categorical column is an error naming the row and value.
    /// </summary>
    /// <param name="columns">Column name and raw cells (training rows only).</param>
    /// <param name="standardize">Standardise numeric columns.</param>
    /// <param name="encodeCategoricals">Encode text columns (else refuse them).</param>
    /// <param name="report">Receives one line per column with missing values or encoding.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    /// <param name="badNumbersAsMissing">In a numeric column, cells that are not finite numbers become missing (counted) instead of an error.</param>
    /// <param name="maxOneHot">Most categories one-hot encoded (above: frequency encoding).</param>
    /// <param name="maxCategories">Most distinct categories of a column (above: an error).</param>
    public static Preprocessor Fit(IReadOnlyList<(string Name, CellColumn Cells)> columns, bool standardize, bool encodeCategoricals = true,
        Action<string>? report = null, Func<int, int>? rowNumber = null, bool badNumbersAsMissing = false, int maxOneHot = DefaultMaxOneHot,
        int maxCategories = MaxCategories)
    {
        rowNumber ??= i => i + 1;
        var plans = new List<ColumnPlan>();
        foreach (var (name, cells) in columns)
        {
            int missing = 0, numbers = 0, bad = 0, firstBad = -1;
            double sum = 0, sq = 0;
            for (int i = 0; i < cells.Length; i++)
            {
                if (cells.TryNumber(i, out double x))
                {
                    // A finite number kept as such: what parsing its text would give.
                    sum += x; sq += x * x; numbers++;
                    continue;
                }
                string c = cells[i].Trim();
                if (MissingTokens.Contains(c)) { missing++; continue; }
                if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                {
                    sum += v; sq += v * v; numbers++;
                }
                else if (bad++ == 0) firstBad = i;
            }
            int present = numbers + bad;
            if (bad > 0 && numbers >= NumericShare * present)
            {
                if (!badNumbersAsMissing)
                    throw new FormatException($"row {rowNumber(firstBad)}, column '{name}': value '{cells[firstBad].Trim()}' is not a finite number, "
                        + $"but {numbers} of the column's {present} values are (numbers use a dot for decimals; pass --bad-numbers-as-missing to read such cells as missing)");
                report?.Invoke($"column '{name}': {bad} cell(s) that are not finite numbers read as missing (first: row {rowNumber(firstBad)}, '{cells[firstBad].Trim()}')");
                missing += bad;
                bad = 0;
            }
            if (bad > 0)
            {
                if (!encodeCategoricals)
                    throw new FormatException($"row {rowNumber(firstBad)}, column '{name}': '{cells[firstBad]}' is not a number (categorical encoding is off)");
                plans.Add(FitCategorical(name, cells, maxOneHot, maxCategories, missing, report));
                continue;
            }
            double mean = numbers == 0 ? 0 : sum / numbers;
            double var = numbers == 0 ? 0 : Math.Max(0, sq / numbers - mean * mean);
            double std = var > 0 ? Math.Sqrt(var) : 1;
            plans.Add(new ColumnPlan { Name = name, Kind = "numeric", Mean = mean, Std = standardize ? std : 1, Standardize = standardize, BadNumbersAsMissing = badNumbersAsMissing });
            if (missing > 0) report?.Invoke($"column '{name}': {missing} missing value(s) filled with the training mean {mean.ToString("G6", CultureInfo.InvariantCulture)}");
        }
        return new Preprocessor { Columns = plans };
    }

    private static ColumnPlan FitCategorical(string name, CellColumn cells, int maxOneHot, int maxCategories, int missing, Action<string>? report)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var cats = new List<string>();
        foreach (string raw in cells)
        {
            string c = Category(raw);
            if (counts.TryGetValue(c, out int k)) counts[c] = k + 1;
            else
            {
                if (cats.Count == maxCategories)
                    throw new FormatException($"column '{name}' has more than {maxCategories:N0} distinct values, the limit for a categorical feature (an identifier? leave it out of the table)");
                counts[c] = 1;
                cats.Add(c);
            }
        }
        string missingNote = missing > 0 ? $" ({missing} missing as '{MissingCategory}')" : "";
        if (cats.Count <= maxOneHot)
        {
            report?.Invoke($"column '{name}': text, one-hot encoded into {cats.Count} categories" + missingNote);
            return new ColumnPlan { Name = name, Kind = "categorical", Categories = cats };
        }
        report?.Invoke($"column '{name}': text with {cats.Count} categories (more than {maxOneHot}), frequency encoded: one feature, the category's share of training rows, 0 for unseen" + missingNote);
        return new ColumnPlan
        {
            Name = name, Kind = "frequency", Categories = cats,
            Frequencies = [.. cats.Select(c => (double)counts[c] / cells.Length)],
        };
    }

    /// <summary>Applies the fitted plan to raw columns (same names; order may differ). Returns a row-major matrix.</summary>
    /// <exception cref="FormatException">A column is missing, or a numeric cell is not a number.</exception>
    /// <param name="columns">Column name and raw cells.</param>
    /// <param name="rows">Number of rows transformed.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public float[] Transform(IReadOnlyList<(string Name, CellColumn Cells)> columns, out int rows, Func<int, int>? rowNumber = null)
    {
        rows = RowsOf(columns);
        var x = new float[rows * FeatureNames.Count];
        Transform(columns, x, rowNumber);
        return x;
    }

    /// <summary>
    /// Applies the fitted plan into a new float32 tensor of rows × <see cref="FeatureNames"/>, written in the tensor's
    /// own memory (the features are never held twice).
    /// </summary>
    /// <exception cref="FormatException">A column is missing, a numeric cell is not a number, or too many values.</exception>
    /// <param name="columns">Column name and raw cells.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public TorchSharp.torch.Tensor TransformToTensor(IReadOnlyList<(string Name, CellColumn Cells)> columns, Func<int, int>? rowNumber = null)
    {
        var x = TorchSharp.torch.empty([RowsOf(columns), FeatureNames.Count], TorchSharp.torch.ScalarType.Float32);
        try
        {
            Transform(columns, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(x.bytes), rowNumber);
            return x;
        }
        catch
        {
            x.Dispose();
            throw;
        }
    }

    /// <summary>The rows of <paramref name="columns"/>; a <see cref="FormatException"/> when rows × features exceed one float32 matrix.</summary>
    private int RowsOf(IReadOnlyList<(string Name, CellColumn Cells)> columns)
    {
        int rows = columns.Count == 0 ? 0 : columns[0].Cells.Length, width = FeatureNames.Count;
        if ((long)rows * width > Array.MaxLength)
            throw new FormatException($"{rows} rows × {width} features is more than one float32 matrix holds ({Array.MaxLength:N0} values); use fewer rows or columns");
        return rows;
    }

    /// <summary>
    /// Applies the fitted plan into <paramref name="destination"/>: rows × <see cref="FeatureNames"/> values, row-major
    /// (for example a tensor's memory, so the features are never held twice).
    /// </summary>
    /// <exception cref="FormatException">A column is missing, or a numeric cell is not a number.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not rows × features long.</exception>
    /// <param name="columns">Column name and raw cells.</param>
    /// <param name="destination">Where the features go; every value is written.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public void Transform(IReadOnlyList<(string Name, CellColumn Cells)> columns, Span<float> destination, Func<int, int>? rowNumber = null)
    {
        rowNumber ??= i => i + 1;
        var byName = columns.ToDictionary(c => c.Name, c => c.Cells, StringComparer.Ordinal);
        int rows = columns.Count == 0 ? 0 : columns[0].Cells.Length;
        int width = FeatureNames.Count;
        if ((long)rows * width != destination.Length)
            throw new ArgumentException($"{destination.Length} values for {rows} rows × {width} features", nameof(destination));
        var x = destination;
        x.Clear();
        int offset = 0;
        foreach (var plan in Columns)
        {
            if (!byName.TryGetValue(plan.Name, out var cells))
                throw new FormatException($"column '{plan.Name}' used in training is missing; available: {string.Join(", ", byName.Keys)}");
            if (plan.Kind == "numeric")
            {
                for (int i = 0; i < rows; i++)
                {
                    if (cells.TryNumber(i, out double v))
                    {
                        x[i * width + offset] = (float)(plan.Standardize ? (v - plan.Mean) / plan.Std : v);
                        continue;
                    }
                    string c = cells[i].Trim();
                    if (MissingTokens.Contains(c)) v = plan.Mean;
                    else if (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v))
                        v = plan.BadNumbersAsMissing ? plan.Mean : throw new FormatException($"row {rowNumber(i)}, column '{plan.Name}': '{cells[i]}' is not a number");
                    x[i * width + offset] = (float)(plan.Standardize ? (v - plan.Mean) / plan.Std : v);
                }
                offset++;
            }
            else if (plan.Kind == "frequency")
            {
                var share = new Dictionary<string, double>(plan.Categories.Count, StringComparer.Ordinal);
                for (int k = 0; k < plan.Categories.Count; k++) share[plan.Categories[k]] = plan.Frequencies[k];
                for (int i = 0; i < rows; i++)
                    x[i * width + offset] = share.TryGetValue(Category(cells[i]), out double f) ? (float)f : 0f;
                offset++;
            }
            else
            {
                var index = plan.Categories.Select((c, k) => (c, k)).ToDictionary(t => t.c, t => t.k, StringComparer.Ordinal);
                for (int i = 0; i < rows; i++)
                    if (index.TryGetValue(Category(cells[i]), out int k)) x[i * width + offset + k] = 1;
                offset += plan.Categories.Count;
            }
        }
    }

    /// <summary>Serialises the plan as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    public static Preprocessor FromJson(string json) =>
        JsonSerializer.Deserialize<Preprocessor>(json, JsonOptions) ?? throw new FormatException("empty preprocessor JSON");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static string Category(string raw)
    {
        string c = raw.Trim();
        return MissingTokens.Contains(c) ? MissingCategory : c;
    }
}
