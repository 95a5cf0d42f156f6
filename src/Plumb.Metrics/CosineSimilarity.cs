namespace Plumb.Metrics;

/// <summary>
/// Keras' <c>cosine_similarity</c> metric: the (weighted) mean over samples of the cosine between the target row and
/// the prediction row — positive, higher is better (the loss of the same name is its negative).
/// </summary>
/// <remarks>
/// cos_i = Σ_d y_id·ŷ_id / (‖y_i‖·‖ŷ_i‖), each norm at least 1e-6 (Keras' l2_normalize: x / √max(Σx², 1e-12)),
/// so a zero row scores 0, never NaN; value = Σ wᵢ·cosᵢ / Σ wᵢ, in [−1, 1]. Rows are the last axis (the
/// <see cref="MetricBatch.Columns"/> values of each sample); one column gives sign(y·ŷ). No samples give NaN.
/// <code>
/// var cos = new CosineSimilarity();
/// cos.Update(new MetricBatch([0, 1, 1, 1], [1, 0, 1, 1], columns: 2));
/// double v = cos.Compute(); // (0 + 1) / 2 = 0.5 (Keras' doc example)
/// </code>
/// </remarks>
public sealed class CosineSimilarity : IMergeableMetric
{
    private double _sum, _weight;
    private long _count;

    /// <inheritdoc />
    public string Name => "cosine_similarity";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int n = batch.Count, c = batch.Columns;
        var y = batch.Target; var p = batch.Score; var w = batch.Weight;
        if (y.Length != p.Length)
            throw new ArgumentException($"cosine_similarity: {y.Length} target values for {p.Length} predictions (one target row per prediction row expected)");
        ConfusionState.ValidateWeights(w, _count);
        for (int i = 0; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i])) throw new ArgumentException($"cosine_similarity: target {ConfusionState.Fmt(y[i])} at index {_count + i / c} is not finite");
            if (!double.IsFinite(p[i])) throw new ArgumentException($"cosine_similarity: prediction {ConfusionState.Fmt(p[i])} at index {_count + i / c} is not finite");
        }
        for (int i = 0; i < n; i++)
        {
            var yi = y.Slice(i * c, c); var pi = p.Slice(i * c, c);
            double dot = 0, yy = 0, pp = 0;
            for (int j = 0; j < c; j++) { dot += yi[j] * pi[j]; yy += yi[j] * yi[j]; pp += pi[j] * pi[j]; }
            double cos = dot / (Math.Sqrt(Math.Max(yy, 1e-12)) * Math.Sqrt(Math.Max(pp, 1e-12)));
            double wi = w.IsEmpty ? 1 : w[i];
            _sum += wi * cos;
            _weight += wi;
        }
        _count += n;
    }

    /// <inheritdoc />
    public double Compute() => _weight > 0 ? _sum / _weight : double.NaN;

    /// <inheritdoc />
    public void Reset() => (_sum, _weight, _count) = (0, 0, 0);

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not CosineSimilarity o) throw new ArgumentException($"cannot merge {other.Name} into cosine_similarity");
        if (ReferenceEquals(o, this)) throw new ArgumentException("cannot merge a metric into itself");
        (_sum, _weight, _count) = (_sum + o._sum, _weight + o._weight, _count + o._count);
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var b = new byte[24];
        BitConverter.TryWriteBytes(b.AsSpan(0), _sum);
        BitConverter.TryWriteBytes(b.AsSpan(8), _weight);
        BitConverter.TryWriteBytes(b.AsSpan(16), _count);
        return b;
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        if (state.Length != 24) throw new ArgumentException($"cosine_similarity: state has {state.Length} bytes, expected 24");
        (_sum, _weight, _count) = (BitConverter.ToDouble(state[..8]), BitConverter.ToDouble(state[8..16]), BitConverter.ToInt64(state[16..]));
    }
}
