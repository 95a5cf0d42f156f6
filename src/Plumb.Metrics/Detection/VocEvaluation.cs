using System.Runtime.InteropServices;

namespace Plumb.Metrics.Detection;

/// <summary>
/// Pascal VOC AP as py-faster-rcnn's <c>voc_eval</c> computes it: per class, detections ranked by score (stable:
/// image order, then file order on ties), each taken by its best-IoU ground truth of the class in its image
/// (difficult ones included, first on IoU ties); IoU strictly above the threshold → TP if that ground truth is
/// not difficult and not taken, FP if taken, ignored if difficult; below → FP.
/// </summary>
/// <remarks>
/// recall = cumTP / npos (non-difficult ground truths), precision = cumTP / max(cumTP + cumFP, ε).
/// VOC 2007: AP = Σ over t in <c>np.arange(0, 1.1, 0.1)</c> of max(precision | recall ≥ t) / 11.
/// VOC 2010+: precision made monotone from the right over [0, recall…, 1] and summed over the recall steps.
/// mAP is the mean over classes with at least one non-difficult ground truth; the others get NaN.
/// </remarks>
internal static class VocEvaluation
{
    private const double Eps = 2.220446049250313e-16; // np.finfo(np.float64).eps

    public static DetectionResult Evaluate(IReadOnlyList<DetectionImage> images, int[] categoryIds, bool use07, double iouThreshold, bool inclusive)
    {
        int K = categoryIds.Length;
        var ap = new double[K];
        var precCurves = new double[K][];
        var recCurves = new double[K][];
        Parallel.For(0, K, k =>
        {
            int cat = categoryIds[k];
            var dets = new List<(int Image, int Index)>();
            var gts = new List<int>[images.Count];
            int npos = 0;
            for (int i = 0; i < images.Count; i++)
            {
                var img = images[i];
                var g = new List<int>();
                for (int j = 0; j < img.GroundTruths.Count; j++)
                    if (img.GroundTruths[j].CategoryId == cat) { g.Add(j); if (!img.GroundTruths[j].IsDifficult) npos++; }
                gts[i] = g;
                for (int j = 0; j < img.Detections.Count; j++)
                    if (img.Detections[j].CategoryId == cat) dets.Add((i, j));
            }
            var order = Enumerable.Range(0, dets.Count).ToArray();
            Array.Sort(order, (x, y) =>
            {
                int c = images[dets[y].Image].Detections[dets[y].Index].Score.CompareTo(images[dets[x].Image].Detections[dets[x].Index].Score);
                return c != 0 ? c : x.CompareTo(y);
            });
            var taken = new bool[images.Count][];
            for (int i = 0; i < images.Count; i++) taken[i] = new bool[gts[i].Count];
            int nd = dets.Count;
            var tp = new double[nd];
            var fp = new double[nd];
            double add = inclusive ? 1.0 : 0.0;
            for (int d = 0; d < nd; d++)
            {
                var (i, j) = dets[order[d]];
                var bb = images[i].Detections[j];
                double bx1 = bb.X, by1 = bb.Y, bx2 = bb.X + bb.Width, by2 = bb.Y + bb.Height;
                double ovmax = double.NegativeInfinity;
                int jmax = -1;
                var g = gts[i];
                for (int q = 0; q < g.Count; q++)
                {
                    var gt = images[i].GroundTruths[g[q]];
                    double gx1 = gt.X, gy1 = gt.Y, gx2 = gt.X + gt.Width, gy2 = gt.Y + gt.Height;
                    double iw = Math.Max(Math.Min(gx2, bx2) - Math.Max(gx1, bx1) + add, 0.0);
                    double ih = Math.Max(Math.Min(gy2, by2) - Math.Max(gy1, by1) + add, 0.0);
                    double inters = iw * ih;
                    double uni = (bx2 - bx1 + add) * (by2 - by1 + add) + (gx2 - gx1 + add) * (gy2 - gy1 + add) - inters;
                    double ov = inters / uni;
                    if (ov > ovmax || jmax < 0) { ovmax = ov; jmax = q; }
                }
                if (ovmax > iouThreshold)
                {
                    if (!images[i].GroundTruths[g[jmax]].IsDifficult)
                    {
                        if (!taken[i][jmax]) { tp[d] = 1; taken[i][jmax] = true; }
                        else fp[d] = 1;
                    }
                }
                else fp[d] = 1;
            }
            var rec = new double[nd];
            var prec = new double[nd];
            double ctp = 0, cfp = 0;
            for (int d = 0; d < nd; d++)
            {
                ctp += tp[d]; cfp += fp[d];
                rec[d] = ctp / npos;
                prec[d] = ctp / Math.Max(ctp + cfp, Eps);
            }
            precCurves[k] = prec; recCurves[k] = rec;
            ap[k] = npos == 0 ? double.NaN : use07 ? Ap07(rec, prec) : ApAllPoint(rec, prec);
        });
        var defined = ap.Where(v => !double.IsNaN(v)).ToArray();
        double map = defined.Length == 0 ? double.NaN : NumpyMean.Mean(defined);
        return new DetectionResult(use07 ? DetectionProtocol.Voc07 : DetectionProtocol.Voc, categoryIds,
            new Dictionary<string, double> { ["map_50"] = map }, ap, precisionCurves: precCurves, recallCurves: recCurves);
    }

    /// <summary>The 11 thresholds of <c>np.arange(0., 1.1, 0.1)</c>: i·0.1.</summary>
    internal static readonly double[] Points07 = Enumerable.Range(0, 11).Select(i => i * 0.1).ToArray();

    /// <summary>VOC 2007 11-point AP.</summary>
    internal static double Ap07(ReadOnlySpan<double> rec, ReadOnlySpan<double> prec)
    {
        double ap = 0;
        foreach (double t in Points07)
        {
            double p = 0;
            bool any = false;
            for (int i = 0; i < rec.Length; i++)
                if (rec[i] >= t) { p = any ? Math.Max(p, prec[i]) : prec[i]; any = true; }
            ap += p / 11.0;
        }
        return ap;
    }

    /// <summary>VOC 2010+ all-point AP.</summary>
    internal static double ApAllPoint(ReadOnlySpan<double> rec, ReadOnlySpan<double> prec)
    {
        int n = rec.Length + 2;
        var mrec = new double[n];
        var mpre = new double[n];
        mrec[n - 1] = 1;
        rec.CopyTo(mrec.AsSpan(1));
        prec.CopyTo(mpre.AsSpan(1));
        for (int i = n - 1; i > 0; i--) mpre[i - 1] = Math.Max(mpre[i - 1], mpre[i]);
        var terms = new List<double>();
        for (int i = 0; i < n - 1; i++)
            if (mrec[i + 1] != mrec[i]) terms.Add((mrec[i + 1] - mrec[i]) * mpre[i + 1]);
        return NumpyMean.Sum(CollectionsMarshal.AsSpan(terms));
    }
}
