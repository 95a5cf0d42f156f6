using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Plumb.Metrics.Kernels;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb bench metrics --n N [--runs R] [--json]</c>: times the exact metric kernels on seeded synthetic
/// in-memory data and prints the median milliseconds of each.
/// </summary>
/// <remarks>
/// Data (seed 42): binary targets with 30 % positives, float32 scores σ(z + 1.2·y) with z ~ N(0, 1) (so
/// probabilities with many float32 ties); 10-class labels uniform, predictions equal to the label 60 % of the
/// time and uniform otherwise. Kernels: <c>roc_auc</c> and <c>average_precision</c>
/// (<see cref="RankKernel"/>), <c>log_loss</c> (<see cref="LogLossKernel"/>), <c>f1</c> and
/// <c>f1_macro_10class</c> (<see cref="F1Kernel"/>). One warm-up run, then the median of R runs.
/// </remarks>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks of Plumb's kernels.");
        var n = new Option<string>("--n") { Description = "Number of samples.", DefaultValueFactory = _ => "10000000" };
        var runs = new Option<string>("--runs") { Description = "Timed runs per kernel (median reported).", DefaultValueFactory = _ => "7" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"n\": N, \"ms\": {kernel: median ms}}." };
        var metrics = new Command("metrics", "Time the exact metric kernels on seeded synthetic data (median of several runs).")
        {
            n, runs, json,
        };
        metrics.SetAction(parse =>
        {
            int count = ParsePositive(parse.GetValue(n), "--n", 1, 500_000_000);
            int r = ParsePositive(parse.GetValue(runs), "--runs", 1, 1000);
            var result = Run(count, r);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var doc = new Dictionary<string, object> { ["n"] = count, ["ms"] = result };
                output.WriteLine(JsonSerializer.Serialize(doc));
            }
            else
            {
                output.WriteLine($"plumb bench metrics: n = {count:N0}, median of {r} runs, {Environment.ProcessorCount} cores");
                foreach (var (k, v) in result) output.WriteLine($"  {k,-18} {v,10:F3} ms");
            }
            return 0;
        });
        bench.Subcommands.Add(metrics);
        bench.Subcommands.Add(BenchIo.Create());
        return bench;
    }

    private static int ParsePositive(string? text, string name, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"{name} must be an integer in {min}…{max:N0}, got '{text}'");
        return v;
    }

    /// <summary>Median milliseconds per kernel.</summary>
    internal static Dictionary<string, double> Run(int n, int runs)
    {
        var (score, label, yTrue, yPred) = Data(n);
        double sink = 0;
        var result = new Dictionary<string, double>
        {
            ["roc_auc"] = Time(() => sink += RankKernel.RocAuc(score, label), runs),
            ["average_precision"] = Time(() => sink += RankKernel.AveragePrecision(score, label), runs),
            ["log_loss"] = Time(() => sink += LogLossKernel.Binary(score, label), runs),
            ["f1"] = Time(() => sink += F1Kernel.Binary(score, label), runs),
            ["f1_macro_10class"] = Time(() => sink += F1Kernel.Macro(yTrue, yPred, 10), runs),
        };
        GC.KeepAlive(sink);
        return result;
    }

    /// <summary>The seeded synthetic data set (see remarks).</summary>
    internal static (float[] Score, byte[] Label, int[] YTrue, int[] YPred) Data(int n) => Plumb.Datasets.Synthetic.MetricsBenchmark(n);

    private static double Time(Action kernel, int runs)
    {
        kernel();
        var ms = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            kernel();
            ms[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
    }
}
