using Plumb.Benchmarks;
using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>
/// The 12 summary statistics and per-category AP of pycocotools on seeded synthetic sets
/// (<see cref="SyntheticDetections"/>: crowd regions, empty images, a category without ground truth and one
/// without detections, areas on the 32²/96² bounds, duplicates, score ties, &gt; 100 detections per image).
/// </summary>
/// <remarks>
/// Provenance: pycocotools 2.0.11 (built from its source, numpy 1.24.2, CPython 3.11) on the files written by
/// <see cref="SyntheticDetections.Write"/>:
/// <code>
/// gt = COCO("A_gt.json"); dt = gt.loadRes("A_dt.json"); E = COCOeval(gt, dt, "bbox")
/// E.evaluate(); E.accumulate(); E.summarize()
/// stats = list(E.stats)
/// per_class[k] = np.mean(p[p > -1]) for p = E.eval["precision"][:, :, k, 0, 2]   (-1 when empty)
/// </code>
/// Plumb matched every value bit for bit; the tests allow 1e-15.
/// </remarks>
public sealed class CocoReferenceTests
{
    public static TheoryData<string> Sets => ["A", "B", "C"];

    private static SyntheticDetections.Set Generate(string name) => name switch
    {
        "A" => SyntheticDetections.Generate(1, 300, 6, 20, ties: true, decimals: 1),
        "B" => SyntheticDetections.Generate(2, 400, 8, 30, ties: false),
        _ => SyntheticDetections.Generate(3, 150, 5, 130, ties: true, decimals: 0),
    };

    private static readonly Dictionary<string, (double[] Stats, double[] PerClass)> Reference = new()
    {
        ["A"] = ([0.05792399063270413, 0.14846382658859858, 0.030123750861297198, 0.07158230920711658, 0.09259800801705352, 0.0751608742699925,
                  0.09252100914909077, 0.2697798527399099, 0.2723543554651877, 0.2670112139431196, 0.280124338208409, 0.2793406432748538],
                 [0.07003813251293527, 0.10648581667463647, -1.0, 0.0, 0.033444264504419695, 0.0796517394715292]),
        ["B"] = ([0.07951468774755927, 0.19317976192268466, 0.04427537006387557, 0.1001221960395191, 0.11873231207694648, 0.09804655159232918,
                  0.128148778064903, 0.3585886367648383, 0.36375096476552454, 0.3668092344997816, 0.36128500882272585, 0.3636981726785675],
                 [0.09337828405042051, 0.12507222421955916, -1.0, 0.0, 0.04669902203159997, 0.1036187628014533, 0.08563972721029674, 0.1021947939195852]),
        ["C"] = ([0.08627682166561461, 0.19373812087763867, 0.058138513822180694, 0.09802943721606976, 0.14355757078715875, 0.1075393600093837,
                  0.07300645720457041, 0.34372135551380834, 0.5244205872743609, 0.5359389219087702, 0.5203296477414656, 0.514280303030303],
                 [0.11337493258343549, 0.173653591085523, -1.0, 0.0, 0.05807876299349993]),
    };

    private static void AssertMatches(string name, DetectionResult r)
    {
        var (stats, perClass) = Reference[name];
        for (int i = 0; i < 12; i++) Assert.Equal(stats[i], r.Summary[DetectionResult.CocoKeys[i]], 1e-15);
        Assert.Equal(perClass.Length, r.PerClassAp.Length);
        for (int k = 0; k < perClass.Length; k++) Assert.Equal(perClass[k], r.PerClassAp[k], 1e-15);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void InMemoryEqualsPycocotools(string name) => AssertMatches(name, SyntheticDetections.ToMetric(Generate(name)).ComputeResult());

    [Theory]
    [MemberData(nameof(Sets))]
    public void CocoJsonFilesEqualPycocotools(string name)
    {
        string dir = Directory.CreateTempSubdirectory("plumb-coco").FullName;
        try
        {
            string gt = Path.Combine(dir, "gt.json"), dt = Path.Combine(dir, "dt.json");
            SyntheticDetections.Write(Generate(name), gt, dt);
            AssertMatches(name, CocoJson.Load(gt, dt).ComputeResult());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
