using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>One mini-batch: inputs (the first, and the others of a model with several), targets, optional per-sample
/// weights, row count.</summary>
internal readonly record struct Batch(Tensor X, Tensor Y, Tensor? Weight, long Rows, Tensor[]? Others = null)
{
    /// <summary>Every input, in the module's order.</summary>
    public Tensor[] Inputs => Others is null ? [X] : [X, .. Others];
}

/// <summary>
/// Where Fit and Evaluate read batches from. <see cref="Plan"/> runs outside the per-batch dispose scope;
/// <see cref="Load"/> runs inside it, so every tensor a batch creates is freed with the batch.
/// </summary>
internal interface IBatchSource
{
    /// <summary>Batch descriptors of one epoch (opaque to the loop).</summary>
    IEnumerable<object> Plan(int epoch, long seed, bool shuffle);

    /// <summary>Materialises one batch (inside the batch's dispose scope).</summary>
    Batch Load(object descriptor);

    /// <summary>Frees what <see cref="Plan"/> created for the epoch.</summary>
    void EndEpoch();

    /// <summary>Targets of every row, for balanced class weights and the label checks (null when streaming).</summary>
    Tensor? AllTargets { get; }

    /// <summary>Weights of every row (sample × class weights), or null (none, or streaming).</summary>
    Tensor? AllWeights { get; }
}

/// <summary>Rows of in-memory tensors, sliced per batch (shuffled by a seeded permutation); <paramref name="others"/> are
/// further inputs with the same rows.</summary>
internal sealed class TensorSource(Tensor x, Tensor y, Tensor? weight, int batchSize, Tensor[]? others = null) : IBatchSource
{
    private Tensor? _perm;

    public Tensor? AllTargets => y;

    public Tensor? AllWeights => weight;

    public long Rows => x.shape[0];

    public IEnumerable<object> Plan(int epoch, long seed, bool shuffle)
    {
        long n = x.shape[0];
        _perm?.Dispose();
        _perm = null;
        if (shuffle)
        {
            var order = new long[n];
            for (long i = 0; i < n; i++) order[i] = i;
            new Random(Seeds.Mix(seed, epoch, 1)).Shuffle(order);
            _perm = tensor(order).DetachFromDisposeScope();
        }
        return Ranges(n);
    }

    private IEnumerable<object> Ranges(long n)
    {
        for (long start = 0; start < n; start += batchSize) yield return (start, Math.Min(batchSize, n - start));
    }

    public Batch Load(object descriptor)
    {
        var (start, len) = ((long, long))descriptor;
        if (_perm is null)
            return new Batch(x.narrow(0, start, len), y.narrow(0, start, len), weight?.narrow(0, start, len), len,
                others?.Select(o => o.narrow(0, start, len)).ToArray());
        var idx = _perm.narrow(0, start, len);
        return new Batch(x.index_select(0, idx), y.index_select(0, idx), weight?.index_select(0, idx), len,
            others?.Select(o => o.index_select(0, idx)).ToArray());
    }

    public void EndEpoch()
    {
        _perm?.Dispose();
        _perm = null;
    }
}

/// <summary>User-supplied batches, enumerated again each epoch (never shuffled by Plumb).</summary>
internal sealed class EnumerableSource(IEnumerable<(Tensor X, Tensor Y)> batches, Func<Tensor, Tensor?>? weightOf) : IBatchSource
{
    public Tensor? AllTargets => null;

    public Tensor? AllWeights => null;

    public IEnumerable<object> Plan(int epoch, long seed, bool shuffle) => batches.Select(b => (object)b);

    public Batch Load(object descriptor)
    {
        var (xb, yb) = ((Tensor, Tensor))descriptor;
        if (xb.shape[0] != yb.shape[0]) throw new ArgumentException($"a batch has {xb.shape[0]} input rows but {yb.shape[0]} target rows");
        return new Batch(xb, yb, weightOf?.Invoke(yb), xb.shape[0]);
    }

    public void EndEpoch() { }
}

/// <summary>User-supplied batches of several inputs each (rows counted on the targets: inputs such as token lists and
/// offsets need not share rows), enumerated again each epoch.</summary>
internal sealed class MultiInputEnumerableSource(IEnumerable<(Tensor[] X, Tensor Y)> batches) : IBatchSource
{
    public Tensor? AllTargets => null;

    public Tensor? AllWeights => null;

    public IEnumerable<object> Plan(int epoch, long seed, bool shuffle) => batches.Select(b => (object)b);

    public Batch Load(object descriptor)
    {
        var (xs, yb) = ((Tensor[], Tensor))descriptor;
        if (xs is null || xs.Length == 0) throw new ArgumentException("a batch has no inputs");
        return new Batch(xs[0], yb, null, yb.shape[0], xs[1..]);
    }

    public void EndEpoch() { }
}

/// <summary>Deterministic seed derivation (SplitMix64), so each epoch's shuffle and dropout depend only on (seed, epoch).</summary>
internal static class Seeds
{
    public static int Mix(long seed, long epoch, long stream)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch * 0xBF58476D1CE4E5B9UL + (ulong)stream * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
