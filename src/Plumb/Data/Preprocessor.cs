using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plumb.Data;

/// <summary>How one input column becomes model features.</summary>
public sealed record ColumnPlan
{
    /// <summary>Column name in the data file.</summary>
    public required string Name { get; init; }

    /// <summary><c>numeric</c> (standardised, missing → training mean) or <c>categorical</c> (one-hot).</summary>
    public required string Kind { get; init; }

    /// <summary>Numeric: training mean (also the fill value for missing cells).</summary>
    public double Mean { get; init; }

    /// <summary>Numeric: training standard deviation (1 when constant or when not standardising).</summary>
    public double Std { get; init; } = 1;

    /// <summary>Numeric: whether values are standardised.</summary>
    public bool Standardize { get; init; }

    /// <summary>Categorical: the categories seen in training, in first-seen order (missing is its own category).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}

/// <summary>
/// Turns raw table columns into a float feature matrix the same way at training and prediction time:
/// numeric columns optionally standardised with moments fitted on the training rows only, missing numeric cells
/// filled with the training mean, text columns one-hot encoded (unseen categories → all zeros).
/// Serialisable to JSON so that <c>plumb predict</c> reproduces training's preprocessing.
/// </summary>
public sealed class Preprocessor
{
    /// <summary>Cells treated as missing (case-insensitive), besides empty ones.</summary>
    public static readonly IReadOnlySet<string> MissingTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "", "na", "nan", "null", "none", "?" };

    /// <summary>Marker category for missing text cells.</summary>
    public const string MissingCategory = "(missing)";

    /// <summary>One plan per input column, in order.</summary>
    public IReadOnlyList<ColumnPlan> Columns { get; init; } = [];

    /// <summary>Names of the produced features (one per numeric column, one per category).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames =>
        Columns.SelectMany(c => c.Kind == "numeric" ? [c.Name] : c.Categories.Select(cat => $"{c.Name}={cat}")).ToList();

    /// <summary>
    /// Fits on training columns: a column is numeric when every non-missing cell parses as a number.
    /// With <paramref name="encodeCategoricals"/> false, a non-numeric column is an error naming the row and value.
    /// </summary>
    /// <param name="columns">Column name and raw cells (training rows only).</param>
    /// <param name="standardize">Standardise numeric columns.</param>
    /// <param name="encodeCategoricals">One-hot encode text columns (else refuse them).</param>
    /// <param name="report">Receives one line per column with missing values or encoding.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public static Preprocessor Fit(IReadOnlyList<(string Name, string[] Cells)> columns, bool standardize, bool encodeCategoricals = true,
        Action<string>? report = null, Func<int, int>? rowNumber = null)
    {
        rowNumber ??= i => i + 1;
        var plans = new List<ColumnPlan>();
        foreach (var (name, cells) in columns)
        {
            int missing = 0;
            int firstText = -1;
            double sum = 0, sq = 0;
            int count = 0;
            for (int i = 0; i < cells.Length; i++)
            {
                string c = cells[i].Trim();
                if (MissingTokens.Contains(c)) { missing++; continue; }
                if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                {
                    sum += v; sq += v * v; count++;
                }
                else if (firstText < 0) firstText = i;
            }
            if (firstText >= 0)
            {
                if (!encodeCategoricals)
                    throw new FormatException($"row {rowNumber(firstText)}, column '{name}': '{cells[firstText]}' is not a number (categorical encoding is off)");
                var cats = new List<string>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (string raw in cells)
                {
                    string c = Category(raw);
                    if (seen.Add(c)) cats.Add(c);
                }
                plans.Add(new ColumnPlan { Name = name, Kind = "categorical", Categories = cats });
                report?.Invoke($"column '{name}': text, one-hot encoded into {cats.Count} categories" + (missing > 0 ? $" ({missing} missing as '{MissingCategory}')" : ""));
                continue;
            }
            double mean = count == 0 ? 0 : sum / count;
            double var = count == 0 ? 0 : Math.Max(0, sq / count - mean * mean);
            double std = var > 0 ? Math.Sqrt(var) : 1;
            plans.Add(new ColumnPlan { Name = name, Kind = "numeric", Mean = mean, Std = standardize ? std : 1, Standardize = standardize });
            if (missing > 0) report?.Invoke($"column '{name}': {missing} missing value(s) filled with the training mean {mean.ToString("G6", CultureInfo.InvariantCulture)}");
        }
        return new Preprocessor { Columns = plans };
    }

    /// <summary>Applies the fitted plan to raw columns (same names; order may differ). Returns a row-major matrix.</summary>
    /// <exception cref="FormatException">A column is missing, or a numeric cell is not a number.</exception>
    /// <param name="columns">Column name and raw cells.</param>
    /// <param name="rows">Number of rows transformed.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public float[] Transform(IReadOnlyList<(string Name, string[] Cells)> columns, out int rows, Func<int, int>? rowNumber = null)
    {
        rowNumber ??= i => i + 1;
        var byName = columns.ToDictionary(c => c.Name, c => c.Cells, StringComparer.Ordinal);
        rows = columns.Count == 0 ? 0 : columns[0].Cells.Length;
        int width = FeatureNames.Count;
        var x = new float[rows * width];
        int offset = 0;
        foreach (var plan in Columns)
        {
            if (!byName.TryGetValue(plan.Name, out var cells))
                throw new FormatException($"column '{plan.Name}' used in training is missing; available: {string.Join(", ", byName.Keys)}");
            if (plan.Kind == "numeric")
            {
                for (int i = 0; i < rows; i++)
                {
                    string c = cells[i].Trim();
                    double v;
                    if (MissingTokens.Contains(c)) v = plan.Mean;
                    else if (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v))
                        throw new FormatException($"row {rowNumber(i)}, column '{plan.Name}': '{cells[i]}' is not a number");
                    x[i * width + offset] = (float)(plan.Standardize ? (v - plan.Mean) / plan.Std : v);
                }
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
        return x;
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
