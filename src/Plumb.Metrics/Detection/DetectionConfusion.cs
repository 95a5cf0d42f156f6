using System.Runtime.InteropServices;

namespace Plumb.Metrics.Detection;

/// <summary>
/// A cross-class confusion matrix for detection, as ultralytics' <c>ConfusionMatrix.process_batch</c> counts it
/// (transposed): rows are the ground-truth classes plus a last <b>background</b> row, columns the predicted
/// classes plus a last <b>missed</b> column.
/// </summary>
/// <remarks>
/// <para>Per image: detections with score &gt; the confidence threshold; every (ground truth, detection) pair with
/// IoU &gt; the IoU threshold, whatever the classes, is a candidate. Candidates sorted by IoU (highest first; ties
/// by ground truth, then detection, in file order) keep one per detection (its best ground truth), then one per
/// ground truth (its best remaining detection). A matched ground truth of class g and its detection of class p
/// add 1 at [g, p] (the diagonal is correct, off-diagonal a class confusion); an unmatched ground truth adds 1 at
/// [g, missed]; an unmatched detection of class p adds 1 at [background, p]. Crowd ground truths are left out
/// (detections on them count as background). Cell [background, missed] stays 0.</para>
/// <para>ultralytics stores the transpose (rows predicted, columns true) with defaults IoU 0.45, confidence 0.25.</para>
/// <code>
/// DetectionConfusion m = metric.ComputeConfusion(iouThreshold: 0.5, confidenceThreshold: 0.25);
/// long personAsDog = m[m.IndexOf(1), m.IndexOf(18)];
/// </code>
/// </remarks>
public sealed class DetectionConfusion
{
    private readonly long[] _counts;

    internal DetectionConfusion(IReadOnlyList<int> categoryIds, long[] counts, double iou, double conf)
    {
        CategoryIds = categoryIds; _counts = counts; IouThreshold = iou; ConfidenceThreshold = conf;
    }

    /// <summary>The category ids of rows and columns 0 … K − 1 (sorted); row K is background, column K missed.</summary>
    public IReadOnlyList<int> CategoryIds { get; }

    /// <summary>Rows and columns: K + 1.</summary>
    public int Size => CategoryIds.Count + 1;

    /// <summary>A match needs IoU &gt; this.</summary>
    public double IouThreshold { get; }

    /// <summary>Detections count when score &gt; this.</summary>
    public double ConfidenceThreshold { get; }

    /// <summary>The count at [ground-truth row, predicted column].</summary>
    public long this[int row, int column] => _counts[row * Size + column];

    /// <summary>The row / column index of a category id.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="CategoryIds"/>.</exception>
    public int IndexOf(int categoryId)
    {
        for (int k = 0; k < CategoryIds.Count; k++) if (CategoryIds[k] == categoryId) return k;
        throw new ArgumentException($"category {categoryId} is not in the matrix", nameof(categoryId));
    }

    internal static DetectionConfusion Compute(IReadOnlyList<DetectionImage> images, int[] categoryIds, double iouThreshold, double confidenceThreshold)
    {
        int K = categoryIds.Length, S = K + 1;
        var index = new Dictionary<int, int>(K);
        for (int k = 0; k < K; k++) index[categoryIds[k]] = k;
        var counts = new long[S * S];
        var pairs = new List<(double Iou, int G, int D)>();
        foreach (var img in images)
        {
            var gts = new List<GroundTruthBox>();
            foreach (var g in img.GroundTruths) if (!g.IsCrowd) gts.Add(g);
            var dts = new List<DetectedBox>();
            foreach (var d in img.Detections) if (d.Score > confidenceThreshold) dts.Add(d);
            pairs.Clear();
            for (int g = 0; g < gts.Count; g++)
                for (int d = 0; d < dts.Count; d++)
                {
                    double v = CocoEvaluation.BoxIou(dts[d], dts[d].Width * dts[d].Height, gts[g]);
                    if (v > iouThreshold) pairs.Add((v, g, d));
                }
            // Stable sort by IoU, highest first; then keep the first per detection, then the first per ground truth.
            var ranked = pairs.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Iou).ThenBy(x => x.i).Select(x => x.p).ToList();
            var seenD = new HashSet<int>();
            var perDetection = ranked.Where(p => seenD.Add(p.D)).ToList();
            var seenG = new HashSet<int>();
            var matches = perDetection.Where(p => seenG.Add(p.G)).ToList();
            var gtMatch = new int[gts.Count];
            var dtMatched = new bool[dts.Count];
            Array.Fill(gtMatch, -1);
            foreach (var (_, g, d) in matches) { gtMatch[g] = d; dtMatched[d] = true; }
            for (int g = 0; g < gts.Count; g++)
            {
                int row = index[gts[g].CategoryId];
                int col = gtMatch[g] >= 0 ? index[dts[gtMatch[g]].CategoryId] : K;
                counts[row * S + col]++;
            }
            for (int d = 0; d < dts.Count; d++)
                if (!dtMatched[d]) counts[K * S + index[dts[d].CategoryId]]++;
        }
        return new DetectionConfusion(categoryIds, counts, iouThreshold, confidenceThreshold);
    }
}
