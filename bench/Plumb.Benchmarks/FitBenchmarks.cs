using BenchmarkDotNet.Attributes;
using Plumb.Losses;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Benchmarks;

/// <summary>
/// One training epoch of an MLP 784→256→128→10 (ReLU, logits out, cross-entropy, Adam 1e-3, batch 128, shuffled) on
/// seeded synthetic data: a hand-written TorchSharp loop against <c>Model.Fit</c> without metrics (the loop's
/// overhead) and with an exact epoch accuracy (the metrics' overhead: softmax, copy to .NET, streaming update).
/// </summary>
/// <remarks>The size is 60000 rows; the default here is <see cref="Rows"/> = 10000 to keep the short job short
/// on a 2-core machine (per-row cost is the same). Run:
/// <c>dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*FitBenchmarks*' --job short</c>.</remarks>
[MemoryDiagnoser]
public class FitBenchmarks
{
    private Tensor _x = null!;
    private Tensor _y = null!;
    private nn.Module<Tensor, Tensor> _handNet = null!;
    private optim.Optimizer _handOpt = null!;
    private Model _plain = null!;
    private Model _withMetrics = null!;
    private int _epoch;

    /// <summary>Training rows per epoch.</summary>
    [Params(10_000)]
    public int Rows { get; set; }

    /// <summary>Rows per batch.</summary>
    public const int BatchSize = 128;

    [GlobalSetup]
    public void Setup()
    {
        Plumb.Native.TorchNativeFix.Ensure();
        random.manual_seed(1);
        _x = randn(Rows, 784);
        using var w = randn(784, 10);
        _y = _x.matmul(w).argmax(1); // learnable labels 0…9
        _handNet = Mlp();
        _handOpt = optim.Adam(_handNet.parameters(), 1e-3);
        _plain = new Model(Mlp());
        _plain.Compile("adam", 1e-3, new SparseCrossEntropyFromLogits { CheckInputs = false });
        _withMetrics = new Model(Mlp());
        _withMetrics.Compile("adam", 1e-3, new SparseCrossEntropyFromLogits { CheckInputs = false }, ["accuracy"]);
    }

    private static nn.Module<Tensor, Tensor> Mlp() =>
        nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10));

    [Benchmark(Baseline = true)]
    public double HandWrittenLoop()
    {
        _handNet.train();
        using var perm = randperm(Rows);
        double lossSum = 0;
        for (long start = 0; start < Rows; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(BatchSize, Rows - start);
            var idx = perm.narrow(0, start, len);
            var xb = _x.index_select(0, idx);
            var yb = _y.index_select(0, idx);
            _handOpt.zero_grad();
            var loss = nn.functional.cross_entropy(_handNet.forward(xb), yb);
            loss.backward();
            _handOpt.step();
            lossSum += loss.item<float>() * len;
        }
        return lossSum / Rows;
    }

    [Benchmark]
    public double PlumbFit() => _plain.Fit(_x, _y, epochs: 1, batchSize: BatchSize, seed: _epoch++, verbose: 0)["loss"][0];

    [Benchmark]
    public double PlumbFitExactAccuracy() => _withMetrics.Fit(_x, _y, epochs: 1, batchSize: BatchSize, seed: _epoch++, verbose: 0)["accuracy"][0];

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _withMetrics.Dispose();
        _handOpt.Dispose();
        _handNet.Dispose();
        _x.Dispose();
        _y.Dispose();
    }

    /// <summary>
    /// Interleaved timing for a busy machine: each round times one epoch of every variant (order rotated), and the
    /// report gives the median of the per-round ratios to the hand-written loop, so load drifting between rounds
    /// cancels out. <c>dotnet run -c Release --project bench/Plumb.Benchmarks -- fit-interleaved [rows] [rounds] [torch threads]</c>.
    /// </summary>
    public static void Interleaved(string[] args)
    {
        Plumb.Native.TorchNativeFix.Ensure();
        var b = new FitBenchmarks { Rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000 };
        int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 9;
        if (args.Length > 3) torch.set_num_threads(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        b.Setup();
        Func<double>[] variants = [b.HandWrittenLoop, b.PlumbFit, b.PlumbFitExactAccuracy];
        string[] names = ["hand-written loop", "Model.Fit", "Model.Fit + exact accuracy"];
        var times = InterleavedTiming.Time([.. variants.Select(v => (Action)(() => v()))], rounds)
            .Select(t => t.Select(sec => sec * 1000).ToList()).ToArray();
        static double Median(IEnumerable<double> v) => InterleavedTiming.Median(v);
        Console.WriteLine($"rows {b.Rows}, batch {BatchSize}, rounds {rounds}, torch threads {torch.get_num_threads()}");
        for (int i = 0; i < names.Length; i++)
        {
            double ratio = Median(times[i].Zip(times[0], (t, h) => t / h));
            Console.WriteLine(System.FormattableString.Invariant($"{names[i],-28} median {Median(times[i]),9:F1} ms/epoch  median ratio to hand-written {ratio:F3}"));
        }
        double metricRatio = Median(times[2].Zip(times[1], (m, f) => m / f));
        Console.WriteLine(System.FormattableString.Invariant($"exact accuracy vs Model.Fit without metrics: median ratio {metricRatio:F3}"));
        b.Cleanup();
        if (!args.Contains("--no-memory")) MemoryOverManyEpochs();
    }

    /// <summary>Process memory (working set after a full GC) and live tensors at epochs 10, 100, 200, 300 of one Fit (1000 rows, same MLP).</summary>
    private static void MemoryOverManyEpochs()
    {
        random.manual_seed(2);
        using var x = randn(1000, 784);
        using var w = randn(784, 10);
        using var y = x.matmul(w).argmax(1);
        using var model = new Model(Mlp());
        model.Compile("adam", 1e-3, new SparseCrossEntropyFromLogits { CheckInputs = false }, ["accuracy"]);
        var marks = new List<string>();
        var probe = new LambdaCallback(onEpochEnd: (e, _) =>
        {
            if (e + 1 is not (10 or 100 or 200 or 300)) return;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var p = System.Diagnostics.Process.GetCurrentProcess();
            marks.Add(System.FormattableString.Invariant($"epoch {e + 1}: {p.WorkingSet64 / 1048576.0:F1} MiB, live tensors {DisposeScopeManager.Statistics.ThreadTotalLiveCount}"));
        });
        model.Fit(x, y, epochs: 300, batchSize: BatchSize, validationData: (x, y), seed: 1, callbacks: [probe], verbose: 0);
        Console.WriteLine("memory over 300 epochs: " + string.Join("; ", marks));
    }

    /// <summary>Sparse categorical cross-entropy on logits via TorchSharp's fused kernel (the losses catalogue has its own).</summary>
    private sealed class SparseCrossEntropyFromLogits : Loss
    {
        public override string Name => "sparse_categorical_crossentropy";

        public bool FromLogits => true;

        public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
            nn.functional.cross_entropy(yPred, yTrue.reshape(-1).to_type(ScalarType.Int64), reduction: nn.Reduction.None);

        protected override Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight) =>
            sampleWeight is null ? nn.functional.cross_entropy(yPred, yTrue.reshape(-1).to_type(ScalarType.Int64)) : base.Compute(yTrue, yPred, sampleWeight);
    }
}
