namespace Plumb.Metrics;

/// <summary>
/// Top-k accuracy: the (weighted) fraction of samples whose true class is among the k highest scores, as
/// scikit-learn's <c>top_k_accuracy_score</c>. Multiclass (K score columns; targets class indices or one-hot rows,
/// as Keras' <c>top_k_categorical_accuracy</c>) and binary.
/// </summary>
/// <remarks>
/// Multiclass: a hit when |{j : s_j &gt; s_y}| + |{j &gt; y : s_j = s_y}| &lt; k, i.e. ties rank the higher class
/// index first, exactly scikit-learn's stable-argsort-then-reverse order (so with tied maxima top-1 accuracy can
/// differ from <see cref="Accuracy"/>, whose argmax takes the first maximum). Binary: k = 1 is accuracy at
/// the threshold (score ≥ threshold; scikit-learn uses a strict &gt; 0.5, or &gt; 0 for scores outside [0, 1]);
/// k ≥ 2 is 1. Not defined for multilabel.
/// <code>
/// var top2 = new TopKAccuracy(2, new MetricOptions { Task = MetricTask.Multiclass });
/// top2.Update(new MetricBatch([0, 1], [0.5, 0.3, 0.2,  0.6, 0.1, 0.3], columns: 3));
/// double v = top2.Compute(); // 0.5: class 1 ranks third in the second row
/// </code>
/// </remarks>
public sealed class TopKAccuracy : IMergeableMetric
{
    private const int Magic = 0x4B544C50; // "PLTK"
    private readonly double _cut;
    private double _hits, _total;
    private long _count;

    /// <summary>Creates a streaming top-k accuracy.</summary>
    /// <exception cref="ArgumentException">k &lt; 1, or a multilabel / regression task.</exception>
    public TopKAccuracy(int k, MetricOptions? options = null)
    {
        Options = options ?? new MetricOptions { Task = MetricTask.Multiclass };
        if (k < 1) throw new ArgumentException($"top_k_accuracy: k = {k} must be at least 1");
        if (Options.Task is not (MetricTask.Binary or MetricTask.Multiclass))
            throw new ArgumentException($"top_k_accuracy is defined for binary and multiclass tasks, not {Options.Task}");
        K = k;
        double t = Options.Threshold;
        if (!double.IsFinite(t) || (Options.FromLogits && (t < 0 || t > 1)))
            throw new ArgumentException($"top_k_accuracy: threshold {ConfusionState.Fmt(t)} is not {(Options.FromLogits ? "a probability in [0, 1]" : "finite")}");
        _cut = Options.FromLogits ? Math.Log(t) - Math.Log(1 - t) : t;
    }

    /// <summary>How many top scores count as a hit.</summary>
    public int K { get; }

    /// <summary>The options the metric reads.</summary>
    public MetricOptions Options { get; }

    /// <inheritdoc />
    public string Name => "top_k_accuracy";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>Top-k accuracy of K-column multiclass scores.</summary>
    public static double Multiclass(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns, int k, ReadOnlySpan<double> weight = default)
    {
        var m = new TopKAccuracy(k);
        m.Update(new MetricBatch(target, score, columns, weight));
        return m.Compute();
    }

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int c = batch.Columns, n = batch.Count;
        var t = batch.Target; var s = batch.Score; var w = batch.Weight;
        bool binary = Options.Task == MetricTask.Binary;
        if (binary && c != 1) throw new ArgumentException($"binary task expects one score column, got {c}");
        if (!binary && c < 2) throw new ArgumentException("top_k_accuracy needs one score column per class (got 1)");
        if (!binary && Options.NumClasses > 0 && c != Options.NumClasses) throw new ArgumentException($"{c} score columns but NumClasses is {Options.NumClasses}");
        if (!binary && n > 0 && t.Length == (long)n * c) t = LabelsOfOneHot(t, n, c, _count);
        if (t.Length != n) throw new ArgumentException($"top_k_accuracy expects one target label (or one-hot row) per sample, got {t.Length} targets for {n} samples");
        ConfusionState.ValidateWeights(w, _count);
        for (int i = 0; i < n; i++)
        {
            double y = t[i];
            bool ok = binary ? y == 0 || y == 1 : y >= 0 && y < c && y == Math.Floor(y);
            if (!ok) throw new ArgumentException(binary
                ? $"target {ConfusionState.Fmt(y)} at index {_count + i} is not 0 or 1 (binary task)"
                : $"target {ConfusionState.Fmt(y)} at index {_count + i} is not a class label 0…{c - 1} (multiclass task)");
            for (int j = 0; j < c; j++) ConfusionState.ValidateScore(s[i * c + j], _count + i, binary ? -1 : j);
        }
        for (int i = 0; i < n; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            bool hit;
            if (binary) hit = K >= 2 || (s[i] >= _cut ? 1 : 0) == t[i];
            else
            {
                var row = s.Slice(i * c, c);
                int y = (int)t[i], rank = 0;
                double sy = row[y];
                for (int j = 0; j < c; j++) if (row[j] > sy || (row[j] == sy && j > y)) rank++;
                hit = rank < K;
            }
            if (hit) _hits += wi;
            _total += wi;
        }
        _count += n;
    }

    /// <summary>Class index of each one-hot row (Keras' top_k_categorical_accuracy targets).</summary>
    private static double[] LabelsOfOneHot(ReadOnlySpan<double> t, int n, int c, long offset)
    {
        var labels = new double[n];
        for (int i = 0; i < n; i++)
        {
            int ones = 0;
            for (int j = 0; j < c; j++)
            {
                double v = t[i * c + j];
                if (v != 0 && v != 1) throw new ArgumentException($"one-hot target {ConfusionState.Fmt(v)} at index {offset + i}, column {j} is not 0 or 1");
                if (v == 1) { ones++; labels[i] = j; }
            }
            if (ones != 1) throw new ArgumentException($"one-hot target row at index {offset + i} has {ones} ones, expected exactly 1");
        }
        return labels;
    }

    /// <inheritdoc />
    public double Compute() => _hits / _total;

    /// <inheritdoc />
    public void Reset() => (_hits, _total, _count) = (0, 0, 0);

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not TopKAccuracy o || o.K != K || o.Options.Task != Options.Task || o._cut != _cut)
            throw new ArgumentException($"cannot merge {other.Name} into top_k_accuracy(k={K}) with other options");
        if (ReferenceEquals(o, this)) throw new ArgumentException("cannot merge a metric into itself");
        (_hits, _total, _count) = (_hits + o._hits, _total + o._total, _count + o._count);
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var b = new byte[36];
        BitConverter.TryWriteBytes(b.AsSpan(0), Magic);
        BitConverter.TryWriteBytes(b.AsSpan(4), K);
        BitConverter.TryWriteBytes(b.AsSpan(8), _hits);
        BitConverter.TryWriteBytes(b.AsSpan(16), _total);
        BitConverter.TryWriteBytes(b.AsSpan(24), _count);
        BitConverter.TryWriteBytes(b.AsSpan(32), (int)Options.Task);
        return b;
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        if (state.Length != 36 || BitConverter.ToInt32(state) != Magic) throw new ArgumentException("not a top_k_accuracy state");
        if (BitConverter.ToInt32(state[4..]) != K || BitConverter.ToInt32(state[32..]) != (int)Options.Task)
            throw new ArgumentException("top_k_accuracy state was written with another k or task");
        (_hits, _total, _count) = (BitConverter.ToDouble(state[8..]), BitConverter.ToDouble(state[16..]), BitConverter.ToInt64(state[24..]));
    }
}
