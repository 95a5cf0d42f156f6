namespace Plumb.Metrics.Statistics;

/// <summary>
/// The rows a bootstrap resamples, reordered once so that each stratum (a class, for stratified
/// classification) is one contiguous range and, within it, rows run by decreasing score of the first model:
/// a resample is then a vector of counts per row (multinomial within each stratum, drawn by scattering
/// uniform picks into the range), and a rank metric walks its sorted order touching the counts almost in
/// sequence.
/// </summary>
internal sealed class BootstrapSample
{
    private readonly (int Offset, int Size)[] _strata;

    /// <param name="target">Targets, <paramref name="targetsPerRow"/> per row.</param>
    /// <param name="models">Scores of each model, <paramref name="columns"/> per row.</param>
    /// <param name="weight">Sample weights, or empty.</param>
    /// <param name="targetsPerRow">Targets per row (multilabel: one per column).</param>
    /// <param name="columns">Score columns per row.</param>
    /// <param name="stratify">Resample within each class (binary and multiclass targets).</param>
    public BootstrapSample(double[] target, IReadOnlyList<double[]> models, double[]? weight, int targetsPerRow, int columns, bool stratify)
    {
        int n = target.Length / targetsPerRow;
        Rows = n;
        TargetsPerRow = targetsPerRow;
        Columns = columns;
        var stratum = new int[n];
        int strata = 1;
        if (stratify && targetsPerRow == 1)
        {
            var distinct = new HashSet<double>(target).Order().ToArray();
            var classes = new Dictionary<double, int>();
            for (int c = 0; c < distinct.Length; c++) classes[distinct[c]] = c;
            bool binary = distinct.Length == 2 && distinct[0] == 0 && distinct[1] == 1;
            for (int i = 0; i < n; i++) stratum[i] = binary ? (target[i] == 1 ? 1 : 0) : classes[target[i]];
            strata = Math.Max(1, distinct.Length);
        }
        // Order: stratum, then decreasing first score of the first model (stable by row).
        var order = new int[n];
        var sizes = new int[strata];
        foreach (int s in stratum) sizes[s]++;
        var starts = new int[strata];
        for (int s = 1; s < strata; s++) starts[s] = starts[s - 1] + sizes[s - 1];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < n; i++) order[fill[stratum[i]]++] = i;
        if (models.Count > 0 && columns == 1)
        {
            var first = models[0];
            var keys = new double[n];
            for (int i = 0; i < n; i++) keys[i] = -first[order[i]];
            for (int s = 0; s < strata; s++) Array.Sort(keys, order, starts[s], sizes[s]);
        }
        _strata = [.. Enumerable.Range(0, strata).Select(s => (starts[s], sizes[s]))];
        Target = Permute(target, order, targetsPerRow);
        Models = [.. models.Select(m => Permute(m, order, columns))];
        Weight = weight is null ? null : Permute(weight, order, 1);
    }

    public int Rows { get; }

    public int TargetsPerRow { get; }

    public int Columns { get; }

    /// <summary>Targets in the resampling order.</summary>
    public double[] Target { get; }

    /// <summary>Each model's scores in the resampling order.</summary>
    public double[][] Models { get; }

    /// <summary>Sample weights in the resampling order, or null.</summary>
    public double[]? Weight { get; }

    /// <summary>Fills <paramref name="counts"/> with resample <paramref name="resample"/>'s count of each row.</summary>
    public void Draw(ulong seed, int resample, int[] counts)
    {
        Array.Clear(counts);
        var rng = new BootstrapRandom(seed, resample);
        foreach (var (offset, size) in _strata)
        {
            if (size == 0) continue;
            ref int start = ref counts[offset];
            for (int j = 0; j < size; j++)
                System.Runtime.CompilerServices.Unsafe.Add(ref start, rng.NextInt(size))++;
        }
    }

    private static double[] Permute(double[] values, int[] order, int width)
    {
        var result = new double[values.Length];
        if (width == 1)
            for (int i = 0; i < order.Length; i++) result[i] = values[order[i]];
        else
            for (int i = 0; i < order.Length; i++)
                Array.Copy(values, (long)order[i] * width, result, (long)i * width, width);
        return result;
    }
}
