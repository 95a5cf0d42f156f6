using System.Text;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// Keras' confusion-matrix variables (<c>metrics_utils.update_confusion_matrix_variables</c>): weighted TP, FP, TN
/// and FN at each of T fixed thresholds, per label or over all elements flattened. An element counts as
/// predicted positive at threshold t when its score is strictly above t, both compared in float32 as Keras does.
/// </summary>
/// <remarks>
/// The state is a histogram per label: bucket j holds the positive (negative) weight of the elements with exactly j
/// thresholds below their score, so an update costs O(log T) per element and TP(t) is the suffix sum of buckets
/// above t. Merging adds histograms (exact for integer weights).
/// </remarks>
internal sealed class ThresholdCounts
{
    private readonly float[] _sorted;
    private readonly double[] _pos;
    private readonly double[] _neg;

    /// <summary>Counts at <paramref name="thresholds"/> (any order; duplicates allowed) for <paramref name="labels"/> labels.</summary>
    public ThresholdCounts(IReadOnlyList<double> thresholds, int labels)
    {
        Thresholds = [.. thresholds];
        _sorted = [.. thresholds.Select(t => (float)t).Order()];
        Labels = labels;
        _pos = new double[labels * (_sorted.Length + 1)];
        _neg = new double[labels * (_sorted.Length + 1)];
    }

    /// <summary>The thresholds as given.</summary>
    public double[] Thresholds { get; }

    /// <summary>Number of labels counted separately (1 when flattened).</summary>
    public int Labels { get; }

    /// <summary>Adds one element of label <paramref name="label"/>.</summary>
    public void Add(int label, double score, bool positive, double weight)
    {
        int j = Below((float)score);
        int at = label * (_sorted.Length + 1) + j;
        if (positive) _pos[at] += weight;
        else _neg[at] += weight;
    }

    /// <summary>How many thresholds lie strictly below <paramref name="s"/>.</summary>
    private int Below(float s)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] < s) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>TP, FP, TN, FN of <paramref name="label"/> at each threshold, in the order the thresholds were given.</summary>
    public (double[] Tp, double[] Fp, double[] Tn, double[] Fn) Counts(int label)
    {
        int t = _sorted.Length, b = label * (t + 1);
        // suffix[t'] = weight of elements with more than t' thresholds below them (positive at sorted threshold t').
        var sufPos = new double[t + 1];
        var sufNeg = new double[t + 1];
        for (int j = t - 1; j >= 0; j--)
        {
            sufPos[j] = sufPos[j + 1] + _pos[b + j + 1];
            sufNeg[j] = sufNeg[j + 1] + _neg[b + j + 1];
        }
        double allPos = sufPos[0] + _pos[b], allNeg = sufNeg[0] + _neg[b];
        double[] tp = new double[t], fp = new double[t], tn = new double[t], fn = new double[t];
        for (int i = 0; i < t; i++)
        {
            int k = Array.BinarySearch(_sorted, (float)Thresholds[i]);
            while (k > 0 && _sorted[k - 1] == _sorted[k]) k--;
            tp[i] = sufPos[k];
            fp[i] = sufNeg[k];
            fn[i] = allPos - sufPos[k];
            tn[i] = allNeg - sufNeg[k];
        }
        return (tp, fp, tn, fn);
    }

    public void Reset()
    {
        Array.Clear(_pos);
        Array.Clear(_neg);
    }

    public bool SameShape(ThresholdCounts o) =>
        o.Labels == Labels && o.Thresholds.Length == Thresholds.Length && o.Thresholds.AsSpan().SequenceEqual(Thresholds);

    public void Merge(ThresholdCounts o)
    {
        for (int i = 0; i < _pos.Length; i++)
        {
            _pos[i] += o._pos[i];
            _neg[i] += o._neg[i];
        }
    }

    public byte[] ToBytes(string name)
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(name);
            w.Write(Labels);
            w.Write(Thresholds.Length);
            foreach (double v in Thresholds) w.Write(v);
            foreach (double v in _pos) w.Write(v);
            foreach (double v in _neg) w.Write(v);
        }
        return stream.ToArray();
    }

    public void LoadBytes(ReadOnlySpan<byte> state, string name)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()), Encoding.UTF8);
        try
        {
            if (r.ReadString() != name || r.ReadInt32() != Labels || r.ReadInt32() != Thresholds.Length)
                throw new InvalidDataException("written by another metric or with other labels/thresholds");
            foreach (double t in Thresholds)
                if (r.ReadDouble() != t) throw new InvalidDataException("written with other thresholds");
            var pos = new double[_pos.Length];
            var neg = new double[_neg.Length];
            for (int i = 0; i < pos.Length; i++) pos[i] = r.ReadDouble();
            for (int i = 0; i < neg.Length; i++) neg[i] = r.ReadDouble();
            pos.CopyTo(_pos, 0);
            neg.CopyTo(_neg, 0);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new ArgumentException($"{name}: not a valid state ({e.Message})", nameof(state), e);
        }
    }

    /// <summary>
    /// Reads a batch as Keras sees <c>(y_true, y_pred)</c> of one shape: rows of C 0/1 targets (class indices are
    /// expanded to one-hot rows when the batch has one target per row and C &gt; 1) and C scores (after a sigmoid, or a
    /// softmax for multiclass, when <paramref name="fromLogits"/>). Validates the whole batch first.
    /// </summary>
    public static (double[] Target, double[] Score) Elements(in MetricBatch batch, MetricTask task, bool fromLogits, string name, long offset)
    {
        int n = batch.Count, c = batch.Columns;
        var y = batch.Target;
        var s = batch.Score;
        ConfusionState.ValidateWeights(batch.Weight, offset);
        var target = new double[n * c];
        var score = s.ToArray();
        bool indices = y.Length == n && c > 1;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < c; j++) ConfusionState.ValidateScore(score[i * c + j], offset + i, c == 1 ? -1 : j);
            if (indices)
            {
                double v = y[i];
                if (v != Math.Floor(v) || v < 0 || v >= c)
                    throw new ArgumentException($"{name}: target {ConfusionState.Fmt(v)} at index {offset + i} is not a class index in 0…{c - 1}");
                target[i * c + (int)v] = 1;
            }
            else
                for (int j = 0; j < c; j++)
                {
                    double v = y[i * c + j];
                    if (v is not (0 or 1))
                        throw new ArgumentException(c == 1
                            ? $"{name}: target {ConfusionState.Fmt(v)} at index {offset + i} is not 0 or 1"
                            : $"{name}: target {ConfusionState.Fmt(v)} at index {offset + i}, column {j} is not 0 or 1");
                    target[i * c + j] = v;
                }
            if (fromLogits) Transforms.FromLogits(score.AsSpan(i * c, c), c == 1 ? MetricTask.Binary : task);
        }
        return (target, score);
    }
}
