using static TorchSharp.torch;

namespace Plumb.Training;

public sealed partial class Model
{
    /// <summary>
    /// Trains a model with several inputs (see <see cref="WithInputs"/>) on in-memory tensors that share their rows:
    /// <c>x[i]</c> is [N, …] for every input. Otherwise as the one-tensor <c>Fit</c>.
    /// </summary>
    /// <param name="x">One tensor per input, in the module's order, each with N rows.</param>
    /// <param name="y">Targets [N] or [N, K].</param>
    /// <param name="epochs">Index of the epoch to stop before.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="validationData">Held-out inputs and targets evaluated after every epoch.</param>
    /// <param name="shuffle">Shuffle the rows every epoch (seeded; all inputs alike).</param>
    /// <param name="seed">Makes runs bit-identical on CPU (see the one-tensor <c>Fit</c>).</param>
    /// <param name="callbacks">Callbacks, called in order.</param>
    /// <param name="classWeight"><c>"balanced"</c> or a map class → weight.</param>
    /// <param name="sampleWeight">Per-row weights [N].</param>
    /// <param name="initialEpoch">First epoch index.</param>
    /// <param name="verbose">0 silent, 1 progress, 2 one line per epoch.</param>
    /// <param name="validationBatchSize">Rows per validation batch; null = <paramref name="batchSize"/>.</param>
    public History Fit(Tensor[] x, Tensor y, int epochs = 1, int batchSize = 32, (Tensor[] X, Tensor Y)? validationData = null,
        bool shuffle = true, int? seed = null, IEnumerable<Callback>? callbacks = null, ClassWeight? classWeight = null,
        Tensor? sampleWeight = null, int initialEpoch = 0, int verbose = 0, int? validationBatchSize = null)
    {
        CheckInputs(x, y, nameof(x));
        CheckCommon(epochs, batchSize, initialEpoch, verbose);
        if (validationBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(validationBatchSize), validationBatchSize, "validation batch size must be at least 1");
        if (sampleWeight is not null && (sampleWeight.dim() != 1 || sampleWeight.shape[0] != y.shape[0]))
            throw new ArgumentException($"sampleWeight must have shape [{y.shape[0]}]", nameof(sampleWeight));
        IBatchSource? val = null;
        if (validationData is { } vd)
        {
            CheckInputs(vd.X, vd.Y, nameof(validationData));
            val = new TensorSource(vd.X[0], vd.Y, null, validationBatchSize ?? batchSize, vd.X[1..]);
        }
        Tensor? weights = CombineWeights(y, sampleWeight, classWeight);
        try
        {
            var train = new TensorSource(x[0], y, weights, batchSize, x[1..]);
            try { return FitCore(train, val, epochs, initialEpoch, callbacks, verbose, seed, shuffle, (int)Math.Ceiling(train.Rows / (double)batchSize)); }
            finally { train.EndEpoch(); }
        }
        finally
        {
            if (weights is not null && !ReferenceEquals(weights, sampleWeight)) weights.Dispose();
        }
    }

    /// <summary>Trains a model with several inputs on batches the caller produces (a data loader): each batch is the
    /// inputs (rows need not align, e.g. token lists and offsets) and the targets, one row per sample.</summary>
    public History Fit(IEnumerable<(Tensor[] X, Tensor Y)> batches, int epochs = 1, IEnumerable<(Tensor[] X, Tensor Y)>? validationBatches = null,
        int? seed = null, IEnumerable<Callback>? callbacks = null, int initialEpoch = 0, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(batches);
        CheckCommon(epochs, 1, initialEpoch, verbose);
        var val = validationBatches is null ? null : new MultiInputEnumerableSource(validationBatches);
        int count = batches.TryGetNonEnumeratedCount(out int c) ? c : 0;
        return FitCore(new MultiInputEnumerableSource(batches), val, epochs, initialEpoch, callbacks, verbose, seed, shuffle: false, count);
    }

    /// <summary>Loss and every metric of a model with several inputs, in inference mode.</summary>
    public Dictionary<string, double> Evaluate(Tensor[] x, Tensor y, int batchSize = 256)
    {
        CheckInputs(x, y, nameof(x));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        return EvaluateCore(new TensorSource(x[0], y, null, batchSize, x[1..]));
    }

    /// <summary>Evaluates caller-produced batches of several inputs.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor[] X, Tensor Y)> batches) =>
        EvaluateCore(new MultiInputEnumerableSource(batches ?? throw new ArgumentNullException(nameof(batches))));

    /// <summary>Forward pass of a model with several inputs (rows shared by all inputs) in inference mode, in batches.</summary>
    public Tensor Predict(Tensor[] x, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != InputCount) throw new ArgumentException($"the model takes {InputCount} inputs, got {x.Length}", nameof(x));
        return PredictRows(x[0].shape[0], batchSize,
            (start, len) => new Batch(x[0].narrow(0, start, len), x[0], null, len, [.. x[1..].Select(t => t.narrow(0, start, len))]));
    }

    private void CheckInputs(Tensor[] x, Tensor y, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != InputCount) throw new ArgumentException($"the model takes {InputCount} inputs, got {x.Length}", name);
        for (int i = 0; i < x.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(x[i], name);
            if (x[i].shape[0] != y.shape[0]) throw new ArgumentException($"input {i} has {x[i].shape[0]} rows but y has {y.shape[0]}", name);
        }
        if (y.shape[0] == 0) throw new ArgumentException("no rows", name);
    }
}
