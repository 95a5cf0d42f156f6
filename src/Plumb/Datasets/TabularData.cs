using System.Globalization;

namespace Plumb.Datasets;

/// <summary>
/// A numeric table: features as a row-major float matrix, one target value per row.
/// </summary>
/// <param name="Features">Row-major, <see cref="Rows"/> × <see cref="FeatureCount"/>.</param>
/// <param name="Target">One value per row.</param>
/// <param name="FeatureNames">Column names of the features.</param>
/// <param name="TargetName">Column name of the target.</param>
public sealed record TabularData(float[] Features, float[] Target, string[] FeatureNames, string TargetName)
{
    /// <summary>Number of rows.</summary>
    public int Rows => Target.Length;

    /// <summary>Number of feature columns.</summary>
    public int FeatureCount => FeatureNames.Length;

    /// <summary>Selects rows by index (in the given order).</summary>
    public TabularData Take(IReadOnlyList<int> rows)
    {
        int f = FeatureCount;
        var x = new float[rows.Count * f];
        var y = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(Features, rows[i] * f, x, i * f, f);
            y[i] = Target[rows[i]];
        }
        return this with { Features = x, Target = y };
    }

    /// <summary>
    /// A seeded shuffled split into (train, validation); the same seed always gives the same split.
    /// </summary>
    public (TabularData Train, TabularData Validation) Split(double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in (0, 1)");
        var index = Enumerable.Range(0, Rows).ToArray();
        new Random(seed).Shuffle(index);
        int nVal = (int)Math.Round(Rows * validationFraction);
        return (Take(index[nVal..]), Take(index[..nVal]));
    }

    /// <summary>
    /// A seeded split that keeps each target value's share in both parts (stratified), so a rare class
    /// appears in validation. Use for classification targets.
    /// </summary>
    public (TabularData Train, TabularData Validation) StratifiedSplit(double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in (0, 1)");
        var rng = new Random(seed);
        var train = new List<int>();
        var val = new List<int>();
        foreach (var group in Enumerable.Range(0, Rows).GroupBy(i => Target[i]).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            rng.Shuffle(idx);
            int nVal = (int)Math.Round(idx.Length * validationFraction);
            if (idx.Length > 1) nVal = Math.Clamp(nVal, 1, idx.Length - 1);
            val.AddRange(idx[..nVal]);
            train.AddRange(idx[nVal..]);
        }
        var t = train.ToArray();
        var v = val.ToArray();
        rng.Shuffle(t);
        rng.Shuffle(v);
        return (Take(t), Take(v));
    }

    /// <summary>Per-feature mean and standard deviation (population) of this table.</summary>
    public (float[] Mean, float[] Std) FeatureMoments()
    {
        int f = FeatureCount;
        var mean = new double[f];
        var sq = new double[f];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < f; j++)
            {
                double v = Features[i * f + j];
                mean[j] += v;
                sq[j] += v * v;
            }
        var m = new float[f];
        var s = new float[f];
        for (int j = 0; j < f; j++)
        {
            double mu = mean[j] / Rows;
            double var = Math.Max(0, sq[j] / Rows - mu * mu);
            m[j] = (float)mu;
            s[j] = var > 0 ? (float)Math.Sqrt(var) : 1f;
        }
        return (m, s);
    }

    /// <summary>Returns (x − mean) / std per feature, with moments usually fitted on the training rows only.</summary>
    public TabularData Standardize(float[] mean, float[] std)
    {
        int f = FeatureCount;
        var x = new float[Features.Length];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < f; j++)
                x[i * f + j] = (Features[i * f + j] - mean[j]) / std[j];
        return this with { Features = x };
    }

    /// <summary>Parses a numeric CSV (header row, comma-separated, invariant culture) from a reader.</summary>
    public static TabularData ParseCsv(TextReader reader, string targetColumn, string source = "csv")
    {
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{source}: empty file");
        string[] names = header.Split(',');
        int t = Array.IndexOf(names, targetColumn);
        if (t < 0)
            throw new InvalidDataException($"{source}: no column '{targetColumn}'; available: {string.Join(", ", names)}");
        var features = new List<float>();
        var target = new List<float>();
        string? line;
        int row = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            row++;
            if (line.Length == 0) continue;
            string[] cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new InvalidDataException($"{source}: row {row} has {cells.Length} fields, header has {names.Length}");
            for (int j = 0; j < cells.Length; j++)
            {
                if (!float.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidDataException($"{source}: row {row}, column '{names[j]}': '{cells[j]}' is not a number");
                if (j == t) target.Add(v); else features.Add(v);
            }
        }
        return new TabularData([.. features], [.. target], [.. names.Where((_, j) => j != t)], targetColumn);
    }
}
