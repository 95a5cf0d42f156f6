using Plumb.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training;

public sealed partial class Model
{
    /// <summary>Loss and every metric over all of (<paramref name="x"/>, <paramref name="y"/>), in inference mode
    /// (dropout off, BatchNorm running statistics). Keys: <c>loss</c> and the metric keys.</summary>
    /// <remarks>Non-finite inputs or predictions are a data error here: the metrics refuse them. (Inside
    /// <c>Fit</c> a diverging model's validation metrics read NaN instead, as Keras reports <c>val_loss: nan</c>.)</remarks>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 256, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        if (x.shape[0] != y.shape[0]) throw new ArgumentException($"x has {x.shape[0]} rows but y has {y.shape[0]}", nameof(y));
        if (x.shape[0] == 0) throw new ArgumentException("x has no rows", nameof(x));
        if (sampleWeight is not null && (sampleWeight.dim() == 0 || sampleWeight.shape[0] != x.shape[0]))
            throw new ArgumentException($"sampleWeight must have shape [{x.shape[0]}] (or [{x.shape[0]}, …] per timestep / pixel)", nameof(sampleWeight));
        return EvaluateCore(new TensorSource(x, y, sampleWeight, batchSize));
    }

    /// <summary>Evaluates float arrays (rows × features, one target per row).</summary>
    public Dictionary<string, double> Evaluate(float[,] x, float[] y, int batchSize = 256)
    {
        using var xt = tensor(x);
        using var yt = tensor(y).unsqueeze(1);
        return Evaluate(xt, yt, batchSize);
    }

    /// <summary>Evaluates caller-produced batches.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor X, Tensor Y)> batches) =>
        EvaluateCore(new EnumerableSource(batches ?? throw new ArgumentNullException(nameof(batches)), null));

    private Dictionary<string, double> EvaluateCore(IBatchSource source)
    {
        var loss = Loss;
        bool wasTraining = Module.training;
        Module.eval();
        ResetMetrics(_evalMetrics);
        double lossSum = 0;
        long n = 0;
        bool? validated = null;
        try
        {
            using (no_grad())
            {
                foreach (object d in source.Plan(0, 0, shuffle: false))
                {
                    using var scope = NewDisposeScope();
                    var b = source.Load(d);
                    var pred = Forward(b);
                    if (_plan is null) ResolvePlan(pred, b.Y, source.AllTargets ?? b.Y);
                    validated ??= ValidateOnce(loss, source, pred);
                    lossSum += (validated == true ? loss.CallValidated(b.Y, pred, b.Weight) : loss.Call(b.Y, pred, b.Weight)).ToDouble() * b.Rows;
                    n += b.Rows;
                    UpdateMetrics(_evalMetrics, b.Y, pred, b.Weight);
                }
            }
        }
        finally
        {
            source.EndEpoch();
            Module.train(wasTraining);
        }
        if (n == 0) throw new ArgumentException("no rows to evaluate");
        var result = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = lossSum / n };
        foreach (var (e, m) in _evalMetrics) result[e.Key] = MetricValue(m);
        return result;
    }

    /// <summary>Forward pass in inference mode, in batches of <paramref name="batchSize"/> rows; the raw model
    /// output (logits when the model ends without an activation).</summary>
    public Tensor Predict(Tensor x, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x);
        return PredictRows(x.shape[0], batchSize, (start, len) => new Batch(x.narrow(0, start, len), x, null, len));
    }

    /// <summary>Forward passes over rows [0, n) in batches, in inference mode; <paramref name="slice"/> cuts one batch.</summary>
    private Tensor PredictRows(long n, int batchSize, Func<long, long, Batch> slice)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        bool wasTraining = Module.training;
        Module.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var parts = new List<Tensor>();
            for (long start = 0; start < n; start += batchSize)
                parts.Add(Forward(slice(start, Math.Min(batchSize, n - start))));
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally { Module.train(wasTraining); }
    }

    /// <summary>Predicts float rows; returns rows × outputs.</summary>
    public float[,] Predict(float[,] x, int batchSize = 256)
    {
        using var xt = tensor(x);
        using var p = Predict(xt, batchSize);
        using var p2 = p.dim() == 1 ? p.unsqueeze(1) : p.reshape(p.shape[0], -1);
        var flat = p2.to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        int rows = (int)p2.shape[0], cols = (int)p2.shape[1];
        var result = new float[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
