using BenchmarkDotNet.Attributes;
using Plumb.Metrics;
using Plumb.Metrics.Kernels;

namespace Plumb.Benchmarks;

/// <summary>
/// Internal kernels (not what users call: <see cref="PublicMetricsBenchmarks"/> times the public API) —
/// the exact score kernels of <c>plumb bench metrics --kernels</c> on the same seeded data (binary, 30 % positives,
/// float32 scores σ(z + 1.2·y); 10-class labels, 60 % correct). Run: <c>dotnet run -c Release --project
/// bench/Plumb.Benchmarks -- --filter '*ScoreKernel*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ScoreKernelBenchmarks
{
    private float[] _score = [];
    private byte[] _label = [];
    private int[] _yTrue = [];
    private int[] _yPred = [];

    [Params(1_000_000, 10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => (_score, _label, _yTrue, _yPred) = SyntheticData.Create(N);

    [Benchmark]
    public double RocAuc() => RankKernel.RocAuc(_score, _label);

    [Benchmark]
    public double AveragePrecision() => RankKernel.AveragePrecision(_score, _label);

    [Benchmark(Description = "RocAuc+AveragePrecision (one sort)")]
    public double AucAndAp()
    {
        var (auc, ap) = RankKernel.AucAp(_score, _label);
        return auc + ap;
    }

    [Benchmark]
    public double LogLoss() => LogLossKernel.Binary(_score, _label);

    [Benchmark]
    public double F1() => F1Kernel.Binary(_score, _label);

    [Benchmark]
    public double F1Macro10Class() => F1Kernel.Macro(_yTrue, _yPred, 10);
}

/// <summary>The data of <c>plumb bench metrics</c> (same generator, seed 42).</summary>
internal static class SyntheticData
{
    public static (float[] Score, byte[] Label, int[] YTrue, int[] YPred) Create(int n) => Plumb.Datasets.Synthetic.MetricsBenchmark(n);
}
