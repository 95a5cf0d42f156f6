using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>The VOC (<c>voc_eval</c>) and darknet (<c>detector map</c>) protocols on cases worked by hand.</summary>
public sealed class VocDarknetHandTests
{
    // VOC pixel boxes (x1, y1, x2, y2) inclusive, stored as (x1, y1, x2 − x1, y2 − y1).
    private static GroundTruthBox Vg(double x1, double y1, double x2, double y2, bool difficult = false) => new(0, x1, y1, x2 - x1, y2 - y1, isDifficult: difficult);
    private static DetectedBox Vd(double x1, double y1, double x2, double y2, double score) => new(0, x1, y1, x2 - x1, y2 - y1, score);

    private static DetectionResult Voc(DetectionProtocol p)
    {
        // Image 1: a1 (0,0,9,9), a2 difficult (20,20,29,29); image 2: b1 (0,0,9,9). npos = 2.
        // Ranked: d1 .9 on a1 → TP; d2 .8 on a1 again → FP; d3 .7 on difficult a2 → neither;
        //         d4 .6 on nothing → FP; d5 .5 on b1 → TP.
        // cum TP 1,1,1,1,2; cum FP 0,1,1,2,2 → recall .5,.5,.5,.5,1; precision 1,.5,.5,1/3,.5.
        var m = new DetectionMetric([0], new DetectionOptions(p));
        m.Update(1, [Vg(0, 0, 9, 9), Vg(20, 20, 29, 29, difficult: true)], [Vd(0, 0, 9, 9, 0.9), Vd(0, 0, 9, 9, 0.8), Vd(20, 20, 29, 29, 0.7)]);
        m.Update(2, [Vg(0, 0, 9, 9)], [Vd(50, 50, 59, 59, 0.6), Vd(0, 0, 9, 9, 0.5)]);
        return m.ComputeResult();
    }

    [Fact]
    public void VocAllPoint()
    {
        // mrec [0,.5,.5,.5,.5,1,1], mpre after the envelope [1,1,.5,.5,.5,.5,0]; steps at 0→.5 and .5→1:
        // AP = .5·1 + .5·.5 = 0.75.
        var r = Voc(DetectionProtocol.Voc);
        Assert.Equal(0.75, r.Summary["map_50"]);
        Assert.Equal([1, 0.5, 0.5, 1 / 3.0, 0.5], r.PrecisionCurves![0]);
        Assert.Equal([0.5, 0.5, 0.5, 0.5, 1], r.RecallCurves![0]);
    }

    [Fact]
    public void Voc2007ElevenPoint()
    {
        // t = 0, .1, …, .5 (6 points): max precision at recall ≥ t is 1; t = .6 … 1 (5 points): .5.
        // AP = 6/11 + 5·.5/11 = 8.5/11.
        Assert.Equal(8.5 / 11, Voc(DetectionProtocol.Voc07).Summary["map_50"], 15);
    }

    [Fact]
    public void VocNeedsIouStrictlyAboveTheThreshold()
    {
        // Ground truth (0,0,9,9): 10×10 pixels; detection (0,0,4,9): 5×10, inside → IoU = 50 / 100 = 0.5, not > 0.5.
        var m = new DetectionMetric([0], new DetectionOptions(DetectionProtocol.Voc));
        m.Update(1, [Vg(0, 0, 9, 9)], [Vd(0, 0, 4, 9, 0.9)]);
        Assert.Equal(0, m.Compute());
        // (0,0,5,9): 6×10 → IoU 0.6 → TP.
        var m2 = new DetectionMetric([0], new DetectionOptions(DetectionProtocol.Voc));
        m2.Update(1, [Vg(0, 0, 9, 9)], [Vd(0, 0, 5, 9, 0.9)]);
        Assert.Equal(1, m2.Compute());
    }

    [Fact]
    public void VocLeavesOutClassesWithoutGroundTruth()
    {
        // Class 0 perfect (AP 1), class 1 only detections (voc_eval: 0/0 recall → NaN, left out of the mean).
        var m = new DetectionMetric([0, 1], new DetectionOptions(DetectionProtocol.Voc));
        m.Update(1, [Vg(0, 0, 9, 9)], [Vd(0, 0, 9, 9, 0.9), new DetectedBox(1, 0, 0, 9, 9, 0.8)]);
        var r = m.ComputeResult();
        Assert.Equal(1, r.Summary["map_50"]);
        Assert.True(double.IsNaN(r.PerClassAp[1]));
    }

    private static DetectionResult Darknet(int points)
    {
        // Classes 0 and 1 (1 has no ground truth). Image 1: t0 (0,0,10,10), t1 (20,0,10,10);
        // detections in file order p1 c0 .9 on t0, p2 c0 .2 on t0, p3 c1 .8 on nothing.
        // Image 2: t2 (0,0,10,10); p4 c0 .3 on t2, p5 c0 .95 on t2.
        var m = new DetectionMetric([0, 1], new DetectionOptions(DetectionProtocol.Darknet, Points: points));
        m.Update(1, [new(0, 0, 0, 10, 10), new(0, 20, 0, 10, 10)],
            [new(0, 0, 0, 10, 10, 0.9), new(0, 0, 0, 10, 10, 0.2), new(1, 50, 50, 10, 10, 0.8)]);
        m.Update(2, [new(0, 0, 0, 10, 10)], [new(0, 0, 0, 10, 10, 0.3), new(0, 0, 0, 10, 10, 0.95)]);
        return m.ComputeResult();
    }

    [Fact]
    public void DarknetAllPoint()
    {
        // Ranked class 0: p5 TP (t2), p1 TP (t0), p4 FP (t2 taken), p2 FP (t0 taken); 3 ground truths.
        // precision 1, 1, 2/3, 1/2; recall 1/3, 2/3, 2/3, 2/3. darknet's loop from the last rank:
        // Δrecall 0, 0, 1/3 (precision max 1), then the leading zero-recall point 1/3 (max 1) → AP 2/3.
        // Class 1 has no ground truth → 0. mAP over both classes = 1/3.
        var r = Darknet(0);
        Assert.Equal(2 / 3.0, r.PerClassAp[0], 15);
        Assert.Equal(0, r.PerClassAp[1]);
        Assert.Equal(1 / 3.0, r.Summary["map_50"], 15);
    }

    [Fact]
    public void DarknetElevenPoint()
    {
        // Levels 0, .1, …, .6 (7) reach precision 1; .7 … 1 (4) none → AP 7/11; mAP 7/22.
        var r = Darknet(11);
        Assert.Equal(7 / 11.0, r.PerClassAp[0], 15);
        Assert.Equal(7 / 22.0, r.Summary["map_50"], 15);
    }

    [Fact]
    public void DarknetThresholdBlock()
    {
        // Score > .25 in file order: image 1: p1 TP (IoU 1), p2 below, p3 FP (class 1); image 2: p4 TP (IoU 1),
        // p5 FP (t2 already matched by p4 in this image). TP 2, FP 2, FN 3 − 2 = 1; precision .5, recall 2/3,
        // F1 = 2·.5·(2/3) / (.5 + 2/3) = 4/7; average IoU = (1 + 1) / (2 + 2) = .5.
        var t = Darknet(0).Threshold!;
        Assert.Equal((2, 2, 1), (t.TruePositives, t.FalsePositives, t.FalseNegatives));
        Assert.Equal(0.5, t.Precision);
        Assert.Equal(2 / 3.0, t.Recall, 6);
        Assert.Equal(4 / 7.0, t.F1, 6);
        Assert.Equal(0.5, t.AverageIou);
        var r = Darknet(0);
        Assert.Equal([2, 0], r.PerClassTruePositives!);
        Assert.Equal([1, 1], r.PerClassFalsePositives!);
    }
}
