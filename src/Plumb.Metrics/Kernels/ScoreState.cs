using System.Numerics;
using System.Runtime.Intrinsics;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// The retained samples of an exact score metric: scores (row-major, <see cref="Columns"/> per sample,
/// float32 while exact, else float64), targets as bytes (binary 0/1, class index, or one 0/1 per column
/// for multilabel) and optional weights (float32 while exact, else float64).
/// Binary, unweighted, float32 scores: 5 bytes per sample.
/// </summary>
internal sealed class ScoreState
{
    private byte[] _targets = [];

    public ScoreState(MetricTask task) => Task = task;

    /// <summary>
    /// Rents the score and target buffers from the shared array pool from now on (call before the first sample);
    /// <see cref="ReturnToPool"/> gives them back. The functional forms compute once and return, so a program that
    /// calls them repeatedly reuses memory already mapped.
    /// </summary>
    public void UsePool()
    {
        if (Count != 0) throw new InvalidOperationException("the pool must be chosen before the first sample");
        Scores = new ScoreColumn { Pooled = true };
    }

    /// <summary>Makes room for <paramref name="samples"/> binary samples, so that a stream of batches is copied once.</summary>
    public void Reserve(int samples)
    {
        if (Task != MetricTask.Binary || samples <= Count) return;
        GrowTargets(samples);
        Scores.Reserve(samples);
    }

    /// <summary>Returns pooled buffers and empties the state.</summary>
    public void ReturnToPool()
    {
        Scores.ReturnToPool();
        if (Pooled && _targets.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(_targets);
        Clear();
    }

    /// <summary>Whether the buffers come from the shared pool: the score column says (see <see cref="UsePool"/>).</summary>
    private bool Pooled => Scores.Pooled;

    public MetricTask Task { get; }

    /// <summary>Score values per sample; 0 until the first batch.</summary>
    public int Columns { get; private set; }

    public ScoreColumn Scores { get; private set; } = new();

    public ScoreColumn? Weights { get; private set; }

    public int Count
    {
        get => _count;
        private set
        {
            _count = value;
            Version++;
        }
    }

    private int _count;

    /// <summary>Changes with every change to the samples held (each one goes through <see cref="Count"/>).</summary>
    public long Version { get; private set; }

    /// <summary>The binary curve of the held float64 scores, and the <see cref="Version"/> it was computed at.</summary>
    internal (long Version, BinaryCurve Curve)? CurveCache { get; set; }

    /// <summary>ROC-AUC and AP of the held float64 scores (binary, unit weights), and the <see cref="Version"/> they were computed at.</summary>
    internal (long Version, double Auc, double Ap)? SummaryCache { get; set; }

    public int TargetsPerSample => Task == MetricTask.Multilabel ? Columns : 1;

    public ReadOnlySpan<byte> Targets => _targets.AsSpan(0, Count * TargetsPerSample);

    public ReadOnlyMemory<byte> TargetMemory => _targets.AsMemory(0, Count * TargetsPerSample);

    /// <summary>Bytes retained per sample (scores, targets, weights).</summary>
    public double BytesPerSample => Count == 0 ? 0 :
        Columns * Scores.BytesPerValue + TargetsPerSample + (Weights?.BytesPerValue ?? 0);

    public void SetColumns(int columns)
    {
        if (Columns == 0) Columns = columns;
        else if (Columns != columns)
            throw new ArgumentException($"batch has {columns} score columns but earlier batches had {Columns}");
    }

    /// <summary>Appends one sample (already validated).</summary>
    public void Add(ReadOnlySpan<double> scores, ReadOnlySpan<byte> targets, double weight, bool weighted)
    {
        if (weighted && Weights is null)
        {
            Weights = new ScoreColumn();
            for (int i = 0; i < Count; i++) Weights.Add(1);
        }
        foreach (double s in scores) Scores.Add(s);
        int t = TargetsPerSample;
        GrowTargets((Count + 1) * t);
        targets.CopyTo(_targets.AsSpan(Count * t));
        Weights?.Add(weighted ? weight : 1);
        Count++;
    }

    /// <summary>
    /// Binary, unweighted: appends float32 scores and 0/1 targets of any integer or real type in bulk (SIMD check and
    /// narrowing of int32 targets). Returns false, leaving the state unchanged, when a score is not finite or a
    /// target is not 0/1 (the caller's per-sample check then names it).
    /// </summary>
    public bool TryAddBinary<TT>(ReadOnlySpan<TT> targets, ReadOnlySpan<float> scores) where TT : unmanaged, INumberBase<TT> =>
        TryStageBinaryTargets(targets, scores.Length) && Commit(Scores.TryAddFinite(scores), scores.Length);

    /// <summary>As the float32 overload, for float64 scores (kept as float32 while every one is exactly a float32).</summary>
    public bool TryAddBinary<TT>(ReadOnlySpan<TT> targets, ReadOnlySpan<double> scores) where TT : unmanaged, INumberBase<TT> =>
        TryStageBinaryTargets(targets, scores.Length) && Commit(Scores.TryAddFinite(scores), scores.Length);

    /// <summary>Writes <paramref name="n"/> 0/1 targets after the held samples (not yet counted); false when the state
    /// is not binary and unweighted or a target is not 0/1.</summary>
    private bool TryStageBinaryTargets<TT>(ReadOnlySpan<TT> targets, int n) where TT : unmanaged, INumberBase<TT>
    {
        if (Weights is not null || Task != MetricTask.Binary) return false;
        GrowTargets(Count + n);
        return ToBytes(targets, _targets.AsSpan(Count, n));
    }

    /// <summary>Counts <paramref name="n"/> staged samples when their scores were added.</summary>
    private bool Commit(bool scoresAdded, int n)
    {
        if (scoresAdded) Count += n;
        return scoresAdded;
    }

    private void GrowTargets(int need)
    {
        int used = Count * TargetsPerSample;
        if (Pooled) ScoreColumn.GrowPooled(ref _targets, used, need);
        else ScoreColumn.Grow(ref _targets, used, need);
    }

    /// <summary>0/1 targets to bytes; false when one is not 0 or 1.</summary>
    internal static unsafe bool ToBytes<TT>(ReadOnlySpan<TT> t, Span<byte> dest) where TT : unmanaged, INumberBase<TT>
    {
        if (typeof(TT) == typeof(byte))
        {
            var raw = System.Runtime.InteropServices.MemoryMarshal.Cast<TT, byte>(t);
            raw.CopyTo(dest);
            return raw.IndexOfAnyExcept((byte)0, (byte)1) < 0;
        }
        int i = 0;
        bool ok = true;
        if (typeof(TT) == typeof(int) && Vector256.IsHardwareAccelerated)
        {
            var or = Vector256<int>.Zero;
            fixed (TT* pt = t)
            fixed (byte* pd = dest)
            {
                int* p = (int*)pt;
                for (; i + 32 <= t.Length; i += 32)
                {
                    var a = Vector256.Load(p + i);
                    var b = Vector256.Load(p + i + 8);
                    var c = Vector256.Load(p + i + 16);
                    var d = Vector256.Load(p + i + 24);
                    or |= a | b | c | d;
                    Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte().Store(pd + i);
                }
            }
            ok = (or & Vector256.Create(~1)) == Vector256<int>.Zero;
        }
        for (; i < t.Length; i++)
        {
            double v = double.CreateTruncating(t[i]);
            ok &= v == 0 || v == 1;
            dest[i] = v == 1 ? (byte)1 : (byte)0;
        }
        return ok;
    }

    public void Merge(ScoreState other)
    {
        if (other.Task != Task) throw new ArgumentException($"cannot merge a {other.Task} state into a {Task} state");
        if (other.Count == 0) return;
        SetColumns(other.Columns);
        if (other.Weights is not null && Weights is null)
        {
            Weights = new ScoreColumn();
            for (int i = 0; i < Count; i++) Weights.Add(1);
        }
        Scores.AddRange(other.Scores);
        int t = TargetsPerSample;
        int need = (Count + other.Count) * t;
        GrowTargets(need);
        other.Targets.CopyTo(_targets.AsSpan(Count * t));
        if (Weights is not null)
        {
            if (other.Weights is null) for (int i = 0; i < other.Count; i++) Weights.Add(1);
            else Weights.AddRange(other.Weights);
        }
        Count += other.Count;
    }

    public void Clear()
    {
        Scores = new ScoreColumn();
        Weights = null;
        _targets = [];
        Count = 0;
        Columns = 0;
    }

    public void Write(BinaryWriter w)
    {
        w.Write((int)Task);
        w.Write(Columns);
        w.Write(Count);
        Scores.Write(w);
        w.Write(Targets);
        w.Write(Weights is not null);
        Weights?.Write(w);
    }

    /// <summary>Replaces the state with one written by <see cref="Write"/>; on error the state is unchanged.</summary>
    public void Read(BinaryReader r)
    {
        var task = (MetricTask)r.ReadInt32();
        if (task != Task) throw new InvalidDataException($"state is for task {task}, this metric is {Task}");
        int columns = r.ReadInt32();
        int count = r.ReadInt32();
        if (columns < 0 || count < 0) throw new InvalidDataException("negative size in metric state");
        var scores = ScoreColumn.Read(r);
        long targetBytes = (long)count * (Task == MetricTask.Multilabel ? columns : 1);
        if (targetBytes > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("truncated metric state");
        var targets = new byte[targetBytes];
        ScoreColumn.ReadExactly(r, targets);
        var weights = r.ReadBoolean() ? ScoreColumn.Read(r) : null;
        if (scores.Count != (long)count * columns || (weights is not null && weights.Count != count))
            throw new InvalidDataException("inconsistent metric state");
        (Columns, Count, Scores, _targets, Weights) = (columns, count, scores, targets, weights);
    }
}
