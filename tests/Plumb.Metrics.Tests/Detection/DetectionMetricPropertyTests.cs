using CsCheck;
using Plumb.Benchmarks;
using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>Merge of shards equals one pass, state round trips, image order does not matter.</summary>
public sealed class DetectionMetricPropertyTests
{
    private static readonly SyntheticDetections.Set Set = SyntheticDetections.Generate(11, 120, 6, 25, ties: true, decimals: 1);

    private static void AssertSame(DetectionResult a, DetectionResult b)
    {
        Assert.Equal(a.Summary, b.Summary);
        Assert.Equal(a.PerClassAp, b.PerClassAp);
    }

    [Theory]
    [InlineData(DetectionProtocol.Coco)]
    [InlineData(DetectionProtocol.Voc07)]
    [InlineData(DetectionProtocol.Voc)]
    [InlineData(DetectionProtocol.Darknet)]
    public void MergedShardsEqualOnePass(DetectionProtocol protocol)
    {
        var options = new DetectionOptions(protocol);
        var whole = SyntheticDetections.ToMetric(Set, options).ComputeResult();
        var gt = Set.GroundTruths.ToLookup(g => g.Image, g => g.Box);
        var dt = Set.Detections.ToLookup(d => d.Image, d => d.Box);
        var shards = Enumerable.Range(0, 3).Select(_ => new DetectionMetric(Set.CategoryIds, options)).ToArray();
        for (int i = 0; i < Set.ImageIds.Length; i++)
        {
            long id = Set.ImageIds[i];
            shards[i % 3].Update(id, gt[id].ToArray(), dt[id].ToArray());
        }
        var restored = new DetectionMetric(Set.CategoryIds, options);
        restored.LoadState(shards[2].SaveState());
        shards[0].Merge(shards[1]);
        shards[0].Merge(restored);
        AssertSame(whole, shards[0].ComputeResult());
    }

    [Fact]
    public void ImageOrderOfUpdatesDoesNotMatter()
    {
        var gt = Set.GroundTruths.ToLookup(g => g.Image, g => g.Box);
        var dt = Set.Detections.ToLookup(d => d.Image, d => d.Box);
        var shuffled = new DetectionMetric(Set.CategoryIds);
        foreach (long id in Set.ImageIds.OrderBy(i => (i * 7919) % 101))
            shuffled.Update(id, gt[id].ToArray(), dt[id].ToArray());
        AssertSame(SyntheticDetections.ToMetric(Set).ComputeResult(), shuffled.ComputeResult());
    }

    [Fact]
    public void UpdatingAnImageTwiceAppends()
    {
        var once = new DetectionMetric([1]);
        once.Update(1, [new GroundTruthBox(1, 0, 0, 10, 10)], [new DetectedBox(1, 0, 0, 10, 10, 0.9), new DetectedBox(1, 50, 50, 10, 10, 0.8)]);
        var twice = new DetectionMetric([1]);
        twice.Update(1, [new GroundTruthBox(1, 0, 0, 10, 10)], [new DetectedBox(1, 0, 0, 10, 10, 0.9)]);
        twice.Update(1, [], [new DetectedBox(1, 50, 50, 10, 10, 0.8)]);
        AssertSame(once.ComputeResult(), twice.ComputeResult());
    }

    [Fact]
    public void StateRejectsOtherCategoriesAndGarbage()
    {
        var a = new DetectionMetric([1, 2]);
        a.Update(1, [new GroundTruthBox(1, 0, 0, 10, 10)], []);
        Assert.Throws<ArgumentException>(() => new DetectionMetric([1, 3]).LoadState(a.SaveState()));
        Assert.Throws<ArgumentException>(() => new DetectionMetric([1, 2]).LoadState(new byte[] { 1, 2, 3 }));
        Assert.Throws<ArgumentException>(() => new DetectionMetric([1, 2]).LoadState(a.SaveState().AsSpan(0, 20)));
        Assert.Throws<ArgumentException>(() => a.Merge(new DetectionMetric([1, 2], new DetectionOptions(DetectionProtocol.Voc))));
    }

    [Fact]
    public void BadBoxesAreRejectedAtUpdate()
    {
        var m = new DetectionMetric([1]);
        var e = Assert.Throws<ArgumentException>(() => m.Update(5, [new GroundTruthBox(1, 0, 0, -1, 10)], []));
        Assert.Contains("image 5, ground truth 0: negative box size", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Update(5, [], [new DetectedBox(2, 0, 0, 1, 1, 0.5)]));
        Assert.Contains("unknown category 2", e.Message);
        Assert.Throws<ArgumentException>(() => m.Update(5, [], [new DetectedBox(1, 0, 0, 1, 1, double.NaN)]));
        Assert.Throws<InvalidOperationException>(() => m.ComputeResult());
    }

    [Fact]
    public void ScoreOrderIsNumpysStableArgsortOfTheNegatedScores()
    {
        // Reference: LINQ's OrderByDescending is a stable sort (ties keep position order), which is what
        // np.argsort(-s, kind='mergesort') gives; -0 and +0 compare equal in both.
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var scores = new double[rng.Next(0, 300)];
            for (int i = 0; i < scores.Length; i++)
            {
                double v = rng.NextDouble() * 6 - 3;
                scores[i] = rng.Next(6) switch
                {
                    0 => 0.0,
                    1 => -0.0,
                    2 => Math.Round(v, 1), // many ties
                    3 => double.MaxValue * Math.Sign(v),
                    _ => v,
                };
            }
            var order = new int[scores.Length];
            CocoEvaluation.StableArgsortDescending(scores, order, new ulong[scores.Length]);
            var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
            Assert.Equal(expected, order);
        });
    }
}
