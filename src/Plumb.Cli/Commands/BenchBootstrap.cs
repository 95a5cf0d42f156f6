using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Plumb.Metrics;
using Plumb.Metrics.Statistics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb bench bootstrap --rows N --resamples B</c>: times B stratified bootstrap resamples of ROC-AUC
/// (<see cref="Bootstrap.Intervals"/>: rows sorted once, one weighted pass per resample) on N seeded rows,
/// next to the naive way measured in the same run: each resample materialised as rows and sorted again by
/// <see cref="RocAuc.Binary(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>, timed on
/// a few resamples and scaled to B. Wall and CPU time (user + system of the process, the fairer figure on a
/// shared machine) for both.
/// </summary>
/// <remarks>
/// Data: 30 % positives, scores σ(z + 1.2·y) with z ~ N(0, 1) as float32 (the <c>bench metrics</c>
/// distribution), seeded.
/// </remarks>
internal static class BenchBootstrap
{
    /// <summary>Builds <c>bench bootstrap</c>.</summary>
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the generated data.", DefaultValueFactory = _ => 1_000_000 };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => 1000 };
        var naive = new Option<int>("--naive") { Description = "Resamples timed the naive way (materialise and re-sort), scaled to --resamples.", DefaultValueFactory = _ => 5 };
        var cmd = new Command("bootstrap", "Time bootstrap intervals of ROC-AUC (sort once, one pass per resample) against re-sorting every resample.") { rows, resamples, naive };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(rows), b = parse.GetValue(resamples), k = parse.GetValue(naive);
            if (n < 10) throw new UsageException($"--rows: at least 10, got {n}");
            if (b < 2) throw new UsageException($"--resamples: at least 2, got {b}");
            if (k < 1) throw new UsageException($"--naive: at least 1, got {k}");
            var output = parse.InvocationConfiguration.Output;
            var (y, s) = Data(n);
            var options = new BootstrapOptions { Resamples = b, Seed = 1 };
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var fast = Bootstrap.Intervals(["roc_auc"], new MetricOptions(), y, s, 1, default, options)[0];
            double fastSeconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            double fastCpu = (process.TotalProcessorTime - cpu).TotalSeconds;

            // Naive: the same resamples (same rows, same seed), each materialised and sorted again.
            var sample = new BootstrapSample(y, [s], null, 1, 1, stratify: true);
            var counts = new int[n];
            var ty = new double[n];
            var ts = new double[n];
            double naiveValue = 0;
            process.Refresh();
            cpu = process.TotalProcessorTime;
            watch.Restart();
            for (int r = 0; r < k; r++)
            {
                sample.Draw(options.Seed, r, counts);
                int o = 0;
                for (int i = 0; i < n; i++)
                    for (int c = counts[i]; c > 0; c--, o++) (ty[o], ts[o]) = (sample.Target[i], sample.Models[0][i]);
                naiveValue += RocAuc.Binary(ty, ts);
            }
            double naiveSeconds = watch.Elapsed.TotalSeconds / k * b;
            process.Refresh();
            double naiveCpu = (process.TotalProcessorTime - cpu).TotalSeconds / k * b;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"plumb bench bootstrap: {n:N0} rows, {b} stratified resamples of roc_auc, {Environment.ProcessorCount} cores"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  sort once, one weighted pass per resample: {fastSeconds:0.00} s wall, {fastCpu:0.00} s CPU  (roc_auc {fast.Estimate:0.0000}, 95% CI {fast.Interval.Format()})"));
            // The share of drawing the counts alone (one thread).
            process.Refresh();
            cpu = process.TotalProcessorTime;
            for (int r = 0; r < Math.Min(b, 50); r++) sample.Draw(options.Seed, r, counts);
            process.Refresh();
            double drawCpu = (process.TotalProcessorTime - cpu).TotalSeconds / Math.Min(b, 50) * b;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which drawing the {b} resamples' counts: {drawCpu:0.00} s CPU"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  re-sort every resample (RocAuc.Binary, {k} timed, scaled to {b}): {naiveSeconds:0.00} s wall, {naiveCpu:0.00} s CPU  (ratio {naiveSeconds / fastSeconds:0.0}× wall, {naiveCpu / fastCpu:0.0}× CPU; mean of the timed {naiveValue / k:0.0000})"));
            return 0;
        });
        return cmd;
    }

    private static (double[] Y, double[] S) Data(int n)
    {
        var rng = new Random(7);
        var y = new double[n];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            s[i] = (float)(1 / (1 + Math.Exp(-(z + 1.2 * y[i]))));
        }
        return (y, s);
    }
}
