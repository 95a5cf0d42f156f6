using System.Runtime.InteropServices;

namespace Plumb.Metrics.Detection;

/// <summary>
/// TIDE's error breakdown as <c>tidecv</c> 1.0.1 (<c>TIDERun</c>, <c>TIDEExample</c>, <c>fix_errors</c>) computes
/// it for boxes; see <c>docs/detection.md</c> for every convention and where it differs from COCO's AP50.
/// </summary>
/// <remarks>
/// Per image: detections sorted by score (stable), cut at maxDets; greedy matching in score order to the
/// highest-IoU unused ground truth of the same class with IoU ≥ foreground (first on ties); unmatched detections
/// inside a same-class crowd region (crowd IoU &gt; foreground) are ignored. Every unmatched detection (ignored
/// ones included) gets one error, tested in TIDE's order Loc, Cls, Dupe, Bkg, Both. The fixes rebuild the AP data
/// as <c>fix_errors</c> does (fixed or original error points first, then the true positives), so score ties
/// between a fixed point and a true positive are ordered as in TIDE.
/// </remarks>
internal static class TideAnalysis
{
    private sealed class Truth(int cls)
    {
        public readonly int Class = cls;
        public bool Used, Usable;
        public double BestScore = -1;
        public int BestId = -1;
    }

    private sealed class Pred(int id, int cls, double score)
    {
        public readonly int Id = id, Class = cls;
        public readonly double Score = score;
        public bool? Used = false; // null: ignored (inside a crowd region)
    }

    private sealed class Error(TideErrorKind kind, Pred? pred, Truth? gt)
    {
        public readonly TideErrorKind Kind = kind;
        public readonly Pred? Pred = pred;
        public readonly Truth? Gt = gt;
        public bool Suppress; // Cls / Loc: the ground truth was used when the error was found

        /// <summary>The error's point in the unfixed AP data: an FP of its own class, none for ignored detections and misses.</summary>
        public (int Class, Point Point)? Original => Pred is { Used: not null } p ? (p.Class, new Point(p.Score, false)) : null;

        /// <summary>The fixed point, or none (removed). Misses are handled by the caller (they lower the ground-truth count).</summary>
        public (int Class, Point Point)? Fixed
        {
            get
            {
                if (Kind is not (TideErrorKind.Classification or TideErrorKind.Localization)) return null;
                if (Suppress || Gt!.BestId != Pred!.Id) return null;
                return (Kind == TideErrorKind.Classification ? Gt.Class : Pred.Class, new Point(Pred.Score, true));
            }
        }
    }

    private readonly record struct Point(double Score, bool Tp);

    private sealed class ClassPoints
    {
        public readonly List<Point> Points = [];
        public int Positives;

        public bool IsEmpty => Points.Count == 0 && Positives == 0;

        /// <summary><c>APDataObject.get_ap</c> without the × 100: 101-point interpolated AP.</summary>
        public double Ap()
        {
            if (Positives == 0) return 0;
            int n = Points.Count;
            var pts = CollectionsMarshal.AsSpan(Points);
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            var keys = new Point[n];
            pts.CopyTo(keys);
            Array.Sort(order, (a, b) => { int c = keys[b].Score.CompareTo(keys[a].Score); return c != 0 ? c : a.CompareTo(b); });
            var precision = new double[n];
            var recall = new double[n];
            int tp = 0, fp = 0;
            for (int i = 0; i < n; i++)
            {
                if (keys[order[i]].Tp) tp++; else fp++;
                precision[i] = (double)tp / (tp + fp);
                recall[i] = (double)tp / Positives;
            }
            for (int i = n - 1; i > 0; i--) if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
            double sum = 0;
            int idx = 0;
            for (int bar = 0; bar <= 100; bar++)
            {
                double x = bar / 100.0;
                while (idx < n && recall[idx] < x) idx++; // np.searchsorted(recalls, x, side='left')
                if (idx < n) sum += precision[idx];
            }
            return sum / 101 * 100;
        }
    }

    private sealed class ApData
    {
        public readonly List<int> Order = [];
        public readonly Dictionary<int, ClassPoints> Classes = [];

        public ClassPoints Get(int cls)
        {
            if (!Classes.TryGetValue(cls, out var p))
            {
                Classes[cls] = p = new ClassPoints();
                Order.Add(cls);
            }
            return p;
        }

        /// <summary><c>get_mAP</c>: mean AP (× 100) over the non-empty classes in creation order.</summary>
        public double Map()
        {
            double sum = 0;
            int n = 0;
            foreach (int c in Order)
            {
                var p = Classes[c];
                if (p.IsEmpty) continue;
                sum += p.Ap();
                n++;
            }
            return n == 0 ? double.NaN : sum / n;
        }
    }

    public static TideResult Evaluate(IReadOnlyList<DetectionImage> images, double fg, double bg, int maxDets)
    {
        var data = new ApData();
        var errors = new List<Error>();
        var falseNegatives = new Dictionary<int, int>();
        int nextId = 0;
        foreach (var img in images)
        {
            var gtAll = CollectionsMarshal.AsSpan(img.GroundTruths);
            var regular = new List<int>();
            var crowd = new List<int>();
            for (int j = 0; j < gtAll.Length; j++)
            {
                if (gtAll[j].IsCrowd) { crowd.Add(j); continue; }
                regular.Add(j);
                data.Get(gtAll[j].CategoryId).Positives++;
            }
            int G = regular.Count;
            var truths = new Truth[G];
            for (int j = 0; j < G; j++) truths[j] = new Truth(gtAll[regular[j]].CategoryId);

            var dets = CollectionsMarshal.AsSpan(img.Detections);
            if (dets.Length == 0)
            {
                foreach (var t in truths)
                {
                    errors.Add(new Error(TideErrorKind.Missed, null, t));
                    falseNegatives[t.Class] = falseNegatives.GetValueOrDefault(t.Class) + 1;
                }
                continue;
            }

            var sorted = new int[dets.Length];
            for (int i = 0; i < sorted.Length; i++) sorted[i] = i;
            var scores = new double[dets.Length];
            for (int i = 0; i < scores.Length; i++) scores[i] = dets[i].Score;
            Array.Sort(sorted, (a, b) => { int c = scores[b].CompareTo(scores[a]); return c != 0 ? c : a.CompareTo(b); });
            int P = Math.Min(dets.Length, maxDets);
            var preds = new Pred[P];
            var boxes = new DetectedBox[P];
            for (int i = 0; i < P; i++)
            {
                boxes[i] = dets[sorted[i]];
                preds[i] = new Pred(nextId++, boxes[i].CategoryId, boxes[i].Score);
            }

            var iou = new double[P * G];
            for (int i = 0; i < P; i++)
                for (int j = 0; j < G; j++)
                    iou[i * G + j] = CocoEvaluation.BoxIou(boxes[i], boxes[i].Width * boxes[i].Height, gtAll[regular[j]]);
            double SameClass(int i, int j) => preds[i].Class == truths[j].Class ? iou[i * G + j] : 0;

            // Matching: each detection in score order takes the highest same-class IoU among unused ground truths.
            for (int i = 0; i < P && G > 0; i++)
            {
                int best = 0;
                double bv = truths[0].Used ? 0 : SameClass(i, 0);
                for (int j = 1; j < G; j++)
                {
                    double v = truths[j].Used ? 0 : SameClass(i, j);
                    if (v > bv) { bv = v; best = j; }
                }
                if (bv >= fg)
                {
                    preds[i].Used = true;
                    truths[best].Used = true;
                }
            }

            // Crowd regions: an unmatched detection of the region's class with crowd IoU > fg is ignored.
            foreach (int c in crowd)
            {
                var region = gtAll[c];
                for (int i = 0; i < P; i++)
                {
                    if (preds[i].Used == true || preds[i].Class != region.CategoryId) continue;
                    if (CocoEvaluation.BoxIou(boxes[i], boxes[i].Width * boxes[i].Height, region) > fg) preds[i].Used = null;
                }
            }

            for (int i = 0; i < P; i++)
            {
                var p = preds[i];
                if (p.Used is { } used) data.Get(p.Class).Points.Add(new Point(p.Score, used));
                if (p.Used == true) continue;
                if (G == 0)
                {
                    errors.Add(new Error(TideErrorKind.Background, p, null));
                    continue;
                }
                var (jl, vl) = ArgMax(G, j => SameClass(i, j));
                if (bg <= vl && vl <= fg)
                {
                    errors.Add(BestMatch(TideErrorKind.Localization, p, truths[jl]));
                    continue;
                }
                var (jc, vc) = ArgMax(G, j => p.Class != truths[j].Class ? iou[i * G + j] : 0);
                if (vc >= fg)
                {
                    errors.Add(BestMatch(TideErrorKind.Classification, p, truths[jc]));
                    continue;
                }
                var (_, vd) = ArgMax(G, j => truths[j].Used ? SameClass(i, j) : 0);
                if (vd >= fg)
                {
                    errors.Add(new Error(TideErrorKind.Duplicate, p, null));
                    continue;
                }
                var (_, va) = ArgMax(G, j => iou[i * G + j]);
                errors.Add(new Error(va <= bg ? TideErrorKind.Background : TideErrorKind.Both, p, null));
            }

            foreach (var t in truths)
            {
                if (t.Used) continue;
                falseNegatives[t.Class] = falseNegatives.GetValueOrDefault(t.Class) + 1;
                if (!t.Usable) errors.Add(new Error(TideErrorKind.Missed, null, t));
            }
        }

        double ap = data.Map();
        var delta = new double[6];
        var counts = new int[6];
        foreach (var e in errors) counts[(int)e.Kind]++;
        for (int k = 0; k < 6; k++)
        {
            var kind = (TideErrorKind)k;
            delta[k] = Math.Max(Fix(data, errors, e => e.Kind == kind, false, null).Map() - ap, 0) / 100;
        }
        double fpDelta = (Fix(data, errors, _ => false, true, null).Map() - ap) / 100;
        double fnDelta = (Fix(data, errors, _ => false, false, falseNegatives).Map() - ap) / 100;
        return new TideResult(fg, bg, ap / 100, delta, counts, fpDelta, fnDelta);
    }

    /// <summary>numpy's argmax over a row: the first index of the largest value.</summary>
    private static (int Index, double Value) ArgMax(int n, Func<int, double> value)
    {
        int best = 0;
        double bv = value(0);
        for (int j = 1; j < n; j++)
        {
            double v = value(j);
            if (v > bv) { bv = v; best = j; }
        }
        return (best, bv);
    }

    /// <summary><c>BestGTMatch</c>: of the Cls / Loc errors aimed at one unused ground truth, the highest-scoring (first on ties) is the one fixed.</summary>
    private static Error BestMatch(TideErrorKind kind, Pred p, Truth gt)
    {
        var e = new Error(kind, p, gt);
        if (gt.Used)
        {
            e.Suppress = true;
            return e;
        }
        gt.Usable = true;
        if (gt.BestScore < p.Score)
        {
            gt.BestScore = p.Score;
            gt.BestId = p.Id;
        }
        return e;
    }

    /// <summary><c>TIDERun.fix_errors</c> against the unfixed data (not progressive).</summary>
    private static ApData Fix(ApData data, List<Error> errors, Func<Error, bool> condition, bool perfectPrecision, Dictionary<int, int>? falseNegatives)
    {
        var positives = new Dictionary<int, int>();
        foreach (int c in data.Order) positives[c] = data.Classes[c].Positives;
        var fixedData = new ApData();
        Point Transform(Point p) => perfectPrecision ? new Point(p.Tp ? 1 : 0, p.Tp) : p;
        foreach (var e in errors)
        {
            var point = e.Original;
            if (condition(e))
            {
                if (e.Kind == TideErrorKind.Missed)
                {
                    positives[e.Gt!.Class] -= 1;
                    point = null;
                }
                else point = e.Fixed;
            }
            if (point is { } pt) fixedData.Get(pt.Class).Points.Add(Transform(pt.Point));
        }
        foreach (int c in data.Order)
            foreach (var p in data.Classes[c].Points)
                if (p.Tp) fixedData.Get(c).Points.Add(Transform(p));
        foreach (int c in data.Order)
            fixedData.Get(c).Positives += positives[c] - (falseNegatives is not null && falseNegatives.TryGetValue(c, out int fn) ? fn : 0);
        return fixedData;
    }
}
