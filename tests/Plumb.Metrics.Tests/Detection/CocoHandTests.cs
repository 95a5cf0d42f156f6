using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>
/// The COCO protocol on cases worked by hand. pycocotools' precision is tp / (tp + fp + 2⁻⁵²), so a perfect
/// ranking gives P1 = 1 / (1 + 2⁻⁵²) (the double below 1), not 1; two detections with one TP give exactly 0.5.
/// Means of many equal P1 values (numpy's pairwise sum, then a division) may land one ulp away: 1e-15.
/// </summary>
public sealed class CocoHandTests
{
    private static readonly double P1 = 1 / (1 + Math.Pow(2, -52));

    private static DetectionResult Run(int[] categories, params (long Image, GroundTruthBox[] Gt, DetectedBox[] Dt)[] images)
    {
        var m = new DetectionMetric(categories);
        foreach (var (id, gt, dt) in images) m.Update(id, gt, dt);
        return m.ComputeResult();
    }

    private static GroundTruthBox Gt(double x, double y, double w, double h, int c = 1, double area = double.NaN, bool crowd = false) =>
        new(c, x, y, w, h, area, crowd);

    private static DetectedBox Dt(double x, double y, double w, double h, double score, int c = 1) => new(c, x, y, w, h, score);

    [Fact]
    public void OneExactDetectionIsPerfectAtEveryThreshold()
    {
        // 100×100 box (area 10000: large); the detection equals it (IoU 1).
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], [Dt(0, 0, 100, 100, 0.9)]));
        Assert.Equal(P1, r.Summary["map"], 1e-15);
        Assert.Equal(P1, r.Summary["map_large"], 1e-15);
        Assert.Equal(-1, r.Summary["map_small"]);   // no small ground truth: undefined
        Assert.Equal(-1, r.Summary["mar_medium"]);
        Assert.Equal(1.0, r.Summary["mar_1"]);      // recall 1/1 at every threshold
    }

    [Fact]
    public void DuplicateIsAFalsePositiveButTheEnvelopeKeepsApAtOne()
    {
        // Ranked: TP (0.9), duplicate FP (0.8): precision [1/(1+ε), 1/(2+ε) = 0.5], recall [1, 1]. Every recall
        // point's first index with recall ≥ r is 0 → AP = P1.
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], [Dt(0, 0, 100, 100, 0.9), Dt(0, 0, 100, 100, 0.8)]));
        Assert.Equal(P1, r.Summary["map"], 1e-15);
    }

    [Fact]
    public void FalsePositiveRankedFirstHalvesAp()
    {
        // Ranked: FP (0.9, far away), TP (0.8): precision [0, 0.5] → envelope [0.5, 0.5], recall [0, 1].
        // Recall point 0 → index 0 (0.5); r > 0 → index 1 (0.5). AP = 0.5.
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], [Dt(300, 300, 50, 50, 0.9), Dt(0, 0, 100, 100, 0.8)]));
        Assert.Equal(0.5, r.Summary["map"]);
        Assert.Equal(1.0, r.Summary["mar_100"]);
        Assert.Equal(0.0, r.Summary["mar_1"]); // with one detection per image only the FP is kept: recall 0
    }

    [Fact]
    public void IouExactlyOnTheThresholdMatches()
    {
        // Detection (0,0,75,100) on ground truth (0,0,100,100): IoU = 7500 / 10000 = 0.75 exactly, and 0.75 is
        // one of np.linspace(.5, .95, 10)'s values: a match needs IoU ≥ t, so TP at .50…​.75 (6 thresholds), FP
        // above. AP = 6·101·P1 / 1010; AP50 = AP75 = P1; AR = 6 / 10.
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], [Dt(0, 0, 75, 100, 0.9)]));
        Assert.Equal(P1, r.Summary["map_50"], 1e-15);
        Assert.Equal(P1, r.Summary["map_75"], 1e-15);
        Assert.Equal(0.6 * P1, r.Summary["map"], 15);
        Assert.Equal(0.6, r.Summary["mar_100"], 15);
    }

    [Fact]
    public void DetectionInsideACrowdRegionIsIgnored()
    {
        // Regular ground truth matched by the 0.9 detection; the 0.8 detection lies inside a crowd region
        // (crowd IoU = intersection / detection area = 1) → ignored, not a FP. Without the crowd region it
        // would be a FP ranked after the TP, so AP stays P1 either way; put it first instead (0.95):
        // ignored → AP = P1, where a FP first would give 0.5.
        var gts = new[] { Gt(0, 0, 100, 100), Gt(200, 200, 300, 200, crowd: true) };
        var r = Run([1], (1, gts, [Dt(250, 250, 20, 20, 0.95), Dt(0, 0, 100, 100, 0.9)]));
        Assert.Equal(P1, r.Summary["map"], 1e-15);
        var r2 = Run([1], (1, [gts[0]], [Dt(250, 250, 20, 20, 0.95), Dt(0, 0, 100, 100, 0.9)]));
        Assert.Equal(0.5, r2.Summary["map"]);
    }

    [Fact]
    public void CrowdRegionAbsorbsManyDetectionsAndIsNeverMissed()
    {
        // Only a crowd region: no positives → every category undefined → −1.
        var r = Run([1], (1, [Gt(0, 0, 100, 100, crowd: true)], [Dt(10, 10, 20, 20, 0.9), Dt(30, 30, 20, 20, 0.8)]));
        Assert.Equal(-1, r.Summary["map"]);
        Assert.Equal(-1, r.PerClassAp[0]);
    }

    [Fact]
    public void CategoryWithoutGroundTruthIsLeftOutAndWithoutDetectionsCountsZero()
    {
        // Category 1: perfect (P1). Category 2: ground truth, no detection → precision 0 everywhere → AP 0.
        // Category 3: detections only → undefined, left out. mAP = (P1 + 0) / 2.
        var r = Run([1, 2, 3], (1, [Gt(0, 0, 100, 100, 1), Gt(200, 0, 100, 100, 2)], [Dt(0, 0, 100, 100, 0.9, 1), Dt(400, 400, 50, 50, 0.99, 3)]));
        Assert.Equal(P1, r.PerClassAp[0], 1e-15);
        Assert.Equal([0, -1], r.PerClassAp[1..]);
        Assert.Equal(P1 / 2, r.Summary["map"], 1e-15);
    }

    [Fact]
    public void ScoreTiesAcrossImagesRankInImageIdOrder()
    {
        // Equal scores: pycocotools' stable sort keeps image-id order. FP in image 3 before TP in image 6 →
        // precision [0, 0.5] → AP 0.5; the other way round → [P1, 0.5] → AP P1.
        var fpFirst = Run([1], (6, [Gt(0, 0, 100, 100)], [Dt(0, 0, 100, 100, 0.5)]), (3, [], [Dt(0, 0, 100, 100, 0.5)]));
        Assert.Equal(0.5, fpFirst.Summary["map"]);
        var tpFirst = Run([1], (3, [Gt(0, 0, 100, 100)], [Dt(0, 0, 100, 100, 0.5)]), (6, [], [Dt(0, 0, 100, 100, 0.5)]));
        Assert.Equal(P1, tpFirst.Summary["map"], 1e-15);
    }

    [Fact]
    public void ScoreTiesWithinAnImageKeepFileOrder()
    {
        // Two detections with score 0.5 on one ground truth: the first in file order takes it. If it is the
        // 0.75-IoU one, the exact one is a duplicate: at t ≥ .80 the first fails and the exact one matches.
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], [Dt(0, 0, 75, 100, 0.5), Dt(0, 0, 100, 100, 0.5)]));
        // t ≤ .75: [TP, FP] → P1; t ≥ .80: [FP, TP] → 0.5. AP = (6·P1 + 4·0.5) / 10.
        Assert.Equal((6 * P1 + 4 * 0.5) / 10, r.Summary["map"], 15);
    }

    [Fact]
    public void AreaOnTheBoundBelongsToBothRanges()
    {
        // area = 1024 = 32² is small (≤ 1024) and medium (≥ 1024); inclusive bounds as pycocotools.
        var r = Run([1], (1, [Gt(0, 0, 32, 32)], [Dt(0, 0, 32, 32, 0.9)]));
        Assert.Equal(P1, r.Summary["map_small"], 1e-15);
        Assert.Equal(P1, r.Summary["map_medium"], 1e-15);
        Assert.Equal(-1, r.Summary["map_large"]);
    }

    [Fact]
    public void UnmatchedDetectionOutsideTheAreaRangeIsIgnored()
    {
        // Small ground truth found; a large unmatched detection is a FP for 'all' but ignored for 'small'.
        // all: [FP(0.95), TP(0.9)] → 0.5; small: [TP] → P1.
        var r = Run([1], (1, [Gt(0, 0, 20, 20)], [Dt(300, 300, 150, 150, 0.95), Dt(0, 0, 20, 20, 0.9)]));
        Assert.Equal(0.5, r.Summary["map"]);
        Assert.Equal(P1, r.Summary["map_small"], 1e-15);
    }

    [Fact]
    public void MatchPrefersARegularGroundTruthOverAnIgnoredOne()
    {
        // Detection overlaps a crowd region fully (crowd IoU 1) and a regular box with IoU 0.75: the regular
        // one is tried first (ignored last) and wins at t ≤ .75; above, it falls to the crowd (ignored).
        // t ≤ .75: TP → P1; t ≥ .80: ignored, the regular box is missed → precision 0 at every recall → 0.
        var r = Run([1], (1, [Gt(0, 0, 200, 200, crowd: true), Gt(0, 0, 100, 100)], [Dt(0, 0, 75, 100, 0.9)]));
        Assert.Equal(0.6 * P1, r.Summary["map"], 15);
    }

    [Fact]
    public void OnlyTheHundredBestDetectionsPerImageCount()
    {
        // 101 detections; the exact match has the lowest score (rank 101) → cut → AP 0 (ground truth missed).
        var dts = Enumerable.Range(0, 100).Select(i => Dt(300 + i, 300, 10, 10, 0.9)).Append(Dt(0, 0, 100, 100, 0.1)).ToArray();
        var r = Run([1], (1, [Gt(0, 0, 100, 100)], dts));
        Assert.Equal(0, r.Summary["map"]);
        Assert.Equal(0, r.Summary["mar_100"]);
    }

    [Fact]
    public void ThresholdsAreNumpyLinspace()
    {
        // np.linspace(.5, 0.95, 10) (numpy 1.24.2): 0.8999999999999999 at index 8, 0.75 exact at index 5.
        Assert.Equal([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95], CocoEvaluation.IouThresholds);
        Assert.Equal(0.01, CocoEvaluation.RecallThresholds[1]);
        Assert.Equal(1.0, CocoEvaluation.RecallThresholds[100]);
    }
}
