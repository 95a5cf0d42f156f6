using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Plumb.Metrics;
using Plumb.Metrics.Kernels;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb bench metrics --n N [--runs R] [--kernels] [--json]</c>: times Plumb's public metric API on seeded
/// synthetic in-memory data and prints the median milliseconds of each metric.
/// </summary>
/// <remarks>
/// Data (seed 42): binary targets with 30 % positives, float32 scores σ(z + 1.2·y) with z ~ N(0, 1) (so
/// probabilities with many float32 ties); 10-class labels uniform, predictions equal to the label 60 % of the
/// time and uniform otherwise. Targets are <c>int[]</c>, scores <c>float[]</c>, passed as
/// <see cref="MetricBatch"/> without copying. Timed, each from scratch: <c>new RocAuc()</c>,
/// <c>new AveragePrecision()</c>, <c>new LogLoss()</c>, <c>new F1()</c> (binary) and macro <c>new F1(…)</c>
/// over 10 classes, each <c>Update(batch)</c> then <c>Compute()</c> — the objects <c>plumb eval</c> and
/// <c>Fit</c> run; then the functional forms (<c>RocAuc.Binary(y, s)</c>, <c>F1.Binary(y, s)</c>,
/// <c>F1.Multiclass(yTrue, yPred)</c>…), the same objects fed <c>bool[]</c> binary targets (multiclass: the
/// int labels again) and fed <c>double[]</c> batches.
/// <c>--kernels</c> adds the internal kernels (<see cref="RankKernel"/>, <see cref="LogLossKernel"/>,
/// <see cref="F1Kernel"/>, byte labels), labelled as such. One warm-up run, then the median of R runs, each
/// preceded by a full garbage collection outside the timing (BenchmarkDotNet's default, <c>GcMode.Force</c>), so a
/// run does not pay for the previous run's garbage; <c>--no-collect</c> times without it (then each
/// <c>new RocAuc()</c> maps its 50 MB of state afresh, which is slow on virtual machines with costly page faults).
/// </remarks>
internal static class BenchCommand
{
    /// <summary>The metrics timed, in order (the keys of <c>ms</c>, as in bench/sklearn_reference.py).</summary>
    internal static readonly string[] Metrics = ["roc_auc", "average_precision", "log_loss", "f1", "f1_macro_10class"];

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks of Plumb's metrics.");
        var n = new Option<string>("--n") { Description = "Number of samples.", DefaultValueFactory = _ => "10000000" };
        var runs = new Option<string>("--runs") { Description = "Timed runs per metric (median reported).", DefaultValueFactory = _ => "7" };
        var kernels = new Option<bool>("--kernels") { Description = "Also time the internal kernels (byte labels), labelled \"internal kernel\"." };
        var noCollect = new Option<bool>("--no-collect")
        {
            Description = "Do not collect garbage between timed runs (by default a full collection precedes each run, untimed, as BenchmarkDotNet does).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object: {\"n\": N, \"ms\": {metric: median ms of the public objects}, \"bool_ms\": {…}, \"functional_ms\": {…}, \"double_ms\": {…}[, \"internal_kernel_ms\": {…}]}.",
        };
        var metrics = new Command("metrics", "Time the public metric API (new F1() + Update + Compute, F1.Binary…) on seeded synthetic data (median of several runs).")
        {
            n, runs, kernels, noCollect, json,
        };
        metrics.SetAction(parse =>
        {
            int count = ParsePositive(parse.GetValue(n), "--n", 1, 500_000_000);
            int r = ParsePositive(parse.GetValue(runs), "--runs", 1, 1000);
            var result = Run(count, r, parse.GetValue(kernels), collect: !parse.GetValue(noCollect));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var doc = new Dictionary<string, object> { ["n"] = count };
                foreach (var (group, times) in result) doc[group] = times;
                output.WriteLine(JsonSerializer.Serialize(doc));
            }
            else
            {
                output.WriteLine($"plumb bench metrics: n = {count:N0}, median of {r} runs, {Environment.ProcessorCount} cores");
                foreach (var (group, times) in result)
                {
                    output.WriteLine($"  {Title(group)}");
                    foreach (var (k, v) in times) output.WriteLine($"    {k,-18} {v,10:F3} ms");
                }
            }
            return 0;
        });
        bench.Subcommands.Add(metrics);
        bench.Subcommands.Add(BenchIo.Create());
        bench.Subcommands.Add(BenchBootstrap.Create());
        return bench;
    }

    private static string Title(string group) => group switch
    {
        "ms" => "public API, int[] targets + float[] scores (new Metric() + Update + Compute):",
        "bool_ms" => "public API, bool[] binary targets + float[] scores (new Metric() + Update + Compute):",
        "functional_ms" => "public API, functional forms (RocAuc.Binary, F1.Binary, F1.Multiclass…):",
        "double_ms" => "public API, double[] targets + double[] scores (new Metric() + Update + Compute):",
        _ => "internal kernel (byte labels; not what users call):",
    };

    private static int ParsePositive(string? text, string name, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"{name} must be an integer in {min}…{max:N0}, got '{text}'");
        return v;
    }

    /// <summary>Median milliseconds per metric, per group (see remarks).</summary>
    internal static Dictionary<string, Dictionary<string, double>> Run(int n, int runs, bool kernels = false, bool collect = true)
    {
        double Time(Action metric) => BenchCommand.Time(metric, runs, collect);
        var (score, label, yTrue, yPred) = Data(n);
        int[] y = Array.ConvertAll(label, b => (int)b);
        bool[] yb = Array.ConvertAll(label, b => b != 0);
        double[] yd = Array.ConvertAll(label, b => (double)b), sd = Array.ConvertAll(score, f => (double)f);
        double[] td = Array.ConvertAll(yTrue, v => (double)v), pd = Array.ConvertAll(yPred, v => (double)v);
        var macro = new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro };
        double sink = 0;
        var result = new Dictionary<string, Dictionary<string, double>>
        {
            ["ms"] = new()
            {
                ["roc_auc"] = Time(() => sink += Once(new RocAuc(), new MetricBatch(y, score))),
                ["average_precision"] = Time(() => sink += Once(new AveragePrecision(), new MetricBatch(y, score))),
                ["log_loss"] = Time(() => sink += Once(new LogLoss(), new MetricBatch(y, score))),
                ["f1"] = Time(() => sink += Once(new F1(), new MetricBatch(y, score))),
                ["f1_macro_10class"] = Time(() => sink += Once(new F1(macro), new MetricBatch(yTrue, yPred))),
            },
            ["bool_ms"] = new()
            {
                ["roc_auc"] = Time(() => sink += Once(new RocAuc(), new MetricBatch(yb, score))),
                ["average_precision"] = Time(() => sink += Once(new AveragePrecision(), new MetricBatch(yb, score))),
                ["log_loss"] = Time(() => sink += Once(new LogLoss(), new MetricBatch(yb, score))),
                ["f1"] = Time(() => sink += Once(new F1(), new MetricBatch(yb, score))),
                ["f1_macro_10class"] = Time(() => sink += Once(new F1(macro), new MetricBatch(yTrue, yPred))),
            },
            ["functional_ms"] = new()
            {
                ["roc_auc"] = Time(() => sink += RocAuc.Binary(y, score)),
                ["average_precision"] = Time(() => sink += AveragePrecision.Binary(y, score)),
                ["log_loss"] = Time(() => sink += LogLoss.Binary(y, score)),
                ["f1"] = Time(() => sink += F1.Binary(y, score)),
                ["f1_macro_10class"] = Time(() => sink += F1.Multiclass(yTrue, yPred)),
            },
            ["double_ms"] = new()
            {
                ["roc_auc"] = Time(() => sink += Once(new RocAuc(), new MetricBatch(yd, sd))),
                ["average_precision"] = Time(() => sink += Once(new AveragePrecision(), new MetricBatch(yd, sd))),
                ["log_loss"] = Time(() => sink += Once(new LogLoss(), new MetricBatch(yd, sd))),
                ["f1"] = Time(() => sink += Once(new F1(), new MetricBatch(yd, sd))),
                ["f1_macro_10class"] = Time(() => sink += Once(new F1(macro), new MetricBatch(td, pd))),
            },
        };
        if (kernels)
            result["internal_kernel_ms"] = new()
            {
                ["roc_auc"] = Time(() => sink += RankKernel.RocAuc(score, label)),
                ["average_precision"] = Time(() => sink += RankKernel.AveragePrecision(score, label)),
                ["log_loss"] = Time(() => sink += LogLossKernel.Binary(score, label)),
                ["f1"] = Time(() => sink += F1Kernel.Binary(score, label)),
                ["f1_macro_10class"] = Time(() => sink += F1Kernel.Macro(yTrue, yPred, 10)),
            };
        GC.KeepAlive(sink);
        return result;
    }

    /// <summary>What a user writes: a fresh metric, one Update, Compute.</summary>
    private static double Once(IStreamingMetric metric, in MetricBatch batch)
    {
        metric.Update(batch);
        return metric.Compute();
    }

    /// <summary>The seeded synthetic data set (see remarks).</summary>
    internal static (float[] Score, byte[] Label, int[] YTrue, int[] YPred) Data(int n) => Plumb.Datasets.Synthetic.MetricsBenchmark(n);

    private static double Time(Action metric, int runs, bool collect)
    {
        metric();
        var ms = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            if (collect)
            {
                // As BenchmarkDotNet does between iterations (GcMode.Force): the previous run's garbage is collected
                // untimed, so a run pays for its own work, not for the one before it.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }
            long t0 = Stopwatch.GetTimestamp();
            metric();
            ms[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
    }
}
