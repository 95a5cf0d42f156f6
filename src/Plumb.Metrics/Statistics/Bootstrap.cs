namespace Plumb.Metrics.Statistics;

/// <summary>
/// Seeded bootstrap confidence intervals for any registered metric, and for the paired difference of two
/// models scored on the same rows: percentile intervals over <see cref="BootstrapOptions.Resamples"/>
/// resamples of the rows, stratified by class for binary and multiclass targets (each resample keeps every
/// class's row count).
/// </summary>
/// <remarks>
/// <para>A resample is a count per row (multinomial within each stratum); the metric is evaluated on those
/// counts without re-sorting: ROC-AUC and average precision sort once and take one pass per resample, label
/// metrics add counts into their confusion cells; other metrics run on the resampled rows (see
/// <see cref="BootstrapReplicate"/>). Resample b's rows depend only on (seed, b), so results are identical
/// for any number of threads. The estimate is the metric on all rows, as <c>plumb eval</c> computes it;
/// the interval is the (α/2, 1 − α/2) percentiles of the resampled values (linear interpolation, numpy's
/// default); the standard error is their standard deviation. Resamples on which the metric is undefined
/// are left out and counted in <see cref="MetricInterval.Undefined"/>.</para>
/// <para>For a paired difference every resample applies the same rows to both models, so the interval of
/// B − A accounts for their correlation.</para>
/// <code>
/// var auc = Bootstrap.Interval("roc_auc", target, score, new BootstrapOptions { Resamples = 2000, Seed = 7 });
/// // auc.Estimate, auc.Interval.Lower, auc.Interval.Upper
/// var d = Bootstrap.Paired(["roc_auc", "accuracy"], new MetricOptions(), target, scoreA, scoreB);
/// // d[0].Difference, d[0].DifferenceInterval
/// </code>
/// </remarks>
public static class Bootstrap
{
    /// <summary>The interval of one metric of binary scores (one score column, options default to binary).</summary>
    /// <exception cref="ArgumentException">Unknown metric, mismatched lengths, bad options, or a metric that is not a single number.</exception>
    public static MetricInterval Interval(string metric, ReadOnlySpan<double> target, ReadOnlySpan<double> score, BootstrapOptions? bootstrap = null, MetricOptions? options = null) =>
        Intervals([metric], options ?? new MetricOptions(), target, score, 1, default, bootstrap)[0];

    /// <summary>Intervals of several metrics from the same resamples.</summary>
    /// <param name="metrics">Metric specs, e.g. <c>roc_auc</c>, <c>fbeta(beta=2)</c>.</param>
    /// <param name="options">Task, threshold, averaging… as for the metrics themselves.</param>
    /// <param name="target">Targets: one per row (multilabel: one per column, row-major).</param>
    /// <param name="scores">Scores, <paramref name="columns"/> per row, row-major.</param>
    /// <param name="columns">Score columns per row.</param>
    /// <param name="weight">Sample weights, or empty.</param>
    /// <param name="bootstrap">Resamples, level, seed, stratification.</param>
    /// <exception cref="ArgumentException">Bad inputs or options; a metric that is not a single number or fails on all rows.</exception>
    public static IReadOnlyList<MetricInterval> Intervals(IReadOnlyList<string> metrics, MetricOptions options,
        ReadOnlySpan<double> target, ReadOnlySpan<double> scores, int columns = 1, ReadOnlySpan<double> weight = default, BootstrapOptions? bootstrap = null)
    {
        var b = Check(bootstrap);
        var specs = Specs(metrics);
        var sample = Sample(options, target, [scores.ToArray()], columns, weight, b);
        var estimates = specs.Select(s => Estimate(s, options, sample, 0)).ToArray();
        var replicates = specs.Select(s => BootstrapReplicate.For(s, options, sample, 0)).ToArray();
        var values = Run(sample, replicates, b);
        var result = new MetricInterval[specs.Length];
        for (int j = 0; j < specs.Length; j++)
        {
            var (ci, se, undefined) = Summarize(values, j, specs.Length, b);
            result[j] = new MetricInterval(specs[j].Key, estimates[j], ci, se, b.Resamples, undefined);
        }
        return result;
    }

    /// <summary>
    /// Both models' values and intervals, and the interval of the paired difference B − A, from the same
    /// resamples of the rows.
    /// </summary>
    /// <param name="metrics">Metric specs.</param>
    /// <param name="options">Task, threshold, averaging… as for the metrics.</param>
    /// <param name="target">Targets (as <see cref="Intervals"/>).</param>
    /// <param name="scoresA">Model A's scores, <paramref name="columns"/> per row.</param>
    /// <param name="scoresB">Model B's scores on the same rows.</param>
    /// <param name="columns">Score columns per row.</param>
    /// <param name="weight">Sample weights, or empty.</param>
    /// <param name="bootstrap">Resamples, level, seed, stratification.</param>
    /// <exception cref="ArgumentException">Bad inputs or options; a metric that is not a single number.</exception>
    public static IReadOnlyList<PairedInterval> Paired(IReadOnlyList<string> metrics, MetricOptions options,
        ReadOnlySpan<double> target, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB, int columns = 1,
        ReadOnlySpan<double> weight = default, BootstrapOptions? bootstrap = null)
    {
        var b = Check(bootstrap);
        if (scoresB.Length != scoresA.Length) throw new ArgumentException($"bootstrap: model A has {scoresA.Length} scores, model B {scoresB.Length}");
        var specs = Specs(metrics);
        var sample = Sample(options, target, [scoresA.ToArray(), scoresB.ToArray()], columns, weight, b);
        int m = specs.Length;
        var replicates = new BootstrapReplicate[3 * m];
        var ea = new double[m];
        var eb = new double[m];
        for (int j = 0; j < m; j++)
        {
            ea[j] = Estimate(specs[j], options, sample, 0);
            eb[j] = Estimate(specs[j], options, sample, 1);
            replicates[2 * j] = BootstrapReplicate.For(specs[j], options, sample, 0);
            replicates[2 * j + 1] = BootstrapReplicate.For(specs[j], options, sample, 1);
        }
        var values = Run(sample, replicates[..(2 * m)], b);
        // Differences B − A per resample, appended as m more "metrics".
        int width = 2 * m;
        var all = new double[b.Resamples * 3 * m];
        for (int r = 0; r < b.Resamples; r++)
            for (int j = 0; j < m; j++)
            {
                double va = values[r * width + 2 * j], vb = values[r * width + 2 * j + 1];
                all[r * 3 * m + j] = va;
                all[r * 3 * m + m + j] = vb;
                all[r * 3 * m + 2 * m + j] = vb - va;
            }
        var result = new PairedInterval[m];
        for (int j = 0; j < m; j++)
        {
            var (ciA, _, ua) = Summarize(all, j, 3 * m, b);
            var (ciB, _, ub) = Summarize(all, m + j, 3 * m, b);
            var (ciD, seD, ud) = Summarize(all, 2 * m + j, 3 * m, b);
            result[j] = new PairedInterval(specs[j].Key, specs[j].Descriptor.Direction, ea[j], eb[j], ciA, ciB, ciD, seD, b.Resamples, Math.Max(ud, Math.Max(ua, ub)));
        }
        return result;
    }

    private static BootstrapOptions Check(BootstrapOptions? bootstrap)
    {
        var b = bootstrap ?? new BootstrapOptions();
        if (b.Resamples < 2) throw new ArgumentException($"bootstrap: at least 2 resamples are needed, got {b.Resamples}");
        if (!(b.Level > 0 && b.Level < 1)) throw new ArgumentException($"bootstrap: the confidence level must be in (0, 1), got {b.Level}");
        return b;
    }

    private static MetricSpec[] Specs(IReadOnlyList<string> metrics)
    {
        if (metrics.Count == 0) throw new ArgumentException("bootstrap: no metric given");
        return [.. metrics.Select(MetricRegistry.Resolve)];
    }

    private static BootstrapSample Sample(MetricOptions options, ReadOnlySpan<double> target, double[][] models, int columns, ReadOnlySpan<double> weight, BootstrapOptions b)
    {
        if (columns < 1) throw new ArgumentException($"bootstrap: columns must be at least 1, got {columns}");
        int tk = options.Task == MetricTask.Multilabel ? columns : 1;
        if (target.Length % tk != 0) throw new ArgumentException($"bootstrap: {target.Length} targets is not a multiple of {tk} per row");
        int n = target.Length / tk;
        if (n == 0) throw new ArgumentException("bootstrap: no rows");
        foreach (var m in models)
            if (m.Length != (long)n * columns) throw new ArgumentException($"bootstrap: {n} rows need {(long)n * columns} scores, got {m.Length}");
        if (!weight.IsEmpty && weight.Length != n) throw new ArgumentException($"bootstrap: {n} rows but {weight.Length} weights");
        bool stratify = b.Stratified && options.Task is MetricTask.Binary or MetricTask.Multiclass;
        return new BootstrapSample(target.ToArray(), models, weight.IsEmpty ? null : weight.ToArray(), tk, columns, stratify);
    }

    private static double Estimate(MetricSpec spec, MetricOptions options, BootstrapSample sample, int model)
    {
        var m = MetricRegistry.Create(spec, options);
        m.Update(new MetricBatch(sample.Target, sample.Models[model], sample.Columns, sample.Weight));
        try
        {
            return m.Compute();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"{spec.Text}: {e.Message}", e);
        }
    }

    /// <summary>Values[resample · replicates.Length + j] of every replicate, resamples spread over threads.</summary>
    private static double[] Run(BootstrapSample sample, BootstrapReplicate[] replicates, BootstrapOptions b)
    {
        int count = b.Resamples, width = replicates.Length;
        var values = new double[count * width];
        int threads = Math.Max(1, Math.Min(count, b.MaxDegreeOfParallelism > 0 ? b.MaxDegreeOfParallelism : Environment.ProcessorCount));
        // Each worker keeps one count vector; resample r's values depend only on (seed, r), whichever worker draws it.
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new int[sample.Rows], (r, _, counts) =>
        {
            sample.Draw(b.Seed, r, counts);
            for (int j = 0; j < width; j++) values[r * width + j] = replicates[j].Value(counts);
            return counts;
        }, _ => { });
        return values;
    }

    private static (ConfidenceInterval Interval, double StandardError, int Undefined) Summarize(double[] values, int j, int width, BootstrapOptions b)
    {
        var x = new List<double>(b.Resamples);
        for (int r = 0; r < b.Resamples; r++)
        {
            double v = values[r * width + j];
            if (!double.IsNaN(v)) x.Add(v);
        }
        int undefined = b.Resamples - x.Count;
        if (x.Count < 2) return (new ConfidenceInterval(double.NaN, double.NaN, b.Level), double.NaN, undefined);
        var sorted = x.ToArray();
        Array.Sort(sorted);
        double alpha = 1 - b.Level;
        double mean = sorted.Average();
        double ss = 0;
        foreach (double v in sorted) ss += (v - mean) * (v - mean);
        return (new ConfidenceInterval(Percentile(sorted, alpha / 2), Percentile(sorted, 1 - alpha / 2), b.Level), Math.Sqrt(ss / (sorted.Length - 1)), undefined);
    }

    /// <summary>numpy's default (linear) percentile of sorted values, q in [0, 1].</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}

/// <summary>How <see cref="Bootstrap"/> resamples.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of resamples (default 1000).</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Confidence level of the intervals (default 0.95).</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Seed: the same seed gives the same resamples and intervals.</summary>
    public ulong Seed { get; init; }

    /// <summary>Resample within each class for binary and multiclass targets (default true).</summary>
    public bool Stratified { get; init; } = true;

    /// <summary>Threads to use (default: one per processor).</summary>
    public int MaxDegreeOfParallelism { get; init; }
}

/// <summary>A metric's value on all rows and its bootstrap interval.</summary>
/// <param name="Key">The metric's log key (e.g. <c>roc_auc</c>, <c>f1_macro</c>).</param>
/// <param name="Estimate">The metric on all rows.</param>
/// <param name="Interval">Percentile interval of the resampled values.</param>
/// <param name="StandardError">Standard deviation of the resampled values.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Undefined">Resamples on which the metric was undefined (left out).</param>
public sealed record MetricInterval(string Key, double Estimate, ConfidenceInterval Interval, double StandardError, int Resamples, int Undefined);

/// <summary>Two models' values on the same rows, their intervals, and the interval of the paired difference B − A.</summary>
/// <param name="Key">The metric's log key.</param>
/// <param name="Direction">Whether higher or lower values are better.</param>
/// <param name="A">Model A on all rows.</param>
/// <param name="B">Model B on all rows.</param>
/// <param name="IntervalA">Percentile interval of A.</param>
/// <param name="IntervalB">Percentile interval of B.</param>
/// <param name="DifferenceInterval">Percentile interval of B − A over paired resamples.</param>
/// <param name="DifferenceStandardError">Standard deviation of the resampled B − A.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Undefined">Resamples on which a value was undefined (left out), the largest of the three.</param>
public sealed record PairedInterval(string Key, MetricDirection Direction, double A, double B, ConfidenceInterval IntervalA, ConfidenceInterval IntervalB,
    ConfidenceInterval DifferenceInterval, double DifferenceStandardError, int Resamples, int Undefined)
{
    /// <summary>B − A.</summary>
    public double Difference => B - A;
}
