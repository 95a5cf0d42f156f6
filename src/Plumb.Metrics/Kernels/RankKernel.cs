using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// Exact ranking kernels: binary ROC-AUC and average precision (scikit-learn's values, ties included) by
/// sorting the scores once.
/// </summary>
/// <remarks>
/// <para><b>Fast path</b> (<see cref="AucAp(ReadOnlySpan{float}, ReadOnlySpan{byte}, bool)"/>, unit weights,
/// float32 scores): each score becomes an order-preserving 32-bit key; a histogram on the top bits of
/// (key − min key) and the label splits the data into buckets — 2,048 when the keys span ≤ 2^26 (scores in
/// (0.004, 1), say), up to 131,072 for the full float range — so that one scatter can write each sample as
/// 16 bits (the remaining ≤ 15 key bits and the label) while the write streams stay few (keys, bucket indices
/// and records are computed 16 at a time; each write stream is prefetched two cache lines ahead). A bucket
/// holding at least an eighth as many records as it has record values (and ≤ 65,535) is not sorted: a
/// 16-bit count per record value, then a Vector512 sweep over its keys, 16 per step (lane prefix sums of
/// the negative and positive counts), gives per distinct key gn, gp and the counts below it — AUC
/// Σ gp·(2·negBelow + gn) exactly, AP Σ gp·tp/(tp+fp). Sparser buckets are sorted in cache (insertion
/// sort, or an LSD radix of 8-bit or half-width digits) and swept, lowest score first, 16 records per
/// Vector512 step (lane prefix sums for the running counts, a prefix-max scan for the counts at each tie
/// group's start): the AUC accumulates in integers (Σ over positives of 2·negBelow + gn, exact) and AP as
/// Σ tp/(tp+fp) over positives. The positive
/// count below each bucket is known from the histogram, so fixed ranges of buckets run in parallel. Scratch
/// memory: 2 bytes per sample for the records plus the largest bucket for the radix passes (≤ 2 bytes per
/// sample, typically ~1 %) and a 128 KB count table per worker, from <see cref="ArrayPool{T}"/>; nothing is
/// allocated per sample on the managed
/// heap. Time O(n).</para>
/// <para><b>General path</b> (<see cref="Curve(ReadOnlySpan{double}, ReadOnlySpan{byte}, ReadOnlySpan{double})"/>,
/// float64 scores and/or weights): a comparison sort of (score, label, weight) triples, 24 bytes per sample
/// of scratch, then the tie-group sweep of <see cref="BinaryCurve"/>.</para>
/// <para>Both orders are canonical (ties broken by label, then weight), so the result depends only on the
/// multiset of samples: any permutation or sharding of the input gives bit-identical values.</para>
/// <para>−0.0 and +0.0 tie (as in scikit-learn); NaN scores are refused with their index; labels must be 0 or 1.</para>
/// </remarks>
internal static class RankKernel
{
    /// <summary>Below this many samples the fast path hands over to the general one.</summary>
    internal static int FastPathMinimum { get; set; } = 4096;

    private const int MinBucketBits = 11;
    private const int RemainderBits = 15;
    private const int Ranges = 16;

    /// <summary>Exact binary ROC-AUC of float32 scores against 0/1 labels (unit weights).</summary>
    /// <exception cref="ArgumentException">NaN score, label not 0/1, length mismatch, or one class only.</exception>
    public static double RocAuc(ReadOnlySpan<float> score, ReadOnlySpan<byte> label)
    {
        var (auc, _) = AucAp(score, label, computeAp: false);
        if (double.IsNaN(auc)) throw new ArgumentException("roc_auc is undefined when only one class is present in the targets");
        return auc;
    }

    /// <summary>Exact step-wise average precision of float32 scores against 0/1 labels (unit weights); 0 without positives.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> score, ReadOnlySpan<byte> label) => AucAp(score, label, true, computeAuc: false).Ap;

    /// <summary>
    /// ROC-AUC and average precision from one sort. AUC is NaN when one class is absent; AP is 0 without positives.
    /// </summary>
    /// <exception cref="ArgumentException">NaN score, label not 0/1, or length mismatch.</exception>
    public static (double Auc, double Ap) AucAp(ReadOnlySpan<float> score, ReadOnlySpan<byte> label, bool computeAp = true) =>
        AucAp(score, label, computeAp, computeAuc: true);

    /// <summary>
    /// <see cref="AucAp(ReadOnlySpan{float}, ReadOnlySpan{byte}, bool)"/>; without <paramref name="computeAuc"/> the
    /// counting sweep skips the area (the AUC returned is then meaningless).
    /// </summary>
    private static unsafe (double Auc, double Ap) AucAp(ReadOnlySpan<float> score, ReadOnlySpan<byte> label, bool computeAp, bool computeAuc)
    {
        if (score.Length != label.Length)
            throw new ArgumentException($"score length {score.Length} differs from label length {label.Length}");
        int n = score.Length;
        if (n < FastPathMinimum)
        {
            var d = new double[n];
            for (int i = 0; i < n; i++) d[i] = score[i];
            return AucApUnweighted(d, label);
        }
        int workers = Math.Clamp(Environment.ProcessorCount, 1, 8);
        // More chunks than workers lets a busy machine balance the passes (work stealing).
        int chunks = n >= 1 << 20 ? Math.Max(workers, 8) : workers;
        fixed (float* ps = score)
        fixed (byte* pl = label)
        {
            nint sAddr = (nint)ps, lAddr = (nint)pl;
            // Pass 1: key range, NaN and label check.
            var mins = new uint[chunks];
            var maxs = new uint[chunks];
            var ors = new byte[chunks];
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
            {
                var (a, b) = Chunk(n, chunks, c);
                KeyRange((float*)sAddr + a, (byte*)lAddr + a, b - a, out mins[c], out maxs[c], out ors[c]);
            });
            uint min = mins.Min(), max = maxs.Max();
            byte or = 0;
            foreach (byte o in ors) or |= o;
            if (max > 0xFF800000u || min < 0x007FFFFFu) ThrowNaN(score);
            if ((or & 0xFE) != 0) ThrowLabel(label);

            uint range = max - min;
            int rangeBits = range == 0 ? 0 : 32 - BitOperations.LeadingZeroCount(range);
            // At least 2^11 buckets, and as many more as needed for 16-bit records (15 key bits + label).
            int shift = Math.Min(RemainderBits, Math.Max(0, rangeBits - MinBucketBits));
            int nb = (int)(range >> shift) + 1;
            uint remMask = (1u << shift) - 1;

            // Pass 2: per-chunk histograms (8+ chunks only while the 2·nb counters per chunk stay small).
            if (nb > 8192) chunks = workers;
            var hist = new int[chunks][];
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
            {
                // Counts per (bucket, label): the positives below each bucket are known before sorting.
                var h = ArrayPool<int>.Shared.Rent(2 * nb);
                Array.Clear(h, 0, 2 * nb);
                var (a, b) = Chunk(n, chunks, c);
                Histogram((float*)sAddr + a, (byte*)lAddr + a, b - a, min, shift, h);
                hist[c] = h;
            });
            // Bucket starts; per-chunk write offsets.
            var start = ArrayPool<int>.Shared.Rent(nb + 1);
            var posBelowBucket = ArrayPool<long>.Shared.Rent(nb + 1);
            int total = 0;
            long posTotal = 0;
            for (int bk = 0; bk < nb; bk++)
            {
                start[bk] = total;
                posBelowBucket[bk] = posTotal;
                for (int c = 0; c < chunks; c++)
                {
                    int cnt = hist[c][2 * bk] + hist[c][2 * bk + 1];
                    posTotal += hist[c][2 * bk + 1];
                    hist[c][2 * bk] = total;
                    total += cnt;
                }
            }
            start[nb] = total;
            posBelowBucket[nb] = posTotal;

            var buf = ArrayPool<ushort>.Shared.Rent(n);
            try
            {
                fixed (ushort* pb = buf)
                {
                    nint bAddr = (nint)pb;
                    // Pass 3: scatter 16-bit (remainder, label) records.
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
                    {
                        var (a, b) = Chunk(n, chunks, c);
                        Scatter((float*)sAddr + a, (byte*)lAddr + a, b - a, min, shift, remMask, hist[c], (ushort*)bAddr);
                    });
                    foreach (var h in hist) ArrayPool<int>.Shared.Return(h);

                    // Fixed ranges of buckets (by count), so the result does not depend on the worker count.
                    var rangeStart = new int[Ranges + 1];
                    {
                        int r = 1;
                        for (int bk = 0; bk < nb && r < Ranges; bk++)
                            while (r < Ranges && start[bk + 1] >= (long)n * r / Ranges) rangeStart[r++] = bk + 1;
                        while (r < Ranges) rangeStart[r++] = nb;
                        rangeStart[Ranges] = nb;
                    }
                    long P = posTotal, N = n - P;
                    int maxBucket = 0;
                    for (int bk = 0; bk < nb; bk++) maxBucket = Math.Max(maxBucket, start[bk + 1] - start[bk]);
                    int bits = shift + 1;
                    // Pass 4: per range, sort each bucket in cache and sweep it at once.
                    var area2 = new long[Ranges];
                    var apPart = new double[Ranges];
                    Parallel.For(0, Ranges, new ParallelOptions { MaxDegreeOfParallelism = workers }, r =>
                    {
                        var tmp = ArrayPool<ushort>.Shared.Rent(Math.Max(maxBucket, 1));
                        bool counting = Avx512F.IsSupported && bits >= 5 && maxBucket >= CountMinimum(bits);
                        var counts = counting ? ArrayPool<ushort>.Shared.Rent(1 << bits) : null;
                        if (counts != null) Array.Clear(counts, 0, 1 << bits);
                        fixed (ushort* pt = tmp)
                        fixed (ushort* pc = counts)
                        {
                            long pb0 = posBelowBucket[rangeStart[r]];
                            long nb0 = start[rangeStart[r]] - pb0;
                            var (a2, ap) = SortSweepRange((ushort*)bAddr, pt, pc, bits, start, rangeStart[r], rangeStart[r + 1], pb0, nb0, P, N, computeAp, computeAuc);
                            area2[r] = a2;
                            apPart[r] = ap;
                        }
                        ArrayPool<ushort>.Shared.Return(tmp);
                        if (counts != null) ArrayPool<ushort>.Shared.Return(counts);
                    });
                    ArrayPool<long>.Shared.Return(posBelowBucket);
                    ArrayPool<int>.Shared.Return(start);
                    long areaTotal = 0;
                    double apTotal = 0;
                    for (int r = 0; r < Ranges; r++)
                    {
                        areaTotal += area2[r];
                        apTotal += apPart[r];
                    }
                    double auc = P == 0 || N == 0 ? double.NaN : areaTotal / (2.0 * P * N);
                    double apv = P == 0 ? 0 : apTotal / P;
                    return (auc, apv);
                }
            }
            finally
            {
                ArrayPool<ushort>.Shared.Return(buf);
            }
        }
    }


    /// <summary>
    /// Sorts each bucket of a range in cache, then sweeps it (negatives sort before positives within a tie group). For a
    /// positive, negSoFar = negatives strictly below + the group's negatives, so 2·negSoFar − gNeg is
    /// 2·negBelow + gn; the group's start counts give its tp = P − posBelow and fp = N − negBelow. AP terms
    /// tp/(tp+fp) are divided 8 at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe (long Area2, double Ap) SortSweepRange(ushort* o, ushort* tmp, ushort* cnt, int bits, int[] start, int b0, int b1, long posBefore, long negBefore, long P, long N, bool computeAp, bool computeAuc)
    {
        // A bucket this full is cheaper to count than to sort (the count sweep visits every key of the bucket).
        int countMin = CountMinimum(bits);
        const int block = 512;
        double* num = stackalloc double[block];
        double* den = stackalloc double[block];
        long negSoFar = negBefore, posSoFar = posBefore, a2 = 0, gNeg = 0, gsp = 0, gsn = 0;
        double ap = 0;
        var apv = Vector512<double>.Zero;
        int j = 0;
        for (int bk = b0; bk < b1; bk++)
        {
            int i = start[bk], e = start[bk + 1];
            if (cnt != null && e - i >= countMin && e - i <= ushort.MaxValue)
            {
                CountSweep(o + i, e - i, cnt, bits, ref negSoFar, ref posSoFar, ref a2, ref apv, P, N, computeAp, computeAuc);
                continue;
            }
            if (e - i > 1) SortBucket(o + i, tmp, e - i, bits);
            long prev = -1;
            if (Avx512F.IsSupported && e - i >= 16 && e - i < 1 << 29)
            {
                i = SweepVector(o, i, e, ref negSoFar, ref posSoFar, ref gsn, ref gsp, ref prev, ref a2, ref apv, P, N, computeAp);
                gNeg = negSoFar - gsn;
            }
            if (!computeAp)
            {
                // AUC only: 2·negSoFar − gNeg per positive, nothing else.
                for (; i < e; i++)
                {
                    int v = o[i];
                    long key = v >> 1, lab = v & 1;
                    long same = -(long)(key == prev ? 1 : 0);
                    gNeg = (gNeg & same) + (1 - lab);
                    negSoFar += 1 - lab;
                    a2 += lab * (2 * negSoFar - gNeg);
                    prev = key;
                }
                continue;
            }
            for (; i < e; i++)
            {
                int v = o[i];
                long key = v >> 1;
                long lab = v & 1;
                // Branch-free: float32 scores tie often (2^23 values per binade), so a branch would mispredict.
                long same = -(long)(key == prev ? 1 : 0);
                gsp = (gsp & same) | (posSoFar & ~same);
                gsn = (gsn & same) | (negSoFar & ~same);
                gNeg = (gNeg & same) + (1 - lab);
                prev = key;
                negSoFar += 1 - lab;
                posSoFar += lab;
                a2 += lab * (2 * negSoFar - gNeg);
                // Branch-free compaction: the slot is written always and kept only for a positive.
                long tp = P - gsp;
                num[j] = tp;
                den[j] = tp + (N - gsn);
                j += (int)lab;
                if (j == block)
                {
                    apv += DivideSum(num, den, block, ref ap);
                    j = 0;
                }
            }
        }
        if (j > 0) apv += DivideSum(num, den, j, ref ap);
        return (a2, ap + Vector512.Sum(apv));
    }

    /// <summary>
    /// The sweep of one sorted bucket, 16 records at a time: inclusive prefix counts of negatives and
    /// positives by a log-step lane scan, the counts at each tie group's start by a prefix-max scan of the
    /// boundary lanes (counts never decrease), then per positive 2·negBelow + gn = negIncl + negAtGroupStart
    /// (integers, exact) and, for AP, tp/(tp+fp) with tp = P − posAtGroupStart, fp = N − negAtGroupStart.
    /// Returns where it stopped (the scalar sweep finishes the &lt; 16 left) and leaves the running state as
    /// the scalar sweep keeps it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int SweepVector(ushort* o, int i, int e, ref long negSoFar, ref long posSoFar, ref long gsn, ref long gsp,
        ref long prev, ref long a2, ref Vector512<double> apv, long P, long N, bool computeAp)
    {
        long negBase = negSoFar, posBase = posSoFar;
        var one = Vector512<int>.One;
        var zero = Vector512<int>.Zero;
        var last = Vector512.Create(15);
        Vector512<int> negC = zero, posC = zero, gsnC = zero, gspC = zero, prevK = Vector512.Create(-1), posCount = zero;
        var accLo = Vector512<long>.Zero;
        var accHi = Vector512<long>.Zero;
        var vPL = Vector512.Create((double)(P - posBase));
        var vNL = Vector512.Create((double)(N - negBase));
        var ap = apv;
        for (; i + 16 <= e; i += 16)
        {
            var raw = Avx512F.ConvertToVector512Int32(Vector256.Load(o + i));
            var lab = raw & one;
            var key = raw >> 1;
            var boundary = ~Vector512.Equals(key, Avx512F.AlignRight32(key, prevK, 15));
            var neg = one - lab;
            var negIncl = Scan(neg) + negC;
            var posIncl = Scan(lab) + posC;
            var gn = Vector512.Max(MaxScan(boundary & (negIncl - neg)), gsnC);
            var gp = Vector512.Max(MaxScan(boundary & (posIncl - lab)), gspC);
            var c = (negIncl + gn) & (zero - lab);
            accLo += Avx512F.ConvertToVector512Int64(c.GetLower());
            accHi += Avx512F.ConvertToVector512Int64(c.GetUpper());
            posCount += lab;
            if (computeAp)
            {
                var tpLo = vPL - Avx512F.ConvertToVector512Double(gp.GetLower());
                var tpHi = vPL - Avx512F.ConvertToVector512Double(gp.GetUpper());
                var fpLo = vNL - Avx512F.ConvertToVector512Double(gn.GetLower());
                var fpHi = vNL - Avx512F.ConvertToVector512Double(gn.GetUpper());
                ap += Avx512F.ConvertToVector512Double(lab.GetLower()) * (tpLo / (tpLo + fpLo));
                ap += Avx512F.ConvertToVector512Double(lab.GetUpper()) * (tpHi / (tpHi + fpHi));
            }
            negC = Avx512F.PermuteVar16x32(negIncl, last);
            posC = Avx512F.PermuteVar16x32(posIncl, last);
            gsnC = Avx512F.PermuteVar16x32(gn, last);
            gspC = Avx512F.PermuteVar16x32(gp, last);
            prevK = key;
        }
        a2 += Vector512.Sum(accLo) + Vector512.Sum(accHi) + 2 * negBase * Vector512.Sum(posCount);
        apv = ap;
        negSoFar = negBase + negC.ToScalar();
        posSoFar = posBase + posC.ToScalar();
        gsn = negBase + gsnC.ToScalar();
        gsp = posBase + gspC.ToScalar();
        prev = prevK.GetElement(15);
        return i;
    }

    /// <summary>
    /// Smallest bucket (records) swept by counting rather than sorting, for records of <paramref name="bits"/> bits:
    /// an eighth of the record values (the count sweep visits every key of the bucket), at least 64.
    /// </summary>
    internal static int CountMinimum(int bits) => CountMinimumOverride ?? Math.Max(64, (1 << bits) >> 3);

    /// <summary>Test hook: replaces <see cref="CountMinimum"/> (1 = count every bucket that can be, int.MaxValue = none).</summary>
    internal static int? CountMinimumOverride { get; set; }

    /// <summary>
    /// The sweep of one dense bucket without sorting it: per record value (remainder·2 + label) a 16-bit count,
    /// then, 16 keys per Vector512 step, gn and gp of each distinct key with the running counts below it
    /// (lane prefix sums): 2·negBelow + gn per positive (exact: each bucket's local area is below 2^53 as a
    /// double) and gp·tp/(tp+fp) with tp = P − posBelow, fp = N − negBelow. The counts are left zero.
    /// Requires m ≤ 65,535 records, so no count overflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CountSweep(ushort* o, int m, ushort* cnt, int bits, ref long negSoFar, ref long posSoFar,
        ref long a2, ref Vector512<double> apv, long P, long N, bool computeAp, bool computeAuc)
    {
        // The record range (vector min/max), then the counts.
        int lo = int.MaxValue, hi = 0;
        {
            int q = 0;
            var vlo = Vector512.Create(ushort.MaxValue);
            var vhi = Vector512<ushort>.Zero;
            for (; q + 32 <= m; q += 32)
            {
                var x = Vector512.Load(o + q);
                vlo = Vector512.Min(vlo, x);
                vhi = Vector512.Max(vhi, x);
            }
            for (int r = 0; r < 32; r++) { lo = Math.Min(lo, vlo[r]); hi = Math.Max(hi, vhi[r]); }
            for (; q < m; q++) { lo = Math.Min(lo, o[q]); hi = Math.Max(hi, o[q]); }
            for (q = 0; q < m; q++) cnt[o[q]]++;
        }
        // Keys lo/2 … hi/2, 16 at a time (as 32-bit pairs neg | pos << 16), from a multiple of 16 keys.
        int k0 = (lo >> 1) & ~15, k1 = hi >> 1;
        long negBase = negSoFar, posBase = posSoFar;
        var last = Vector512.Create(15);
        var low = Vector512.Create(0xFFFFu);
        Vector512<int> negC = Vector512<int>.Zero, posC = Vector512<int>.Zero;
        var area = Vector512<double>.Zero;
        var ap = apv;
        var vPL = Vector512.Create((double)(P - posBase));
        var vNL = Vector512.Create((double)(N - negBase));
        var one = Vector512<double>.One;
        uint* c32 = (uint*)cnt;
        for (int k = k0; k <= k1; k += 16)
        {
            var pair = Vector512.Load(c32 + k);
            Vector512<uint>.Zero.Store(c32 + k);
            var gn = (pair & low).AsInt32();
            var gp = (pair >> 16).AsInt32();
            var negIncl = Scan(gn) + negC;
            var posIncl = Scan(gp) + posC;
            var negBelow = negIncl - gn;
            // gp·(2·negBelow + gn) = gp·(negIncl + negBelow), local to the bucket.
            var t = negIncl + negBelow;
            var gpLo = Avx512F.ConvertToVector512Double(gp.GetLower());
            var gpHi = Avx512F.ConvertToVector512Double(gp.GetUpper());
            if (computeAuc)
            {
                area += gpLo * Avx512F.ConvertToVector512Double(t.GetLower());
                area += gpHi * Avx512F.ConvertToVector512Double(t.GetUpper());
            }
            if (computeAp)
            {
                var posBelow = posIncl - gp;
                var tpLo = vPL - Avx512F.ConvertToVector512Double(posBelow.GetLower());
                var tpHi = vPL - Avx512F.ConvertToVector512Double(posBelow.GetUpper());
                // Keys without samples at or above them would give 0/0; their gp is 0, so any den ≥ 1 will do
                // (Avx512F.Max: a bare vmaxpd; Vector512.Max adds NaN/−0 fix-ups).
                var dLo = Avx512F.Max(tpLo + (vNL - Avx512F.ConvertToVector512Double(negBelow.GetLower())), one);
                var dHi = Avx512F.Max(tpHi + (vNL - Avx512F.ConvertToVector512Double(negBelow.GetUpper())), one);
                ap += gpLo * (tpLo / dLo);
                ap += gpHi * (tpHi / dHi);
            }
            negC = Avx512F.PermuteVar16x32(negIncl, last);
            posC = Avx512F.PermuteVar16x32(posIncl, last);
        }
        long negLocal = negC.ToScalar(), posLocal = posC.ToScalar();
        a2 += (long)Vector512.Sum(area) + 2 * negBase * posLocal;
        apv = ap;
        negSoFar = negBase + negLocal;
        posSoFar = posBase + posLocal;
    }

    /// <summary>Inclusive prefix sum across the 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Scan(Vector512<int> x)
    {
        var z = Vector512<int>.Zero;
        x += Avx512F.AlignRight32(x, z, 15);
        x += Avx512F.AlignRight32(x, z, 14);
        x += Avx512F.AlignRight32(x, z, 12);
        x += Avx512F.AlignRight32(x, z, 8);
        return x;
    }

    /// <summary>Inclusive prefix maximum across the 16 lanes (values ≥ 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> MaxScan(Vector512<int> x)
    {
        var z = Vector512<int>.Zero;
        x = Vector512.Max(x, Avx512F.AlignRight32(x, z, 15));
        x = Vector512.Max(x, Avx512F.AlignRight32(x, z, 14));
        x = Vector512.Max(x, Avx512F.AlignRight32(x, z, 12));
        x = Vector512.Max(x, Avx512F.AlignRight32(x, z, 8));
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Vector512<double> DivideSum(double* num, double* den, int m, ref double tail)
    {
        var acc = Vector512<double>.Zero;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= m; i += 8) acc += Vector512.Load(num + i) / Vector512.Load(den + i);
        for (; i < m; i++) tail += num[i] / den[i];
        return acc;
    }

    /// <summary>
    /// The exact cumulative curve (general path): float64 scores, 0/1 labels, optional non-negative weights
    /// (empty = unit weights; zero-weight samples are dropped, as scikit-learn does).
    /// </summary>
    /// <exception cref="ArgumentException">NaN score, label not 0/1, negative/NaN weight, length mismatch.</exception>
    public static BinaryCurve Curve(ReadOnlySpan<double> score, ReadOnlySpan<byte> label, ReadOnlySpan<double> weight)
    {
        int n = score.Length;
        if (label.Length != n) throw new ArgumentException($"score length {n} differs from label length {label.Length}");
        if (!weight.IsEmpty && weight.Length != n) throw new ArgumentException($"weight length {weight.Length} differs from score length {n}");
        if (weight.IsEmpty) return CurveUnweighted(score, label);
        var items = new Item[n];
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            double s = score[i];
            if (double.IsNaN(s)) throw new ArgumentException($"score[{i}] is NaN");
            if (label[i] > 1) throw new ArgumentException($"label[{i}] = {label[i]} is not 0 or 1");
            double w = weight.IsEmpty ? 1 : weight[i];
            if (!(w >= 0) || double.IsPositiveInfinity(w)) throw new ArgumentException($"weight[{i}] = {w} is not a finite non-negative number");
            if (w == 0) continue;
            items[m++] = new Item(s + 0.0, w, label[i]);
        }
        var span = items.AsSpan(0, m);
        span.Sort(new ItemComparer());
        var thr = new List<double>();
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0, fp = 0;
        int k = m - 1;
        while (k >= 0)
        {
            double s = span[k].Score;
            double gp = 0, gn = 0;
            // Within a group, sum in the canonical (ascending) order so the value is order independent.
            int j = k;
            while (j > 0 && span[j - 1].Score == s) j--;
            for (int q = j; q <= k; q++)
            {
                if (span[q].Label != 0) gp += span[q].Weight;
                else gn += span[q].Weight;
            }
            tp += gp;
            fp += gn;
            thr.Add(s);
            tps.Add(tp);
            fps.Add(fp);
            k = j - 1;
        }
        return new BinaryCurve([.. thr], [.. tps], [.. fps]);
    }

    /// <summary>
    /// <see cref="Curve"/> with unit weights: the scores become 64-bit keys that sort as the scores do (−0 taken as
    /// +0), one primitive key sort carries the labels, and each group of equal scores is counted. A group's sums are
    /// counts, exact in any order, so this equals the general path (which sorts whole items by comparer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BinaryCurve CurveUnweighted(ReadOnlySpan<double> score, ReadOnlySpan<byte> label)
    {
        var (keys, labels) = SortedKeys(score, label);
        int n = keys.Length;
        int distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) if (keys[i] != keys[i - 1]) distinct++;
        var thr = new double[distinct];
        var tps = new double[distinct];
        var fps = new double[distinct];
        double tp = 0, fp = 0;
        for (int k = n - 1, o = 0; k >= 0; o++)
        {
            ulong key = keys[k];
            k = Group(keys, labels, k, out long gp, out long gn);
            tp += gp;
            fp += gn;
            thr[o] = FromKey(key);
            tps[o] = tp;
            fps[o] = fp;
        }
        return new BinaryCurve(thr, tps, fps);
    }

    /// <summary>
    /// ROC-AUC and average precision of float64 scores with unit weights, without building the curve: the sort of
    /// <see cref="Curve"/>, then one pass over its groups through the curve's own <see cref="RankSums"/> (same values,
    /// bit for bit), so the memory is the sort's and not three more arrays of every distinct score.
    /// </summary>
    /// <exception cref="ArgumentException">NaN score, label not 0/1, length mismatch.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Auc, double Ap) AucApUnweighted(ReadOnlySpan<double> score, ReadOnlySpan<byte> label)
    {
        if (label.Length != score.Length) throw new ArgumentException($"score length {score.Length} differs from label length {label.Length}");
        var (keys, labels) = SortedKeys(score, label);
        var sums = new RankSums();
        double tp = 0, fp = 0;
        for (int k = keys.Length - 1; k >= 0;)
        {
            k = Group(keys, labels, k, out long gp, out long gn);
            tp += gp;
            fp += gn;
            sums.Add(tp, fp);
        }
        return (sums.Auc, sums.Ap);
    }

    /// <summary>
    /// Counts the positives and negatives of the group of equal keys ending at <paramref name="k"/> (sorted keys,
    /// walked from the highest); returns the index before the group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Group(ulong[] keys, byte[] labels, int k, out long positives, out long negatives)
    {
        ulong key = keys[k];
        long gp = 0, gn = 0;
        for (; k >= 0 && keys[k] == key; k--)
            if (labels[k] != 0) gp++;
            else gn++;
        positives = gp;
        negatives = gn;
        return k;
    }

    /// <summary>The scores as sortable 64-bit keys, sorted ascending with their labels (scores and labels checked).</summary>
    private static (ulong[] Keys, byte[] Labels) SortedKeys(ReadOnlySpan<double> score, ReadOnlySpan<byte> label)
    {
        int n = score.Length;
        var keys = GC.AllocateUninitializedArray<ulong>(n);
        var labels = GC.AllocateUninitializedArray<byte>(n);
        for (int i = 0; i < n; i++)
        {
            double s = score[i];
            if (double.IsNaN(s)) throw new ArgumentException($"score[{i}] is NaN");
            if (label[i] > 1) throw new ArgumentException($"label[{i}] = {label[i]} is not 0 or 1");
            keys[i] = Key(s);
            labels[i] = label[i];
        }
        if (n < 1 << 14) keys.AsSpan().Sort(labels.AsSpan());
        else RadixSort(keys, labels);
        return (keys, labels);
    }

    /// <summary>
    /// Sorts 64-bit keys ascending, carrying their labels: least-significant-digit radix sort, 16-bit digits, a pass
    /// skipped when every key has the same digit there (the high digits of probabilities mostly do).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSort(ulong[] keys, byte[] labels)
    {
        int n = keys.Length;
        ulong[] src = keys, dst = GC.AllocateUninitializedArray<ulong>(n);
        byte[] srcLabels = labels, dstLabels = GC.AllocateUninitializedArray<byte>(n);
        var offset = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(offset);
            for (int i = 0; i < n; i++) offset[(int)(src[i] >> shift) & 0xFFFF]++;
            if (offset[(int)(src[0] >> shift) & 0xFFFF] == n) continue;
            for (int d = 0, sum = 0; d < offset.Length; d++)
            {
                int c = offset[d];
                offset[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++)
            {
                ulong k = src[i];
                int p = offset[(int)(k >> shift) & 0xFFFF]++;
                dst[p] = k;
                dstLabels[p] = srcLabels[i];
            }
            (src, dst) = (dst, src);
            (srcLabels, dstLabels) = (dstLabels, srcLabels);
        }
        if (!ReferenceEquals(src, keys))
        {
            src.AsSpan().CopyTo(keys);
            srcLabels.AsSpan().CopyTo(labels);
        }
    }

    private readonly record struct Item(double Score, double Weight, int Label);

    private readonly struct ItemComparer : IComparer<Item>
    {
        public int Compare(Item x, Item y)
        {
            if (x.Score < y.Score) return -1;
            if (x.Score > y.Score) return 1;
            if (x.Label != y.Label) return x.Label < y.Label ? -1 : 1;
            return x.Weight.CompareTo(y.Weight);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Histogram(float* s, byte* l, int m, uint min, int shift, int[] h)
    {
        int i = 0;
        fixed (int* ph = h)
        {
            if (Avx512F.IsSupported)
            {
                // 64 counter indices (bucket·2 + label) per step from four Vector512 key computations, then the increments.
                int* idx = stackalloc int[64];
                var vmin = Vector512.Create(min);
                for (; i + 64 <= m; i += 64)
                {
                    for (int q = 0; q < 4; q++)
                    {
                        var d = VKey(s + i + 16 * q) - vmin;
                        var lab = Avx512F.ConvertToVector512Int32(Vector128.Load(l + i + 16 * q)).AsUInt32();
                        (((d >> shift) << 1) | lab).AsInt32().Store(idx + 16 * q);
                    }
                    for (int q = 0; q < 64; q++) ph[idx[q]]++;
                }
            }
            for (; i < m; i++) ph[(int)(((Key(s[i]) - min) >> shift) << 1) | l[i]]++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scatter(float* s, byte* l, int m, uint min, int shift, uint remMask, int[] off, ushort* o)
    {
        int i = 0;
        fixed (int* po = off)
        {
            if (Avx512F.IsSupported)
            {
                // 64 (offset index, 16-bit record) pairs per step from four Vector512 key computations, then the stores.
                int* idx = stackalloc int[64];
                ushort* rec = stackalloc ushort[64];
                var vmin = Vector512.Create(min);
                var vmask = Vector512.Create(remMask);
                for (; i + 64 <= m; i += 64)
                {
                    for (int q = 0; q < 4; q++)
                    {
                        var d = VKey(s + i + 16 * q) - vmin;
                        var lab = Avx512F.ConvertToVector512Int32(Vector128.Load(l + i + 16 * q)).AsUInt32();
                        ((d >> shift) << 1).AsInt32().Store(idx + 16 * q);
                        Avx512F.ConvertToVector256UInt16(((d & vmask) << 1) | lab).Store(rec + 16 * q);
                    }
                    // Each store's stream is prefetched two lines ahead: the output lines would otherwise arrive one
                    // miss at a time (hundreds of streams are too many for the hardware prefetchers); prefetches never fault.
                    for (int q = 0; q < 64; q++)
                    {
                        int p = po[idx[q]]++;
                        o[p] = rec[q];
                        Sse.Prefetch0(o + p + 64);
                    }
                }
            }
            for (; i < m; i++)
            {
                uint d = Key(s[i]) - min;
                int bk = (int)(d >> shift);
                o[po[2 * bk]++] = (ushort)(((d & remMask) << 1) | l[i]);
            }
        }
    }

    /// <summary><see cref="Key(float)"/> of 16 scores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<uint> VKey(float* s)
    {
        var bits = (Vector512.Load(s) + Vector512<float>.Zero).AsUInt32();
        return bits ^ (Vector512.ShiftRightArithmetic(bits.AsInt32(), 31).AsUInt32() | Vector512.Create(0x80000000u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Key(float s)
    {
        uint b = BitConverter.SingleToUInt32Bits(s + 0f);
        return b ^ (uint)(((int)b >> 31) | int.MinValue);
    }

    /// <summary>A 64-bit key that sorts as <paramref name="s"/> does (−0 taken as +0); <see cref="FromKey"/> inverts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Key(double s)
    {
        ulong b = BitConverter.DoubleToUInt64Bits(s + 0.0);
        return b ^ (ulong)(((long)b >> 63) | long.MinValue);
    }

    /// <summary>The score of a <see cref="Key(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double FromKey(ulong k) => BitConverter.UInt64BitsToDouble((k >> 63) != 0 ? k ^ 0x8000_0000_0000_0000UL : ~k);

    /// <summary>Sorts (key, item) pairs by key, then equal keys by item: one key sort, then each run of equal keys by item.</summary>
    internal static void SortPairs<TKey, TItem>(Span<TKey> keys, Span<TItem> items) where TKey : IEqualityOperators<TKey, TKey, bool>
    {
        keys.Sort(items);
        for (int i = 0; i < keys.Length;)
        {
            int j = i + 1;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            if (j - i > 1) items[i..j].Sort();
            i = j;
        }
    }

    internal static (int Start, int End) Chunk(int n, int chunks, int c) =>
        ((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KeyRange(float* s, byte* l, int m, out uint min, out uint max, out byte or)
    {
        int i = 0;
        uint mn = uint.MaxValue, mx = 0;
        byte o = 0;
        if (Vector512.IsHardwareAccelerated && m >= 64)
        {
            var vmin = Vector512.Create(uint.MaxValue);
            var vmax = Vector512<uint>.Zero;
            var vor = Vector512<byte>.Zero;
            var top = Vector512.Create(0x80000000u);
            for (; i + 64 <= m; i += 64)
            {
                for (int q = 0; q < 4; q++)
                {
                    var bits = (Vector512.Load(s + i + 16 * q) + Vector512<float>.Zero).AsUInt32();
                    var k = bits ^ (Vector512.ShiftRightArithmetic(bits.AsInt32(), 31).AsUInt32() | top);
                    vmin = Vector512.Min(vmin, k);
                    vmax = Vector512.Max(vmax, k);
                }
                vor |= Vector512.Load(l + i);
            }
            for (int q = 0; q < 16; q++)
            {
                mn = Math.Min(mn, vmin[q]);
                mx = Math.Max(mx, vmax[q]);
            }
            for (int q = 0; q < 64; q++) o |= vor[q];
        }
        for (; i < m; i++)
        {
            uint k = Key(s[i]);
            mn = Math.Min(mn, k);
            mx = Math.Max(mx, k);
            o |= l[i];
        }
        (min, max, or) = (mn, mx, o);
    }

    /// <summary>Sorts m records of <paramref name="bits"/> significant bits: insertion sort when small, else LSD radix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SortBucket(ushort* v, ushort* tmp, int m, int bits)
    {
        if (m <= 32)
        {
            for (int i = 1; i < m; i++)
            {
                ushort x = v[i];
                int j = i - 1;
                while (j >= 0 && v[j] > x)
                {
                    v[j + 1] = v[j];
                    j--;
                }
                v[j + 1] = x;
            }
            return;
        }
        // One or two digits of at most 8 bits; both digit histograms are counted in one pass.
        int passes = bits <= 8 ? 1 : 2;
        int digit = (bits + passes - 1) / passes, size = 1 << digit;
        int mask = size - 1;
        int* count = stackalloc int[2 * size];
        new Span<int>(count, 2 * size).Clear();
        int* c1 = count + size;
        for (int i = 0; i < m; i++)
        {
            int x = v[i];
            count[x & mask]++;
            c1[(x >> digit) & mask]++;
        }
        ushort* src = v, dst = tmp;
        for (int p = 0; p < passes; p++)
        {
            int sh = digit * p;
            int* cnt = count + p * size;
            int sum = 0;
            for (int d = 0; d < size; d++)
            {
                int c = cnt[d];
                cnt[d] = sum;
                sum += c;
            }
            for (int i = 0; i < m; i++)
            {
                ushort x = src[i];
                dst[cnt[(x >> sh) & mask]++] = x;
            }
            ushort* t = src;
            src = dst;
            dst = t;
        }
        if (src != v) new ReadOnlySpan<ushort>(src, m).CopyTo(new Span<ushort>(v, m));
    }

    private static void ThrowNaN(ReadOnlySpan<float> score)
    {
        for (int i = 0; i < score.Length; i++)
            if (float.IsNaN(score[i])) throw new ArgumentException($"score[{i}] is NaN");
        throw new InvalidOperationException("unreachable: NaN key without a NaN score");
    }

    private static void ThrowLabel(ReadOnlySpan<byte> label)
    {
        for (int i = 0; i < label.Length; i++)
            if (label[i] > 1) throw new ArgumentException($"label[{i}] = {label[i]} is not 0 or 1");
        throw new InvalidOperationException("unreachable: bad label bits without a bad label");
    }
}
