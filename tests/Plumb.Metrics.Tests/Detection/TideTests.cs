using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>
/// TIDE's error breakdown on constructed cases, each worked by hand (and confirmed with tidecv 1.0.1,
/// <c>TIDE().evaluate(gt, preds)</c>, <c>get_main_errors()</c> / <c>get_special_errors()</c> / <c>count_errors()</c>,
/// whose numbers are these × 100), and on a seeded random set against tidecv's values.
/// Box A = (0, 0, 10, 10); a shift by 5 gives IoU 50/150 = 1/3 (between background 0.1 and foreground 0.5).
/// </summary>
public sealed class TideTests
{
    private static readonly GroundTruthBox A = new(1, 0, 0, 10, 10);

    private static TideResult Run(params (GroundTruthBox[] Gt, DetectedBox[] Dt)[] images)
    {
        var m = new DetectionMetric([1, 2, 3]);
        for (int i = 0; i < images.Length; i++) m.Update(i + 1, images[i].Gt, images[i].Dt);
        return m.ComputeTide();
    }

    private static DetectedBox D(int c, double x, double y, double score) => new(c, x, y, 10, 10, score);

    private static void AssertOnly(TideResult t, TideErrorKind kind, double delta, int count)
    {
        foreach (var (k, v) in t.DeltaAp) Assert.Equal(k == kind ? delta : 0, v, 1e-12);
        Assert.Equal(count, t.Counts[kind]);
    }

    [Fact]
    public void WrongClassOnTheRightBoxIsAClassificationErrorWorthTheWholeAp()
    {
        // class 2 on a class-1 object: class 1 AP 0 (1 GT, no TP), class 2 AP 0 (an FP, no GT: TIDE counts it).
        // Fixed: the detection becomes class 1's TP (AP 1), class 2 is empty and leaves the mean → 1.
        var t = Run(([A], [D(2, 0, 0, 0.9)]));
        Assert.Equal(0, t.Ap);
        AssertOnly(t, TideErrorKind.Classification, 1.0, 1);
        Assert.Equal(0, t.Counts[TideErrorKind.Missed]); // the GT is the target of a fixable error: not missed
    }

    [Fact]
    public void TwoPoorBoxesOnOneObjectAreLocalisationErrorsAndOnlyTheBestIsFixed()
    {
        // Both IoU 1/3 with A: Loc. The fix turns the 0.9 one into a TP and removes the 0.8 one → AP 1.
        var t = Run(([A], [D(1, 5, 0, 0.9), D(1, 0, 5, 0.8)]));
        Assert.Equal(0, t.Ap);
        AssertOnly(t, TideErrorKind.Localization, 1.0, 2);
    }

    [Fact]
    public void SecondHitOnATakenObjectIsADuplicate()
    {
        // Image 1: TP 0.9, duplicate 0.8 (IoU 90/110 with the taken A); image 2: TP 0.7. Ranked TP, FP, TP of 2 GT:
        // envelope 1 for recall ≤ .5 (51 points), 2/3 after (50 points): AP = (51 + 50·2/3)/101 = 253/303.
        // Without the duplicate AP = 1, ΔAP = 50/303.
        var t = Run(([A], [D(1, 0, 0, 0.9), D(1, 1, 0, 0.8)]), ([A], [D(1, 0, 0, 0.7)]));
        Assert.Equal(253.0 / 303, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Duplicate, 50.0 / 303, 1);
        Assert.Equal(50.0 / 303, t.FalsePositiveDeltaAp, 1e-12);
        Assert.Equal(0, t.FalseNegativeDeltaAp, 1e-12);
    }

    [Fact]
    public void PoorBoxOnATakenObjectIsLocalisationNotDuplicate()
    {
        // TIDE tests Loc before Dupe: IoU 1/3 with the taken A is a Loc error; its fix removes it (suppressed).
        var t = Run(([A], [D(1, 0, 0, 0.9), D(1, 5, 0, 0.8)]), ([A], [D(1, 0, 0, 0.7)]));
        Assert.Equal(253.0 / 303, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Localization, 50.0 / 303, 1);
    }

    [Fact]
    public void DetectionsFarFromEveryObjectOrOnAnEmptyImageAreBackground()
    {
        // Ranked FP 0.95 (empty image), FP 0.9 (IoU 0), TP 0.7: precision 0, 0, 1/3 → envelope 1/3 everywhere: AP 1/3.
        var t = Run(([A], [D(1, 0, 0, 0.7), D(1, 50, 50, 0.9)]), ([], [D(1, 0, 0, 0.95)]));
        Assert.Equal(1.0 / 3, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Background, 2.0 / 3, 2);
        Assert.Equal(2.0 / 3, t.FalsePositiveDeltaAp, 1e-12); // TPs scored above every FP
    }

    [Fact]
    public void WrongClassAndPoorBoxIsBoth()
    {
        // Class 2 at IoU 1/3 with a class-1 object: not Loc (other class), not Cls (IoU < .5), not background
        // (IoU > .1) → Both. Class 1 AP 1, class 2 AP 0 (FP without GT) → mAP 1/2; removing it → 1.
        var t = Run(([A], [D(2, 5, 0, 0.9), D(1, 0, 0, 0.8)]));
        Assert.Equal(0.5, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Both, 0.5, 1);
    }

    [Fact]
    public void AnObjectNoDetectionCameNearIsMissed()
    {
        // 2 GT, one found: AP = 51/101 (recall .5); fixing the miss drops it from the count → AP 1, ΔAP 50/101.
        var t = Run(([A, new GroundTruthBox(1, 50, 50, 10, 10)], [D(1, 0, 0, 0.9)]));
        Assert.Equal(51.0 / 101, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Missed, 50.0 / 101, 1);
        Assert.Equal(50.0 / 101, t.FalseNegativeDeltaAp, 1e-12);
    }

    [Fact]
    public void AnObjectWithAPoorDetectionIsALocalisationErrorNotAMiss()
    {
        // The 0.5 detection at IoU 1/3 with the second object makes it "usable": a Loc error, no miss; fixing the
        // Loc adds a TP → AP 1. The special FalseNeg still counts the unmatched object.
        var t = Run(([A, new GroundTruthBox(1, 50, 50, 10, 10)], [D(1, 0, 0, 0.9), D(1, 55, 50, 0.5)]));
        Assert.Equal(51.0 / 101, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Localization, 50.0 / 101, 1);
        Assert.Equal(50.0 / 101, t.FalseNegativeDeltaAp, 1e-12);
    }

    [Fact]
    public void DetectionInACrowdRegionIsIgnoredButStillCounted()
    {
        // Inside a crowd region (crowd IoU 1 > .5): left out of AP; TIDE still files it (background: the image has
        // no regular GT), and fixing it changes nothing.
        var crowd = new GroundTruthBox(1, 0, 0, 100, 100, isCrowd: true);
        var t = Run(([crowd], [new DetectedBox(1, 10, 10, 10, 10, 0.9)]), ([A], [D(1, 0, 0, 0.8)]));
        Assert.Equal(1.0, t.Ap, 1e-12);
        AssertOnly(t, TideErrorKind.Background, 0, 1);
    }

    // tidecv 1.0.1 on a seeded random set (Python random.seed(14); 40 images, 3 classes, 7 crowd regions, score
    // ties): TIDE().evaluate(gt, preds) with add_ground_truth / add_ignore_region / add_detection in this order.
    // tidecv printed ap 19.16283050901536; main Cls 1.8220093728833433, Loc 18.070442367821865,
    // Both 0.4590085221783866, Dupe 0.5053226033953777, Bkg 6.830736963673935, Miss 5.501959694939661;
    // FalsePos 30.342119986034152, FalseNeg 18.031281229970208; counts Cls 8, Loc 29, Both 5, Dupe 11, Bkg 43, Miss 18.
    private static readonly (int I, int C, int X, int Y, int W, int H, int Crowd)[] RandomGt = [(2,3,32,37,27,6,0), (2,2,33,46,29,24,0), (3,1,48,51,22,18,0), (3,3,14,74,22,24,0), (4,3,11,54,19,25,0), (4,2,50,30,18,23,0), (4,3,18,62,26,12,0), (4,3,51,54,4,15,0), (5,2,32,14,5,8,0), (5,1,32,64,12,9,0), (5,2,69,70,28,14,0), (5,3,48,6,29,7,0), (6,3,71,5,22,17,0), (6,1,8,54,30,7,0), (6,3,30,0,15,7,0), (6,3,39,27,20,22,0), (7,2,9,31,29,6,0), (8,1,19,7,20,4,0), (8,1,64,8,8,22,0), (8,3,45,42,30,20,0), (8,1,65,28,16,13,0), (9,2,80,61,30,7,0), (10,3,43,61,30,10,0), (10,3,39,4,12,21,0), (10,3,64,35,19,18,0), (11,2,63,49,28,16,1), (11,3,60,33,16,12,0), (13,1,26,37,8,30,1), (13,1,71,52,8,5,0), (13,1,16,13,13,14,1), (14,1,5,10,25,16,0), (14,2,0,6,15,5,0), (14,1,42,50,10,7,0), (16,3,39,32,25,19,0), (16,3,18,19,6,12,0), (17,2,59,50,9,13,0), (17,2,36,16,7,20,0), (18,1,75,18,30,7,0), (18,1,72,52,18,22,0), (18,2,28,21,27,23,0), (18,1,55,37,28,11,0), (19,3,1,16,14,26,0), (19,1,35,70,7,14,0), (19,2,66,73,17,25,0), (20,1,43,36,22,19,0), (20,2,62,57,14,4,0), (20,3,51,3,20,28,0), (20,1,26,30,7,7,0), (25,2,68,32,29,24,0), (25,2,12,67,14,21,0), (25,3,13,73,15,16,0), (26,3,38,10,20,26,0), (26,1,62,60,16,12,0), (26,2,22,14,9,8,1), (26,3,14,25,16,8,0), (27,1,60,57,18,19,0), (27,1,8,68,14,18,0), (28,3,72,13,24,20,0), (28,1,5,59,14,12,0), (29,2,77,70,7,26,0), (29,2,26,1,8,14,0), (29,2,57,57,24,30,0), (31,1,11,42,30,22,0), (31,3,56,21,21,10,0), (31,3,15,4,19,10,0), (31,3,64,19,30,24,0), (32,3,50,25,25,5,0), (33,3,4,39,29,16,0), (33,2,7,17,16,9,0), (34,2,34,14,13,20,1), (35,2,42,24,16,4,0), (36,1,59,37,9,11,0), (37,2,40,29,26,5,1), (37,2,19,39,4,17,0), (37,2,68,31,28,23,0), (37,2,8,25,7,29,0), (38,2,56,52,11,16,0), (38,3,8,36,11,10,1), (39,3,75,54,8,28,0)];
    private static readonly (int I, int C, int X, int Y, int W, int H, double S)[] RandomDt = [(2,2,33,43,21,18,0.7), (2,3,32,40,24,5,0.7), (3,1,35,35,6,3,0.16), (3,3,15,76,20,23,0.5), (3,2,64,32,6,6,0.82), (4,1,49,12,4,9,0.31), (4,2,50,55,2,12,0.9), (4,3,11,54,19,26,0.7), (5,3,46,6,27,4,0.5), (5,2,70,69,27,14,0.5), (5,2,74,77,30,8,0.3), (5,1,33,65,11,9,0.5), (5,1,31,66,15,8,0.03), (6,3,33,33,22,26,0.9), (6,1,8,57,33,7,0.3), (6,3,29,2,14,4,0.7), (6,3,71,4,23,18,0.93), (6,3,53,25,3,15,0.86), (6,1,9,54,29,6,0.98), (6,1,6,53,32,8,0.3), (7,2,8,32,30,7,0.9), (7,1,22,78,17,7,0.9), (7,2,3,25,26,9,0.5), (7,2,12,38,27,9,0.33), (8,3,67,9,11,21,0.5), (8,3,45,42,29,20,0.5), (8,1,18,9,22,2,0.3), (8,1,56,77,5,20,0.82), (8,1,7,75,20,9,0.54), (9,2,74,64,25,15,0.7), (9,2,82,64,27,9,0.35), (9,3,13,45,19,8,0.92), (9,3,79,60,25,3,0.9), (9,2,1,7,20,15,0.2), (10,3,63,34,20,17,0.3), (10,1,39,3,11,22,0.9), (10,3,65,30,26,22,0.03), (10,3,64,34,20,19,0.5), (10,1,44,62,29,10,0.3), (10,2,44,62,31,10,0.5), (10,3,43,61,29,9,0.5), (11,2,57,50,22,24,0.5), (11,2,71,56,33,22,0.9), (12,1,6,17,16,8,0.59), (12,3,83,62,4,10,0.47), (13,1,70,51,9,5,0.19), (13,1,72,52,11,6,0.02), (13,1,25,36,9,29,0.3), (13,1,19,15,12,12,0.7), (13,2,14,13,15,16,0.79), (14,1,49,14,15,15,0.33), (14,2,11,37,10,12,0.87), (14,1,42,51,16,6,0.04), (14,2,42,49,11,7,0.63), (14,2,0,7,15,5,0.74), (14,1,13,15,27,17,0.43), (14,2,-1,7,14,4,0.33), (15,3,37,70,12,20,0.92), (16,3,36,31,27,19,0.7), (16,2,3,72,11,14,0.61), (16,1,19,22,4,14,0.68), (16,2,14,29,16,8,0.9), (16,3,18,18,9,9,0.1), (17,2,63,56,9,10,0.3), (18,1,49,30,26,17,0.4), (18,1,47,29,34,18,0.9), (18,1,72,16,23,14,0.5), (18,2,27,21,27,23,0.26), (19,2,67,72,16,26,0.34), (19,1,36,70,7,15,0.3), (19,2,67,73,16,26,0.5), (19,3,29,46,20,10,0.23), (19,2,0,15,14,25,0.5), (19,1,74,73,5,4,0.94), (19,3,0,17,14,26,0.3), (20,1,27,31,8,7,0.9), (20,2,63,56,14,4,0.5), (20,1,23,29,9,7,0.23), (20,1,47,31,26,19,0.3), (24,2,75,23,18,3,0.81), (24,3,20,49,10,11,0.66), (25,2,14,73,6,22,0.3), (25,2,15,75,16,25,0.5), (26,1,61,61,17,13,0.39), (26,1,60,59,17,12,0.5), (26,2,18,18,12,15,0.7), (26,2,23,14,10,9,0.7), (26,3,13,26,16,9,0.7), (26,3,35,11,27,22,0.3), (26,3,20,11,15,4,0.9), (26,3,39,11,20,25,0.9), (26,3,35,13,20,27,0.76), (27,1,58,51,18,15,0.3), (27,1,7,67,14,16,0.7), (27,1,6,76,11,14,0.97), (27,3,9,66,16,21,0.5), (28,3,72,9,31,19,0.5), (28,3,65,5,20,8,0.51), (29,3,6,89,16,15,0.28), (29,2,29,4,10,11,0.9), (29,2,54,58,22,29,0.9), (29,2,26,0,9,15,0.3), (29,2,29,0,8,13,0.5), (30,1,62,28,14,12,0.26), (30,1,39,56,20,14,0.42), (31,3,14,3,19,9,0.3), (31,1,10,43,30,22,0.23), (32,3,49,26,26,6,0.7), (32,3,49,25,25,5,0.7), (32,3,57,2,15,19,0.09), (32,1,50,24,25,4,0.7), (33,2,7,17,16,10,0.5), (33,2,69,18,11,19,0.09), (33,3,4,37,32,18,0.5), (33,3,-4,31,21,11,0.9), (33,2,5,20,19,13,0.5), (33,2,56,60,4,14,0.64), (34,2,34,13,12,21,0.84), (35,2,43,23,15,3,0.5), (35,3,58,36,13,17,0.51), (36,2,60,38,9,10,0.3), (37,2,8,23,7,32,0.67), (37,2,20,45,2,14,0.3), (37,2,14,36,1,9,0.25), (37,2,68,32,28,22,0.3), (37,2,19,40,3,17,0.79), (37,2,39,29,25,8,0.9), (38,2,12,65,11,11,0.26), (38,3,7,39,11,13,0.7), (39,3,74,53,7,28,0.5), (39,3,73,57,10,27,0.5), (40,1,8,70,16,18,0.25)];

    [Fact]
    public void EqualsTidecvOnASeededRandomSet()
    {
        var m = new DetectionMetric([1, 2, 3]);
        for (int i = 1; i <= 40; i++)
            m.Update(i,
                RandomGt.Where(g => g.I == i).Select(g => new GroundTruthBox(g.C, g.X, g.Y, g.W, g.H, isCrowd: g.Crowd == 1)).ToArray(),
                RandomDt.Where(d => d.I == i).Select(d => new DetectedBox(d.C, d.X, d.Y, d.W, d.H, d.S)).ToArray());
        var t = m.ComputeTide();
        Assert.Equal(19.16283050901536 / 100, t.Ap, 1e-14);
        double[] main = [1.8220093728833433, 18.070442367821865, 0.4590085221783866, 0.5053226033953777, 6.830736963673935, 5.501959694939661];
        int[] counts = [8, 29, 5, 11, 43, 18];
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(main[k] / 100, t.DeltaAp[(TideErrorKind)k], 1e-14);
            Assert.Equal(counts[k], t.Counts[(TideErrorKind)k]);
        }
        Assert.Equal(30.342119986034152 / 100, t.FalsePositiveDeltaAp, 1e-14);
        Assert.Equal(18.031281229970208 / 100, t.FalseNegativeDeltaAp, 1e-14);
    }

    [Fact]
    public void MergedShardsGiveTheSameBreakdown()
    {
        var whole = new DetectionMetric([1, 2, 3]);
        var a = new DetectionMetric([1, 2, 3]);
        var b = new DetectionMetric([1, 2, 3]);
        for (int i = 1; i <= 40; i++)
        {
            var g = RandomGt.Where(x => x.I == i).Select(x => new GroundTruthBox(x.C, x.X, x.Y, x.W, x.H, isCrowd: x.Crowd == 1)).ToArray();
            var d = RandomDt.Where(x => x.I == i).Select(x => new DetectedBox(x.C, x.X, x.Y, x.W, x.H, x.S)).ToArray();
            whole.Update(i, g, d);
            (i % 3 == 0 ? a : b).Update(i, g, d);
        }
        a.Merge(b);
        var t1 = whole.ComputeTide();
        var t2 = a.ComputeTide();
        Assert.Equal(t1.Ap, t2.Ap);
        foreach (var (k, v) in t1.DeltaAp) Assert.Equal(v, t2.DeltaAp[k]);
    }
}
