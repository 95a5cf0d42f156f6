using System.Runtime.InteropServices;
using Plumb.Metrics.Kernels;

namespace Plumb.Metrics.Detection;

/// <summary>
/// The COCO bbox protocol exactly as pycocotools' <c>COCOeval.evaluate()</c>, <c>accumulate()</c> and
/// <c>summarize()</c> compute it; see <c>docs/detection.md</c> for every convention.
/// </summary>
/// <remarks>
/// <para>Per (image, category): detections sorted by score (stable, file order on ties) and cut at 100, the
/// IoU matrix computed once (crowd: intersection / detection area), then for each area range and each of the
/// 10 IoU thresholds a greedy match in score order to the best-IoU unmatched ground truth (ties to the later
/// one; an ignored ground truth only when no regular one matches). Per category: one stable sort of all its
/// detections by score (image order, then rank, on ties); precision is made monotone from the right and
/// sampled at the 101 recall points (first index with recall ≥ r). Categories run in parallel.</para>
/// <para>AP = mean over the defined precision[t, r, k] (and AR over recall[t, k]); −1 when none is defined.</para>
/// </remarks>
internal static class CocoEvaluation
{
    /// <summary>IoU thresholds .50:.05:.95 as <c>np.linspace(.5, 0.95, 10)</c> gives them.</summary>
    public static readonly double[] IouThresholds = Linspace(0.5, 0.95, 10);

    /// <summary>Recall points 0:.01:1 as <c>np.linspace(0, 1, 101)</c> gives them.</summary>
    public static readonly double[] RecallThresholds = Linspace(0.0, 1.0, 101);

    /// <summary>Area ranges all, small, medium, large (inclusive bounds).</summary>
    public static readonly (double Lo, double Hi)[] AreaRanges = [(0, 1e10), (0, 1024), (1024, 9216), (9216, 1e10)];

    /// <summary>maxDets 1, 10, 100.</summary>
    public static readonly int[] MaxDets = [1, 10, 100];

    private const int T = 10, R = 101, A = 4, M = 3;

    /// <summary>numpy's linspace: i·((stop − start)/(n − 1)) + start, the last point set to stop.</summary>
    internal static double[] Linspace(double start, double stop, int n)
    {
        var y = new double[n];
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) y[i] = i * step + start;
        y[n - 1] = stop;
        return y;
    }

    /// <summary>Per-detection evaluation of one category, in image order.</summary>
    private sealed class CategoryDetections
    {
        public readonly List<double> Score = [];
        public readonly List<int> Rank = [];
        public readonly List<ulong> Tp = [];      // bit a·10 + t: matched a regular ground truth
        public readonly List<ulong> Ignored = []; // bit a·10 + t: ignored
        public readonly int[] Positives = new int[A]; // non-ignored ground truths per area range

        public void Clear()
        {
            Score.Clear(); Rank.Clear(); Tp.Clear(); Ignored.Clear();
            Array.Clear(Positives);
        }

        public void EnsureCapacity(int n)
        {
            Score.EnsureCapacity(n); Rank.EnsureCapacity(n); Tp.EnsureCapacity(n); Ignored.EnsureCapacity(n);
        }
    }

    /// <summary>Evaluates images (sorted by id) over the categories (sorted ids).</summary>
    public static CocoArrays Evaluate(IReadOnlyList<DetectionImage> images, int[] categoryIds)
    {
        int K = categoryIds.Length;
        var catIndex = new Dictionary<int, int>(K);
        for (int k = 0; k < K; k++) catIndex[categoryIds[k]] = k;
        int I = images.Count;

        // Phase A (parallel over images): indices of each image's boxes grouped by category, file order kept.
        var gtOrder = new int[I][]; var gtStart = new int[I][];
        var dtOrder = new int[I][]; var dtStart = new int[I][];
        Parallel.For(0, I, i =>
        {
            var img = images[i];
            (gtOrder[i], gtStart[i]) = Group(CollectionsMarshal.AsSpan(img.GroundTruths), catIndex, K, static g => g.CategoryId);
            (dtOrder[i], dtStart[i]) = Group(CollectionsMarshal.AsSpan(img.Detections), catIndex, K, static d => d.CategoryId);
        });

        var precision = new double[T * R * K * A * M];
        var recall = new double[T * K * A * M];
        precision.AsSpan().Fill(-1);
        recall.AsSpan().Fill(-1);

        // Phase B (parallel over categories): per-image matching, then accumulation.
        Parallel.For(0, K, () => new Scratch(), (k, _, scratch) =>
        {
            // The per-detection lists live in the thread's scratch: one category's memory is reused by the next.
            var cat = scratch.Category;
            cat.Clear();
            int capacity = 0;
            for (int i = 0; i < I; i++) capacity += Math.Min(dtStart[i][k + 1] - dtStart[i][k], MaxDets[^1]);
            cat.EnsureCapacity(capacity);
            bool any = false;
            for (int i = 0; i < I; i++)
            {
                var img = images[i];
                int g0 = gtStart[i][k], g1 = gtStart[i][k + 1], d0 = dtStart[i][k], d1 = dtStart[i][k + 1];
                if (g0 == g1 && d0 == d1) continue;
                any = true;
                EvaluateImage(CollectionsMarshal.AsSpan(img.GroundTruths), gtOrder[i].AsSpan(g0, g1 - g0),
                    CollectionsMarshal.AsSpan(img.Detections), dtOrder[i].AsSpan(d0, d1 - d0), cat, scratch);
            }
            if (any) Accumulate(cat, k, K, precision, recall, scratch);
            return scratch;
        }, _ => { });
        return new CocoArrays(categoryIds, precision, recall);
    }

    private static (int[] Order, int[] Start) Group<TBox>(ReadOnlySpan<TBox> boxes, Dictionary<int, int> catIndex, int K, Func<TBox, int> category)
    {
        var start = new int[K + 1];
        var ks = boxes.Length <= 256 ? stackalloc int[boxes.Length] : new int[boxes.Length];
        for (int j = 0; j < boxes.Length; j++)
        {
            ks[j] = catIndex.TryGetValue(category(boxes[j]), out int k) ? k : -1; // unknown categories are not evaluated
            if (ks[j] >= 0) start[ks[j] + 1]++;
        }
        for (int k = 0; k < K; k++) start[k + 1] += start[k];
        var order = new int[start[K]];
        var fill = new int[K];
        for (int j = 0; j < boxes.Length; j++)
            if (ks[j] >= 0) order[start[ks[j]] + fill[ks[j]]++] = j;
        return (order, start);
    }

    private sealed class Scratch
    {
        public int[] DtSorted = new int[128];
        public double[] Iou = new double[1024];
        public int[] GtSorted = new int[64];
        public bool[] GtIgnore = new bool[64];
        public bool[] GtMatched = new bool[64];
        public bool[] DtOutside = new bool[128];
        public double[] Pr = new double[1024];
        public int[] Order = new int[1024];
        public ulong[] Keys = new ulong[1024];
        public int[] Ranks = new int[1024];
        public ulong[] TpBits = new ulong[1024];
        public ulong[] IgnoredBits = new ulong[1024];
        public readonly CategoryDetections Category = new();

        public static T[] Grow<T>(ref T[] a, int n)
        {
            if (a.Length < n) a = new T[Math.Max(n, a.Length * 2)];
            return a;
        }
    }

    /// <summary>pycocotools' <c>computeIoU</c> + <c>evaluateImg</c> for one (image, category), all area ranges at once.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateImage(ReadOnlySpan<GroundTruthBox> allGt, ReadOnlySpan<int> gtIdx,
        ReadOnlySpan<DetectedBox> allDt, ReadOnlySpan<int> dtIdx, CategoryDetections cat, Scratch s)
    {
        int G = gtIdx.Length, D0 = dtIdx.Length;
        // Detections by score, highest first, stable (np.argsort(-score, kind='mergesort')), cut at maxDets[-1].
        var dts = Scratch.Grow(ref s.DtSorted, D0);
        dtIdx.CopyTo(dts);
        StableSortByScoreDescending(dts.AsSpan(0, D0), allDt);
        int D = Math.Min(D0, MaxDets[^1]);

        var iou = Scratch.Grow(ref s.Iou, D * G);
        for (int d = 0; d < D; d++)
        {
            ref readonly var dt = ref allDt[dts[d]];
            double da = dt.Width * dt.Height;
            for (int g = 0; g < G; g++)
            {
                ref readonly var gt = ref allGt[gtIdx[g]];
                iou[d * G + g] = BoxIou(dt, da, gt);
            }
        }

        var gtSorted = Scratch.Grow(ref s.GtSorted, G);
        var gtIg = Scratch.Grow(ref s.GtIgnore, G);
        var gtm = Scratch.Grow(ref s.GtMatched, G);
        var outside = Scratch.Grow(ref s.DtOutside, D);
        int first = cat.Score.Count;
        for (int d = 0; d < D; d++)
        {
            cat.Score.Add(allDt[dts[d]].Score);
            cat.Rank.Add(d);
            cat.Tp.Add(0);
            cat.Ignored.Add(0);
        }
        var tpBits = CollectionsMarshal.AsSpan(cat.Tp).Slice(first, D);
        var igBits = CollectionsMarshal.AsSpan(cat.Ignored).Slice(first, D);

        for (int a = 0; a < A; a++)
        {
            var (lo, hi) = AreaRanges[a];
            int n = 0;
            for (int g = 0; g < G; g++)
            {
                ref readonly var gt = ref allGt[gtIdx[g]];
                gtIg[g] = gt.IsCrowd || gt.Area < lo || gt.Area > hi;
                if (!gtIg[g]) gtSorted[n++] = g;
            }
            cat.Positives[a] += n;
            for (int g = 0, m = n; g < G; g++) if (gtIg[g]) gtSorted[m++] = g; // ignored last, stable
            for (int d = 0; d < D; d++)
            {
                double area = allDt[dts[d]].Width * allDt[dts[d]].Height;
                outside[d] = area < lo || area > hi;
            }
            if (G == 0)
            {
                for (int d = 0; d < D; d++)
                    if (outside[d]) igBits[d] |= 0x3FFUL << (a * T);
                continue;
            }
            for (int t = 0; t < T; t++)
            {
                Array.Clear(gtm, 0, G);
                double thr = Math.Min(IouThresholds[t], 1 - 1e-10);
                ulong bit = 1UL << (a * T + t);
                for (int d = 0; d < D; d++)
                {
                    double best = thr;
                    int m = -1;
                    int row = d * G;
                    for (int j = 0; j < G; j++)
                    {
                        int g = gtSorted[j];
                        if (gtm[g] && !allGt[gtIdx[g]].IsCrowd) continue;
                        if (m > -1 && !gtIg[m] && gtIg[g]) break;
                        double v = iou[row + g];
                        if (v < best) continue;
                        best = v;
                        m = g;
                    }
                    if (m == -1)
                    {
                        if (outside[d]) igBits[d] |= bit;
                        continue;
                    }
                    gtm[m] = true;
                    if (gtIg[m]) igBits[d] |= bit;
                    else tpBits[d] |= bit;
                }
            }
        }
    }

    /// <summary>pycocotools' <c>bbIou</c> (maskApi.c), same operations in the same order.</summary>
    internal static double BoxIou(in DetectedBox d, double da, in GroundTruthBox g)
    {
        double w = Math.Min(d.Width + d.X, g.Width + g.X) - Math.Max(d.X, g.X);
        if (w <= 0) return 0;
        double h = Math.Min(d.Height + d.Y, g.Height + g.Y) - Math.Max(d.Y, g.Y);
        if (h <= 0) return 0;
        double i = w * h;
        double u = g.IsCrowd ? da : da + g.Width * g.Height - i;
        return i / u;
    }

    private static void StableSortByScoreDescending(Span<int> idx, ReadOnlySpan<DetectedBox> dt)
    {
        // Insertion sort: stable, and groups are small (a few detections per image and category).
        for (int i = 1; i < idx.Length; i++)
        {
            int v = idx[i];
            double sv = dt[v].Score;
            int j = i - 1;
            while (j >= 0 && dt[idx[j]].Score < sv) { idx[j + 1] = idx[j]; j--; }
            idx[j + 1] = v;
        }
    }

    /// <summary>pycocotools' <c>accumulate</c> for one category.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(CategoryDetections cat, int k, int K, double[] precision, double[] recall, Scratch s)
    {
        int n = cat.Score.Count;
        var scores = CollectionsMarshal.AsSpan(cat.Score);
        var order = Scratch.Grow(ref s.Order, n).AsSpan(0, n);
        StableArgsortDescending(scores, order, Scratch.Grow(ref s.Keys, n).AsSpan(0, n));
        // Permute once into ranked order so the 120 passes below read memory sequentially.
        var rankSrc = CollectionsMarshal.AsSpan(cat.Rank);
        var tpSrc = CollectionsMarshal.AsSpan(cat.Tp);
        var igSrc = CollectionsMarshal.AsSpan(cat.Ignored);
        var ranks = Scratch.Grow(ref s.Ranks, n);
        var tpb = Scratch.Grow(ref s.TpBits, n);
        var igb = Scratch.Grow(ref s.IgnoredBits, n);
        for (int j = 0; j < n; j++)
        {
            int i = order[j];
            ranks[j] = rankSrc[i]; tpb[j] = tpSrc[i]; igb[j] = igSrc[i];
        }
        // Precision only changes direction at true positives and recall only grows there, so the monotone
        // envelope and the recall-point lookup need the precision at TPs alone: suffix maxima over them equal
        // numpy's envelope read at the first index with recall ≥ r (a TP for r > 0, index 0 for r = 0).
        // One pass per (area, maxDets) carries all 10 IoU thresholds: a detection's 10 TP / ignore bits update
        // 10 running counts, and precision is stored at each threshold's TPs.
        var pr = Scratch.Grow(ref s.Pr, T * n);
        var rt = RecallThresholds;
        Span<int> tp = stackalloc int[T], fp = stackalloc int[T], nt = stackalloc int[T];
        for (int a = 0; a < A; a++)
        {
            int npig = cat.Positives[a];
            if (npig == 0) continue;
            int shift = a * T;
            for (int m = 0; m < M; m++)
            {
                int maxDet = MaxDets[m];
                tp.Clear(); fp.Clear(); nt.Clear();
                uint seen = 0; // thresholds with at least one non-ignored detection (nd > 0)
                for (int j = 0; j < n; j++)
                {
                    if (ranks[j] >= maxDet) continue;
                    uint valid = ~(uint)(igb[j] >> shift) & 0x3FF;
                    uint tpm = (uint)(tpb[j] >> shift) & valid;
                    uint fpm = valid & ~tpm;
                    seen |= valid;
                    for (int t = 0; t < T; t++) fp[t] += (int)((fpm >> t) & 1);
                    while (tpm != 0)
                    {
                        int t = System.Numerics.BitOperations.TrailingZeroCount(tpm);
                        tpm &= tpm - 1;
                        double c = ++tp[t];
                        pr[t * n + nt[t]++] = c / (fp[t] + c + Spacing1);
                    }
                }
                for (int t = 0; t < T; t++)
                {
                    recall[((t * K + k) * A + a) * M + m] = (seen >> t & 1) != 0 ? (double)tp[t] / npig : 0;
                    var p = pr.AsSpan(t * n, nt[t]);
                    for (int i = p.Length - 1; i > 0; i--) if (p[i] > p[i - 1]) p[i - 1] = p[i];
                    int c = 0;
                    for (int r = 0; r < R; r++)
                    {
                        while (c < p.Length && (c + 1.0) / npig < rt[r]) c++;
                        precision[(((t * R + r) * K + k) * A + a) * M + m] = c < p.Length ? p[c] : 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The order of <paramref name="scores"/> highest first, ties in position order: <c>np.argsort(−s,
    /// kind='mergesort')</c>. Scores become 64-bit keys that sort ascending as the scores sort descending
    /// (−0 taken as +0, as numpy compares them equal), one primitive key sort, then each run of equal keys is put
    /// back in position order.
    /// </summary>
    internal static void StableArgsortDescending(ReadOnlySpan<double> scores, Span<int> order, Span<ulong> keys)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            keys[i] = ~RankKernel.Key(scores[i]);
            order[i] = i;
        }
        RankKernel.SortPairs(keys, order);
    }

    /// <summary><c>np.spacing(1)</c> = 2⁻⁵².</summary>
    private const double Spacing1 = 2.220446049250313e-16;
}
