namespace Plumb.Metrics.Detection;

/// <summary>
/// darknet's <c>detector map</c> (AlexeyAB <c>validate_detector_map</c>): every detection with score &gt; 0 is
/// matched to its best same-class ground truth with IoU &gt; the threshold (single-precision IoU on centre boxes);
/// ranked by score over all images, the first detection of a ground truth is a TP, later ones FP.
/// </summary>
/// <remarks>
/// AP per class from the ranked precision / recall (recall = TP / ground truths of the class, 0 without any):
/// all-point (<c>points = 0</c>: Σ Δrecall · max precision at this rank or later) or the mean over
/// <c>points</c> recall levels i/(points − 1) of the best precision at recall ≥ level. mAP is the mean over all
/// classes (a class without ground truth counts 0). The threshold block counts detections with score &gt; the
/// confidence threshold, in file order within an image: a TP when it matched a ground truth that no earlier
/// detection of the image (of any score above 0) matched.
/// </remarks>
internal static class DarknetEvaluation
{
    public static DetectionResult Evaluate(IReadOnlyList<DetectionImage> images, int[] categoryIds, double iouThreshold, int points, double confThreshold)
    {
        int K = categoryIds.Length;
        var catIndex = new Dictionary<int, int>();
        for (int k = 0; k < K; k++) catIndex[categoryIds[k]] = k;
        float iouThr = (float)iouThreshold, thresh = (float)confThreshold;
        var truthCount = new int[K];
        var dets = new List<(float P, int Class, int Truth)>();
        int uniqueTruth = 0, tpThresh = 0, fpThresh = 0;
        float avgIou = 0;
        var tpClass = new int[K];
        var fpClass = new int[K];
        foreach (var img in images)
        {
            foreach (var g in img.GroundTruths) truthCount[catIndex[g.CategoryId]]++;
            int checkpoint = dets.Count;
            foreach (var d in img.Detections)
            {
                float p = (float)d.Score;
                if (!(p > 0)) continue;
                int k = catIndex[d.CategoryId];
                int truth = -1;
                float maxIou = 0;
                for (int j = 0; j < img.GroundTruths.Count; j++)
                {
                    var g = img.GroundTruths[j];
                    float iou = BoxIou(d.X, d.Y, d.Width, d.Height, g.X, g.Y, g.Width, g.Height);
                    if (iou > iouThr && g.CategoryId == d.CategoryId && iou > maxIou) { maxIou = iou; truth = uniqueTruth + j; }
                }
                dets.Add((p, k, truth));
                if (p > thresh)
                {
                    bool found = false;
                    for (int z = checkpoint; z < dets.Count - 1; z++)
                        if (dets[z].Truth == truth) { found = true; break; }
                    if (truth > -1 && !found) { avgIou += maxIou; tpThresh++; tpClass[k]++; }
                    else { fpThresh++; fpClass[k]++; }
                }
            }
            uniqueTruth += img.GroundTruths.Count;
        }

        // Rank all detections by score (stable: image order, then file order, on ties).
        var order = Enumerable.Range(0, dets.Count).ToArray();
        Array.Sort(order, (x, y) => { int c = dets[y].P.CompareTo(dets[x].P); return c != 0 ? c : x.CompareTo(y); });
        var truthTaken = new bool[uniqueTruth];
        var prec = new List<double>[K];
        var rec = new List<double>[K];
        for (int k = 0; k < K; k++) { prec[k] = [0.0]; rec[k] = [0.0]; } // darknet's ranks before the first detection of the class
        var tp = new int[K];
        var fp = new int[K];
        foreach (int r in order)
        {
            var d = dets[r];
            if (d.Truth > -1 && !truthTaken[d.Truth]) { truthTaken[d.Truth] = true; tp[d.Class]++; }
            else fp[d.Class]++;
            int k = d.Class, fn = truthCount[k] - tp[k];
            prec[k].Add(tp[k] + fp[k] > 0 ? (double)tp[k] / (tp[k] + fp[k]) : 0);
            rec[k].Add(tp[k] + fn > 0 ? (double)tp[k] / (tp[k] + fn) : 0);
        }
        var ap = new double[K];
        double map = 0;
        for (int k = 0; k < K; k++)
        {
            ap[k] = Ap(rec[k], prec[k], points);
            map += ap[k];
        }
        map /= K;
        float precision = tpThresh / ((float)tpThresh + fpThresh);
        float recall = tpThresh / ((float)tpThresh + (uniqueTruth - tpThresh));
        float f1 = 2f * precision * recall / (precision + recall);
        if (tpThresh + fpThresh > 0) avgIou /= tpThresh + fpThresh;
        var block = new DarknetThresholdStats(confThreshold, precision, recall, f1, tpThresh, fpThresh, uniqueTruth - tpThresh, avgIou);
        return new DetectionResult(DetectionProtocol.Darknet, categoryIds, new Dictionary<string, double> { ["map_50"] = map }, ap,
            threshold: block, perClassTp: tpClass, perClassFp: fpClass,
            precisionCurves: prec.Select(p => p.Skip(1).ToArray()).ToArray(), recallCurves: rec.Select(p => p.Skip(1).ToArray()).ToArray());
    }

    /// <summary>darknet's AP from one class's ranked recall / precision (leading zero point included).</summary>
    internal static double Ap(IReadOnlyList<double> rec, IReadOnlyList<double> prec, int points)
    {
        int n = rec.Count;
        double ap = 0;
        if (points == 0)
        {
            double lastRecall = rec[n - 1], lastPrecision = prec[n - 1];
            for (int r = n - 2; r >= 0; r--)
            {
                double delta = lastRecall - rec[r];
                lastRecall = rec[r];
                if (prec[r] > lastPrecision) lastPrecision = prec[r];
                ap += delta * lastPrecision;
            }
            ap += lastRecall * lastPrecision;
            return ap;
        }
        for (int point = 0; point < points; point++)
        {
            double level = point * 1.0 / (points - 1);
            double best = 0;
            for (int r = 0; r < n; r++)
                if (rec[r] >= level && prec[r] > best) best = prec[r];
            ap += best;
        }
        return ap / points;
    }

    /// <summary>darknet's <c>box_iou</c> in single precision on centre boxes.</summary>
    internal static float BoxIou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
    {
        float acx = (float)(ax + aw / 2), acy = (float)(ay + ah / 2), fw = (float)aw, fh = (float)ah;
        float bcx = (float)(bx + bw / 2), bcy = (float)(by + bh / 2), gw = (float)bw, gh = (float)bh;
        float w = Overlap(acx, fw, bcx, gw), h = Overlap(acy, fh, bcy, gh);
        float inter = w < 0 || h < 0 ? 0 : w * h;
        float union = fw * fh + gw * gh - inter;
        return inter == 0 || union == 0 ? 0 : inter / union;
    }

    private static float Overlap(float x1, float w1, float x2, float w2)
    {
        float l1 = x1 - w1 / 2, l2 = x2 - w2 / 2;
        float left = l1 > l2 ? l1 : l2;
        float r1 = x1 + w1 / 2, r2 = x2 + w2 / 2;
        float right = r1 < r2 ? r1 : r2;
        return right - left;
    }
}
