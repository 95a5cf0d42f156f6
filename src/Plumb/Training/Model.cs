using Plumb.Losses;
using Plumb.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Keras-style training for any TorchSharp module: <see cref="Compile"/> with an optimizer, a loss that steers
/// each batch and metrics that judge each epoch, then <see cref="Fit"/>.
/// </summary>
/// <remarks>
/// Metrics are streaming states updated with every batch and computed once per epoch, so the epoch's
/// ROC-AUC is the AUC over all its samples, not an average of batch AUCs.
/// <code>
/// var model = new Model(nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid()));
/// model.Compile(optimizer: "adam", learningRate: 1e-3, loss: new BinaryCrossentropy(),
///               metrics: [() => new Accuracy(), () => new RocAuc()]);
/// History h = model.Fit(x, y, epochs: 10, batchSize: 32, validationData: (xVal, yVal));
/// </code>
/// </remarks>
public sealed class Model(nn.Module<Tensor, Tensor> module) : IDisposable
{
    private optim.Optimizer? _optimizer;
    private Loss? _loss;
    private IReadOnlyList<Func<IStreamingMetric>> _metrics = [];

    /// <summary>The wrapped module.</summary>
    public nn.Module<Tensor, Tensor> Module { get; } = module;

    /// <summary>Set by a callback to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>The compiled loss.</summary>
    public Loss Loss => _loss ?? throw new InvalidOperationException("call Compile before Fit or Evaluate");

    /// <summary>The compiled optimizer.</summary>
    public optim.Optimizer Optimizer => _optimizer ?? throw new InvalidOperationException("call Compile before Fit");

    /// <summary>Configures training: optimizer by name (<c>adam</c>, <c>sgd</c>), loss, and metric factories.</summary>
    public void Compile(string optimizer, double learningRate, Loss loss, IReadOnlyList<Func<IStreamingMetric>>? metrics = null)
    {
        var parameters = Module.parameters();
        _optimizer = optimizer.ToLowerInvariant() switch
        {
            "adam" => optim.Adam(parameters, learningRate),
            "sgd" => optim.SGD(parameters, learningRate),
            _ => throw new ArgumentException($"unknown optimizer '{optimizer}'; known: adam, sgd", nameof(optimizer)),
        };
        _loss = loss;
        _metrics = metrics ?? [];
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs on (<paramref name="x"/>, <paramref name="y"/>) in
    /// mini-batches and returns the per-epoch history. Shuffling uses <paramref name="seed"/>.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int epochs, int batchSize = 32, (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true, int seed = 0, IEnumerable<Callback>? callbacks = null)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be at least 1");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        if (x.shape[0] != y.shape[0])
            throw new ArgumentException($"x has {x.shape[0]} rows but y has {y.shape[0]}");
        var loss = Loss;
        var opt = Optimizer;
        var cbs = (callbacks ?? []).ToList();
        foreach (var cb in cbs) cb.Model = this;
        var history = new History();
        var rng = new Random(seed);
        long n = x.shape[0];
        var logs = new Dictionary<string, double>();
        StopTraining = false;
        foreach (var cb in cbs) cb.OnTrainBegin();
        for (int epoch = 0; epoch < epochs && !StopTraining; epoch++)
        {
            foreach (var cb in cbs) cb.OnEpochBegin(epoch);
            Module.train();
            var order = Enumerable.Range(0, (int)n).ToArray();
            if (shuffle) rng.Shuffle(order);
            using var perm = tensor(order.Select(i => (long)i).ToArray());
            var metrics = _metrics.Select(f => f()).ToList();
            double lossSum = 0;
            long seen = 0;
            int batch = 0;
            for (long start = 0; start < n; start += batchSize, batch++)
            {
                foreach (var cb in cbs) cb.OnBatchBegin(batch);
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var idx = perm.narrow(0, start, len);
                var xb = x.index_select(0, idx);
                var yb = y.index_select(0, idx);
                opt.zero_grad();
                var pred = Module.forward(xb);
                var l = loss.Call(yb, pred);
                l.backward();
                opt.step();
                double lv = l.item<float>();
                lossSum += lv * len;
                seen += len;
                UpdateMetrics(metrics, yb, pred.detach());
                foreach (var cb in cbs) cb.OnBatchEnd(batch, new Dictionary<string, double> { ["loss"] = lossSum / seen });
            }
            logs = new Dictionary<string, double> { ["loss"] = lossSum / seen };
            foreach (var m in metrics) logs[m.Name] = m.Compute();
            if (validationData is { } val)
                foreach (var (k, v) in Evaluate(val.X, val.Y, batchSize)) logs["val_" + k] = v;
            history.Add(epoch, logs);
            foreach (var cb in cbs) cb.OnEpochEnd(epoch, logs);
        }
        foreach (var cb in cbs) cb.OnTrainEnd(logs);
        return history;
    }

    /// <summary>Loss and metrics over all of (<paramref name="x"/>, <paramref name="y"/>), in inference mode.</summary>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 256)
    {
        var loss = Loss;
        Module.eval();
        var metrics = _metrics.Select(f => f()).ToList();
        double lossSum = 0;
        long n = x.shape[0];
        using (no_grad())
        {
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var xb = x.narrow(0, start, len);
                var yb = y.narrow(0, start, len);
                var pred = Module.forward(xb);
                lossSum += loss.Call(yb, pred).item<float>() * len;
                UpdateMetrics(metrics, yb, pred);
            }
        }
        var result = new Dictionary<string, double> { ["loss"] = lossSum / n };
        foreach (var m in metrics) result[m.Name] = m.Compute();
        return result;
    }

    /// <summary>Forward pass in inference mode, batched.</summary>
    public Tensor Predict(Tensor x, int batchSize = 256)
    {
        Module.eval();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += batchSize)
            parts.Add(Module.forward(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start))));
        var result = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    private static void UpdateMetrics(List<IStreamingMetric> metrics, Tensor yTrue, Tensor yPred)
    {
        if (metrics.Count == 0) return;
        double[] target = yTrue.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        double[] score = yPred.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        int columns = yPred.dim() > 1 ? (int)yPred.shape[^1] : 1;
        var batch = new MetricBatch(target, score, columns);
        foreach (var m in metrics) m.Update(batch);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer?.Dispose();
        Module.Dispose();
    }
}
