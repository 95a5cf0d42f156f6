using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// The SIMD counting behind every label metric's unweighted update (<see cref="ConfusionState"/>): binary
/// (targets, predicted positives and both, from any target type and float32/float64 scores) and multiclass
/// predicted labels (a K×K count table from int32/int64 labels). Counts are exact integers, so the chunked,
/// parallel order gives the same result as one scalar pass, bit for bit.
/// </summary>
/// <remarks>
/// Validation rides along: each routine reports whether it saw a target outside the task's set or a
/// non-finite score, and the caller then runs its scalar validation to name the first bad value (the state
/// is only written after a clean pass).
/// </remarks>
internal static class ConfusionKernel
{
    private const int ParallelMinimum = 1 << 18;
    private const int Chunks = 4;

    /// <summary>The smallest float32 f with f ≥ <paramref name="cut"/>: for every float32 s, s ≥ f ⇔ (double)s ≥ cut.</summary>
    public static float FloatCut(double cut)
    {
        float f = (float)cut;
        return (double)f < cut ? MathF.BitIncrement(f) : f;
    }

    /// <summary>
    /// Binary counts of an unweighted batch: Σ targets (nt), Σ [score ≥ cut] (np) and Σ both. Returns false when
    /// a target is not 0/1 or a score is not finite (the counts are then meaningless).
    /// </summary>
    public static bool CountBinary(in MetricBatch b, double cut, out long nt, out long np, out long both)
    {
        return (b.TargetKind, b.ScoreKind) switch
        {
            (ElementKind.Int32, ElementKind.Single) => Binary<int, float>(b.RawTarget<int>(), b.RawScore<float>(), cut, out nt, out np, out both),
            (ElementKind.Byte, ElementKind.Single) => Binary<byte, float>(b.RawTarget<byte>(), b.RawScore<float>(), cut, out nt, out np, out both),
            (ElementKind.Int64, ElementKind.Single) => Binary<long, float>(b.RawTarget<long>(), b.RawScore<float>(), cut, out nt, out np, out both),
            (ElementKind.Single, ElementKind.Single) => Binary<float, float>(b.RawTarget<float>(), b.RawScore<float>(), cut, out nt, out np, out both),
            (ElementKind.Double, ElementKind.Single) => Binary<double, float>(b.RawTarget<double>(), b.RawScore<float>(), cut, out nt, out np, out both),
            (ElementKind.Int32, ElementKind.Double) => Binary<int, double>(b.RawTarget<int>(), b.RawScore<double>(), cut, out nt, out np, out both),
            (ElementKind.Int64, ElementKind.Double) => Binary<long, double>(b.RawTarget<long>(), b.RawScore<double>(), cut, out nt, out np, out both),
            (ElementKind.Double, ElementKind.Double) => Binary<double, double>(b.RawTarget<double>(), b.RawScore<double>(), cut, out nt, out np, out both),
            _ => Binary<double, double>(b.Target, b.Score, cut, out nt, out np, out both),
        };
    }

    private static unsafe bool Binary<TT, TS>(ReadOnlySpan<TT> target, ReadOnlySpan<TS> score, double cut, out long nt, out long np, out long both)
        where TT : unmanaged, INumberBase<TT> where TS : unmanaged, INumberBase<TS>
    {
        int n = score.Length;
        var counts = new long[Chunks * 3];
        var ok = new bool[Chunks];
        fixed (TT* pt = target)
        fixed (TS* ps = score)
        {
            nint tAddr = (nint)pt, sAddr = (nint)ps;
            if (n < ParallelMinimum) for (int c = 0; c < Chunks; c++) Run(c);
            else Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Run);

            void Run(int c)
            {
                var (a, e) = RankKernel.Chunk(n, Chunks, c);
                ok[c] = BinaryChunk((TT*)tAddr + a, (TS*)sAddr + a, e - a, cut, out counts[3 * c], out counts[3 * c + 1], out counts[3 * c + 2]);
            }
        }
        (nt, np, both) = (0, 0, 0);
        for (int c = 0; c < Chunks; c++)
        {
            nt += counts[3 * c];
            np += counts[3 * c + 1];
            both += counts[3 * c + 2];
        }
        return ok.All(x => x);
    }

    /// <summary>
    /// One chunk, 8 samples per step: the target as 0/1 int32 lanes, the decision as an int32 mask (−1 = predicted
    /// positive); lane sums of t, −mask and t &amp; mask. Lane counters hold at most n/8 &lt; 2³¹.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool BinaryChunk<TT, TS>(TT* t, TS* s, int m, double cut, out long nt, out long np, out long both)
        where TT : unmanaged, INumberBase<TT> where TS : unmanaged, INumberBase<TS>
    {
        int i = 0;
        long t1 = 0, p1 = 0, b1 = 0;
        bool ok = true;
        if (Vector256.IsHardwareAccelerated && (typeof(TT) != typeof(byte) || Avx2.IsSupported))
        {
            var accT = Vector256<int>.Zero;
            var accP = Vector256<int>.Zero;
            var accB = Vector256<int>.Zero;
            var orI = Vector256<int>.Zero;
            var orL = Vector256<long>.Zero;
            var okF = Vector256<int>.AllBitsSet;
            var nanF = Vector256<float>.Zero;
            var nanD = Vector256<double>.Zero;
            var cutF = Vector256.Create(FloatCut(cut));
            var cutD = Vector256.Create(cut);
            var oneF = Vector256<float>.One;
            var oneD = Vector256<double>.One;
            for (; i + 8 <= m; i += 8)
            {
                Vector256<int> tv, pm;
                if (typeof(TT) == typeof(int) || typeof(TT) == typeof(byte))
                {
                    tv = typeof(TT) == typeof(int) ? Vector256.Load((int*)t + i) : Avx2.ConvertToVector256Int32((byte*)t + i);
                    orI |= tv;
                }
                else if (typeof(TT) == typeof(long))
                {
                    var l0 = Vector256.Load((long*)t + i);
                    var l1 = Vector256.Load((long*)t + i + 4);
                    orL |= l0 | l1;
                    tv = Vector256.Narrow(l0, l1);
                }
                else if (typeof(TT) == typeof(float))
                {
                    var f = Vector256.Load((float*)t + i);
                    okF &= Vector256.Equals(f * (f - oneF), Vector256<float>.Zero).AsInt32();
                    tv = Vector256.Equals(f, oneF).AsInt32() & Vector256<int>.One;
                }
                else
                {
                    var d0 = Vector256.Load((double*)t + i);
                    var d1 = Vector256.Load((double*)t + i + 4);
                    var z0 = Vector256.Equals(d0 * (d0 - oneD), Vector256<double>.Zero).AsInt64();
                    var z1 = Vector256.Equals(d1 * (d1 - oneD), Vector256<double>.Zero).AsInt64();
                    okF &= Vector256.Narrow(z0, z1);
                    tv = Vector256.Narrow(Vector256.Equals(d0, oneD).AsInt64(), Vector256.Equals(d1, oneD).AsInt64()) & Vector256<int>.One;
                }
                if (typeof(TS) == typeof(float))
                {
                    var sv = Vector256.Load((float*)s + i);
                    nanF += sv * Vector256<float>.Zero;
                    pm = Vector256.GreaterThanOrEqual(sv, cutF).AsInt32();
                }
                else
                {
                    var s0 = Vector256.Load((double*)s + i);
                    var s1 = Vector256.Load((double*)s + i + 4);
                    nanD += s0 * Vector256<double>.Zero + s1 * Vector256<double>.Zero;
                    pm = Vector256.Narrow(Vector256.GreaterThanOrEqual(s0, cutD).AsInt64(), Vector256.GreaterThanOrEqual(s1, cutD).AsInt64());
                }
                accT += tv;
                accP -= pm;
                accB += tv & pm;
            }
            ok = (orI & Vector256.Create(~1)) == Vector256<int>.Zero
                && (orL & Vector256.Create(~1L)) == Vector256<long>.Zero
                && okF == Vector256<int>.AllBitsSet
                && Vector256.EqualsAll(nanF, nanF) && Vector256.EqualsAll(nanD, nanD);
            for (int q = 0; q < Vector256<int>.Count; q++)
            {
                t1 += accT[q];
                p1 += accP[q];
                b1 += accB[q];
            }
        }
        for (; i < m; i++)
        {
            double tv = double.CreateTruncating(t[i]), sv = double.CreateTruncating(s[i]);
            if (!(tv == 0 || tv == 1) || !double.IsFinite(sv)) ok = false;
            long ti = tv == 1 ? 1 : 0, pi = sv >= cut ? 1 : 0;
            t1 += ti;
            p1 += pi;
            b1 += ti & pi;
        }
        (nt, np, both) = (t1, p1, b1);
        return ok;
    }

    /// <summary>Eight int64 labels as int32 lanes (the OR of the originals kept for the range check).</summary>
    private static unsafe Vector256<int> Narrow(long* v, ref Vector256<long> or)
    {
        var x = Vector256.Load(v);
        var y = Vector256.Load(v + 4);
        or |= x | y;
        return Vector256.Narrow(x, y);
    }

    /// <summary>
    /// Multiclass predicted labels, unweighted: counts (true, predicted) pairs into <paramref name="table"/>
    /// (row-major, <paramref name="cap"/>×<paramref name="cap"/>). Returns false when a label is outside
    /// 0…cap−1 (the table is then incomplete).
    /// </summary>
    public static bool CountLabels(in MetricBatch b, int cap, long[] table) => (b.TargetKind, b.ScoreKind) switch
    {
        (ElementKind.Int32, ElementKind.Int32) => Labels<int>(b.RawTarget<int>(), b.RawScore<int>(), cap, table),
        (ElementKind.Int64, ElementKind.Int64) => Labels<long>(b.RawTarget<long>(), b.RawScore<long>(), cap, table),
        (ElementKind.Double, ElementKind.Double) => LabelsOfDoubles(b.RawTarget<double>(), b.RawScore<double>(), cap, table),
        _ => throw new ArgumentException("label counting needs int32, int64 or float64 targets and predictions"),
    };

    private static unsafe bool Labels<T>(ReadOnlySpan<T> target, ReadOnlySpan<T> predicted, int cap, long[] table)
        where T : unmanaged, IBinaryInteger<T>
    {
        fixed (T* pt = target)
        fixed (T* pp = predicted)
        {
            nint tAddr = (nint)pt, pAddr = (nint)pp;
            return CountInChunks(target.Length, cap, table, (a, e, h) => LabelChunk((T*)tAddr + a, (T*)pAddr + a, e - a, cap, h));
        }
    }

    /// <summary>
    /// Float64 labels (what a CSV column of class indices reads as): converted 4,096 at a time to int32 — false when
    /// one is not an integer in int32 range — and counted as int32 labels.
    /// </summary>
    private static unsafe bool LabelsOfDoubles(ReadOnlySpan<double> target, ReadOnlySpan<double> predicted, int cap, long[] table)
    {
        fixed (double* pt = target)
        fixed (double* pp = predicted)
        {
            nint tAddr = (nint)pt, pAddr = (nint)pp;
            return CountInChunks(target.Length, cap, table, (a, e, h) =>
            {
                const int block = 4096;
                int* ti = stackalloc int[block];
                int* pi = stackalloc int[block];
                for (int at = a; at < e; at += block)
                {
                    int len = Math.Min(block, e - at);
                    if (!ToInt32((double*)tAddr + at, ti, len) || !ToInt32((double*)pAddr + at, pi, len) || !LabelChunk(ti, pi, len, cap, h))
                        return false;
                }
                return true;
            });
        }
    }

    private delegate bool ChunkCounter(int start, int end, long[] counts);

    /// <summary>
    /// Counts samples 0…n−1 into <paramref name="table"/> (cap × cap): in parallel chunks for large n, each into four
    /// interleaved tables of its own, summed at the end; false when a chunk saw a label outside the table.
    /// </summary>
    private static bool CountInChunks(int n, int cap, long[] table, ChunkCounter count)
    {
        int cells = cap * cap;
        int chunks = n < ParallelMinimum ? 1 : Chunks;
        var tables = new long[chunks][];
        var ok = new bool[chunks];
        if (chunks == 1) Run(0);
        else Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Run);
        foreach (var h in tables)
            for (int q = 0; q < 4; q++)
                for (int j = 0; j < cells; j++) table[j] += h[q * cells + j];
        return ok.All(x => x);

        void Run(int c)
        {
            var (a, e) = RankKernel.Chunk(n, chunks, c);
            var h = new long[4 * cells];
            ok[c] = count(a, e, h);
            tables[c] = h;
        }
    }

    /// <summary>Truncates to int32; false when a value is not exactly its int32 (a fraction, NaN, out of range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool ToInt32(double* src, int* dst, int m)
    {
        int i = 0;
        bool exact = true;
        if (Avx512F.IsSupported)
        {
            var mismatch = Vector512<double>.Zero.AsUInt64();
            for (; i + 8 <= m; i += 8)
            {
                var v = Vector512.Load(src + i);
                var k = Avx512F.ConvertToVector256Int32WithTruncation(v);
                k.Store(dst + i);
                mismatch |= ~Vector512.Equals(Avx512F.ConvertToVector512Double(k), v).AsUInt64();
            }
            exact = mismatch == Vector512<ulong>.Zero;
        }
        for (; i < m; i++)
        {
            double v = src[i];
            int k = v is > -2147483649.0 and < 2147483648.0 ? (int)v : int.MinValue;
            exact &= k == v;
            dst[i] = k;
        }
        return exact;
    }

    /// <summary>
    /// Four interleaved tables, so runs of equal pairs do not wait on one counter. Up to 16 classes, blocks of
    /// 32 pairs are first turned into one-byte cell indices 16·t + p with SIMD (range check included), then counted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool LabelChunk<T>(T* t, T* p, int m, int cap, long[] h) where T : unmanaged, IBinaryInteger<T>
    {
        ulong ucap = (ulong)cap;
        int cells = cap * cap;
        int i = 0;
        if (cap <= 16 && Vector256.IsHardwareAccelerated && m >= 32)
        {
            const int block = 1024;
            byte* idx = stackalloc byte[block];
            int* c16 = stackalloc int[4 * 256];
            new Span<int>(c16, 4 * 256).Clear();
            var or = Vector256<int>.Zero;
            var orL = Vector256<long>.Zero;
            var over = Vector256<int>.Zero;
            var top = Vector256.Create(cap - 1);
            for (; i + 32 <= m;)
            {
                int len = Math.Min(block, (m - i) & ~31);
                for (int j = 0; j < len; j += 32)
                {
                    Vector256<int> a0, a1, a2, a3, b0, b1, b2, b3;
                    if (typeof(T) == typeof(int))
                    {
                        int* ti = (int*)t + i + j, pi = (int*)p + i + j;
                        (a0, a1, a2, a3) = (Vector256.Load(ti), Vector256.Load(ti + 8), Vector256.Load(ti + 16), Vector256.Load(ti + 24));
                        (b0, b1, b2, b3) = (Vector256.Load(pi), Vector256.Load(pi + 8), Vector256.Load(pi + 16), Vector256.Load(pi + 24));
                    }
                    else
                    {
                        long* tl = (long*)t + i + j, pl = (long*)p + i + j;
                        a0 = Narrow(tl, ref orL); a1 = Narrow(tl + 8, ref orL); a2 = Narrow(tl + 16, ref orL); a3 = Narrow(tl + 24, ref orL);
                        b0 = Narrow(pl, ref orL); b1 = Narrow(pl + 8, ref orL); b2 = Narrow(pl + 16, ref orL); b3 = Narrow(pl + 24, ref orL);
                    }
                    or |= a0 | a1 | a2 | a3 | b0 | b1 | b2 | b3;
                    over |= Vector256.GreaterThan(Vector256.Max(Vector256.Max(Vector256.Max(a0, a1), Vector256.Max(a2, a3)),
                        Vector256.Max(Vector256.Max(b0, b1), Vector256.Max(b2, b3))), top);
                    var i0 = (a0 << 4) | b0;
                    var i1 = (a1 << 4) | b1;
                    var i2 = (a2 << 4) | b2;
                    var i3 = (a3 << 4) | b3;
                    Vector256.Narrow(Vector256.Narrow(i0, i1), Vector256.Narrow(i2, i3)).AsByte().Store(idx + j);
                }
                // checked per block, before counting: labels must be in 0…cap−1 (negative ones have high bits set)
                if ((or & Vector256.Create(~15)) != Vector256<int>.Zero || over != Vector256<int>.Zero
                    || (orL & Vector256.Create(~15L)) != Vector256<long>.Zero)
                    return false;
                for (int j = 0; j < len; j += 4)
                {
                    c16[idx[j]]++;
                    c16[256 + idx[j + 1]]++;
                    c16[512 + idx[j + 2]]++;
                    c16[768 + idx[j + 3]]++;
                }
                i += len;
            }
            for (int q = 0; q < 4; q++)
                for (int a = 0; a < cap; a++)
                    for (int b = 0; b < cap; b++) h[a * cap + b] += c16[q * 256 + (a << 4) + b];
        }
        fixed (long* h0 = h)
        {
            long* h1 = h0 + cells, h2 = h1 + cells, h3 = h2 + cells;
            for (; i + 4 <= m; i += 4)
            {
                ulong a0 = ulong.CreateTruncating(t[i]), b0 = ulong.CreateTruncating(p[i]);
                ulong a1 = ulong.CreateTruncating(t[i + 1]), b1 = ulong.CreateTruncating(p[i + 1]);
                ulong a2 = ulong.CreateTruncating(t[i + 2]), b2 = ulong.CreateTruncating(p[i + 2]);
                ulong a3 = ulong.CreateTruncating(t[i + 3]), b3 = ulong.CreateTruncating(p[i + 3]);
                if ((a0 >= ucap) | (b0 >= ucap) | (a1 >= ucap) | (b1 >= ucap) | (a2 >= ucap) | (b2 >= ucap) | (a3 >= ucap) | (b3 >= ucap))
                    return false;
                h0[(int)a0 * cap + (int)b0]++;
                h1[(int)a1 * cap + (int)b1]++;
                h2[(int)a2 * cap + (int)b2]++;
                h3[(int)a3 * cap + (int)b3]++;
            }
            for (; i < m; i++)
            {
                ulong a = ulong.CreateTruncating(t[i]), b = ulong.CreateTruncating(p[i]);
                if (a >= ucap || b >= ucap) return false;
                h0[(int)a * cap + (int)b]++;
            }
        }
        return true;
    }
}
