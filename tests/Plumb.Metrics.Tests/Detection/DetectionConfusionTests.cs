using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>The detection confusion matrix on hand-worked cases (ultralytics' <c>process_batch</c> rules, transposed).</summary>
public sealed class DetectionConfusionTests
{
    private static DetectedBox D(int c, double x, double y, double s) => new(c, x, y, 10, 10, s);

    [Fact]
    public void CountsCorrectConfusedMissedAndBackground()
    {
        var m = new DetectionMetric([1, 2, 3]);
        m.Update(1,
            [new GroundTruthBox(1, 0, 0, 10, 10), new GroundTruthBox(2, 50, 50, 10, 10), new GroundTruthBox(3, 20, 20, 10, 10)],
            [
                D(1, 0, 0, 0.9),   // on the class-1 object: correct
                D(1, 50, 50, 0.8), // class 1 on the class-2 object: confusion [2, 1]
                D(2, 80, 80, 0.7), // nothing there: background [bg, 2]
                D(3, 20, 20, 0.2), // below the confidence threshold: dropped, so the class-3 object is missed
                D(1, 1, 0, 0.6),   // second hit on the class-1 object (IoU 90/110): the first keeps it (IoU 1) → background
            ]);
        var c = m.ComputeConfusion(iouThreshold: 0.45, confidenceThreshold: 0.25);
        Assert.Equal(4, c.Size);
        var expected = new long[,]
        {
            // pred 1, 2, 3, missed
            { 1, 0, 0, 0 },  // GT 1
            { 1, 0, 0, 0 },  // GT 2
            { 0, 0, 0, 1 },  // GT 3
            { 1, 1, 0, 0 },  // background
        };
        for (int r = 0; r < 4; r++)
            for (int col = 0; col < 4; col++) Assert.Equal(expected[r, col], c[r, col]);
    }

    [Fact]
    public void OneMatchPerDetectionThenPerObjectNotAGreedyAssignment()
    {
        // g1 (0,0), g2 (4,0); d1 (1,0) has IoU .818 with g1 and .538 with g2, d2 (0,0) IoU 1 with g1 (.43 with g2).
        // Each detection keeps its best object (both g1), then g1 keeps d2: d1 is background and g2 missed,
        // although d1–g2 would pass the threshold (ultralytics' rule; a greedy assignment would pair them).
        var m = new DetectionMetric([1]);
        m.Update(1, [new GroundTruthBox(1, 0, 0, 10, 10), new GroundTruthBox(1, 4, 0, 10, 10)], [D(1, 1, 0, 0.9), D(1, 0, 0, 0.8)]);
        var c = m.ComputeConfusion();
        Assert.Equal(1, c[0, 0]);
        Assert.Equal(1, c[0, 1]); // missed
        Assert.Equal(1, c[1, 0]); // background
        Assert.Equal(0, c[1, 1]);
    }

    [Fact]
    public void CrowdRegionsAreLeftOut()
    {
        var m = new DetectionMetric([1]);
        m.Update(1, [new GroundTruthBox(1, 0, 0, 100, 100, isCrowd: true)], [D(1, 0, 0, 0.9)]);
        var c = m.ComputeConfusion();
        Assert.Equal(0, c[0, 1]); // the crowd is not a missed object
        Assert.Equal(1, c[1, 0]); // the detection on it is background
        Assert.Equal(0, c.IndexOf(1));
        Assert.Throws<ArgumentException>(() => c.IndexOf(7));
    }
}
