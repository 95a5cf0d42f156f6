using BenchmarkDotNet.Attributes;
using Plumb.Metrics;

namespace Plumb.Benchmarks;

/// <summary>
/// The public metric API as users call it (and as <c>plumb bench metrics</c> times it): a fresh metric object,
/// one <c>Update</c> with an <c>int[]</c> + <c>float[]</c> <see cref="MetricBatch"/>, <c>Compute</c>; same seeded
/// data as <see cref="ScoreKernelBenchmarks"/>. Run: <c>dotnet run -c Release --project bench/Plumb.Benchmarks --
/// --filter '*PublicMetrics*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PublicMetricsBenchmarks
{
    private float[] _score = [];
    private int[] _label = [];
    private int[] _yTrue = [];
    private int[] _yPred = [];

    [Params(1_000_000, 10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_score, var label, _yTrue, _yPred) = SyntheticData.Create(N);
        _label = Array.ConvertAll(label, b => (int)b);
    }

    [Benchmark]
    public double RocAuc() => Once(new RocAuc(), new MetricBatch(_label, _score));

    [Benchmark]
    public double AveragePrecision() => Once(new AveragePrecision(), new MetricBatch(_label, _score));

    [Benchmark]
    public double LogLoss() => Once(new LogLoss(), new MetricBatch(_label, _score));

    [Benchmark]
    public double F1() => Once(new F1(), new MetricBatch(_label, _score));

    [Benchmark]
    public double F1Macro10Class() =>
        Once(new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro }), new MetricBatch(_yTrue, _yPred));

    private static double Once(IStreamingMetric metric, in MetricBatch batch)
    {
        metric.Update(batch);
        return metric.Compute();
    }
}
