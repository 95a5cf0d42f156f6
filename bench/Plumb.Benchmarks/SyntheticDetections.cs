using Plumb.Metrics.Detection;

namespace Plumb.Benchmarks;

/// <summary>
/// Seeded synthetic COCO-style detection sets that reach every branch of the protocols: crowd regions, empty
/// images, images with ground truth only, a category without ground truth (3) and one without detections (4),
/// areas exactly on the 32² and 96² bounds, boxes of every size, duplicates, wrong classes, and score ties
/// (scores rounded to 2 decimals when <c>ties</c>).
/// </summary>
public static class SyntheticDetections
{
    /// <summary>One generated set: image ids, annotations and detections per image in file order.</summary>
    public sealed record Set(long[] ImageIds, int[] CategoryIds, List<(long Image, GroundTruthBox Box)> GroundTruths, List<(long Image, DetectedBox Box)> Detections);

    private static readonly double[] Sizes = [8, 20, 31, 32, 40, 90, 96, 97, 150, 300];

    /// <summary>Generates <paramref name="images"/> images over <paramref name="categories"/> categories with <paramref name="detectionsPerImage"/> detections each.</summary>
    public static Set Generate(int seed, int images, int categories, int detectionsPerImage, bool ties, int decimals = -1)
    {
        var rnd = new Random(seed);
        double Q(double v) => decimals < 0 ? v : Math.Round(v, decimals);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
        var ids = new long[images];
        var gts = new List<(long, GroundTruthBox)>();
        var dts = new List<(long, DetectedBox)>();
        for (int i = 1; i <= images; i++)
        {
            long id = i * 3L;
            ids[i - 1] = id;
            if (i % 17 == 0) continue; // empty image
            var mine = new List<GroundTruthBox>();
            int n = rnd.Next(0, 13);
            for (int j = 0; j < n; j++)
            {
                int c = rnd.Next(1, categories + 1);
                if (c == 3 && categories >= 4) c = 2; // category 3 has no ground truth
                double s = Sizes[rnd.Next(Sizes.Length)];
                double w = Q(Math.Max(1, (0.5 + rnd.NextDouble()) * s)), h = Q(Math.Max(1, (0.5 + rnd.NextDouble()) * s));
                double x = Q(rnd.NextDouble() * (640 - Math.Min(w, 600))), y = Q(rnd.NextDouble() * (480 - Math.Min(h, 400)));
                double area = rnd.Next(4) switch { 0 => w * h, 1 => w * h * 0.7, 2 => 1024, _ => 9216 };
                var g = new GroundTruthBox(c, x, y, w, h, area, isCrowd: rnd.NextDouble() < 0.05);
                mine.Add(g);
                gts.Add((id, g));
            }
            if (i % 23 == 0) continue; // ground truth only
            DetectedBox? previous = null;
            for (int j = 0; j < detectionsPerImage; j++)
            {
                double score = ties ? Math.Round(rnd.NextDouble(), 2) : rnd.NextDouble();
                DetectedBox d;
                if (previous is { } p && rnd.NextDouble() < 0.1)
                    d = p with { X = Q(p.X + 2 * Gauss()), Y = Q(p.Y + 2 * Gauss()) }; // a duplicate with the same score
                else if (mine.Count > 0 && rnd.NextDouble() < 0.6)
                {
                    var g = mine[rnd.Next(mine.Count)];
                    int c = rnd.NextDouble() < 0.15 ? rnd.Next(1, categories + 1) : g.CategoryId;
                    double w = Q(Math.Abs(g.Width + Gauss() * 0.12 * Math.Max(g.Width, 4)));
                    double h = Q(Math.Abs(g.Height + Gauss() * 0.12 * Math.Max(g.Height, 4)));
                    d = new DetectedBox(c, Q(g.X + Gauss() * 0.1 * g.Width), Q(g.Y + Gauss() * 0.1 * g.Height), w, h, score);
                }
                else
                {
                    double s = new[] { 10.0, 30, 60, 100, 200 }[rnd.Next(5)];
                    d = new DetectedBox(rnd.Next(1, categories + 1), Q(rnd.NextDouble() * 600), Q(rnd.NextDouble() * 450),
                        Q((0.5 + rnd.NextDouble()) * s), Q((0.5 + rnd.NextDouble()) * s), score);
                }
                if (d.CategoryId == 4 && categories >= 4) d = d with { CategoryId = categories >= 5 ? 5 : 1 }; // category 4 has no detections
                dts.Add((id, d));
                previous = d;
            }
        }
        return new Set(ids, Enumerable.Range(1, categories).ToArray(), gts, dts);
    }

    /// <summary>Writes the set as COCO ground truth and results files.</summary>
    public static void Write(Set set, string groundTruthPath, string resultsPath)
    {
        using (var f = File.Create(groundTruthPath))
            CocoJson.WriteGroundTruth(f, set.ImageIds, set.GroundTruths, set.CategoryIds.Select(c => new CocoJson.Category(c, $"c{c}")));
        using (var f = File.Create(resultsPath))
            CocoJson.WriteResults(f, set.Detections);
    }

    /// <summary>A metric holding the set.</summary>
    public static DetectionMetric ToMetric(Set set, DetectionOptions? options = null)
    {
        var m = new DetectionMetric(set.CategoryIds, options);
        var gt = set.GroundTruths.ToLookup(g => g.Image, g => g.Box);
        var dt = set.Detections.ToLookup(d => d.Image, d => d.Box);
        foreach (long id in set.ImageIds) m.Update(id, gt[id].ToArray(), dt[id].ToArray());
        return m;
    }
}
