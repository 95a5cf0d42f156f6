using BenchmarkDotNet.Attributes;
using Plumb.Metrics;

namespace Plumb.Benchmarks;

/// <summary>Exact binary metrics on seeded synthetic data (30 % positives).</summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private double[] _target = [];
    private double[] _score = [];

    [Params(100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _target = new double[N];
        _score = new double[N];
        for (int i = 0; i < N; i++)
        {
            _target[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            _score[i] = rng.NextDouble() + 0.3 * _target[i];
        }
    }

    [Benchmark]
    public double RocAuc() => Plumb.Metrics.RocAuc.Binary(_target, _score);

    [Benchmark]
    public double Accuracy() => Plumb.Metrics.Accuracy.Binary(_target, _score);
}
