using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>COCO JSON reading: round trips and one-line errors naming file and entry.</summary>
public sealed class CocoJsonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-cocojson").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        string p = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    private const string Gt = """
        {"info": {"year": 2024}, "images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0, "segmentation": [[0, 0, 1, 1]]}],
         "categories": [{"id": 7, "name": "cat"}, {"id": 9, "name": "dog"}]}
        """;

    [Fact]
    public void ReadsGroundTruthAndResults()
    {
        // One exact detection (TP) and one in the annotation-less image 2 ranked first (FP): AP = 0.5 (see CocoHandTests).
        string gt = File("gt.json", Gt);
        string dt = File("dt.json", """[{"image_id": 2, "category_id": 7, "bbox": [0, 0, 10, 10], "score": 0.9}, {"image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "score": 0.8}]""");
        var (metric, categories) = CocoJson.LoadGroundTruth(gt);
        Assert.Equal([new CocoJson.Category(7, "cat"), new CocoJson.Category(9, "dog")], categories);
        CocoJson.AddResults(metric, dt);
        var r = metric.ComputeResult();
        Assert.Equal(0.5, r.Summary["map"]);
        Assert.Equal([0.5, -1], r.PerClassAp);
    }

    [Theory]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, -5, 10], "score": 0.9}]""", "results[0].bbox: negative box size -5 × 10")]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, 5, 10], "score": 0.9}, {"image_id": 3, "category_id": 7, "bbox": [0, 0, 5, 10], "score": 0.9}]""", "results[1]: image_id 3 is not in the ground truth")]
    [InlineData("""[{"image_id": 1, "category_id": 8, "bbox": [0, 0, 5, 10], "score": 0.9}]""", "results[0]: unknown category_id 8")]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, 5], "score": 0.9}]""", "results[0].bbox: 3 numbers, expected 4")]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, 5, 5]}]""", "results[0]: no score")]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, 5, 5], "score": "high"}]""", "results[0].score: expected a finite number, found 'high'")]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, 5, 5], "score": 0.5""", "malformed JSON")]
    public void BadResultsNameFileAndEntry(string results, string expected)
    {
        string gt = File("gt.json", Gt);
        string dt = File("dt.json", results);
        var e = Assert.Throws<InvalidDataException>(() => CocoJson.Load(gt, dt));
        Assert.StartsWith(dt + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BadGroundTruthNamesTheAnnotation()
    {
        string gt = File("gt.json", Gt.Replace("\"category_id\": 7, \"bbox\"", "\"category_id\": 8, \"bbox\""));
        var e = Assert.Throws<InvalidDataException>(() => CocoJson.LoadGroundTruth(gt));
        Assert.Equal($"{gt}: annotations[0]: unknown category_id 8", e.Message);
    }

    [Theory]
    [InlineData("},{\\\"x")] // an escaped quote before the split: string state tracked quote by quote
    [InlineData("}, {x")]       // no escapes: string state from the parity of the quotes
    public void LargeResultsFilesParsedInTwoHalvesKeepFileOrderAndIndices(string note)
    {
        // > 1 MiB: read as two halves in parallel; ties within an image must keep file order, and an error in
        // the second half must still carry its index in the whole file. The note strings look like element
        // boundaries and must not be taken for one.
        var sb = new System.Text.StringBuilder("[");
        int n = 30000;
        for (int i = 0; i < n; i++)
            sb.Append(i == 0 ? "" : ", ").Append("{\"image_id\": 1, \"category_id\": 7, \"bbox\": [").Append(i % 2 == 0 ? "0, 0, 100, 100" : "500, 500, 10, 10").Append("], \"score\": 0.5, \"note\": \"").Append(note).Append("\"}");
        sb.Append(']');
        string gt = File("gt.json", Gt);
        string dt = File("dt.json", sb.ToString());
        Assert.True(new FileInfo(dt).Length > 1 << 20);
        var m = CocoJson.Load(gt, dt);
        // All tied; first in file order is the exact match (TP), then 29,999 FPs → precision [P1, 1/2, 1/3, …],
        // recall 1 from the first → AP = P1 (the first 100 per image and category count).
        Assert.Equal(1 / (1 + Math.Pow(2, -52)), m.ComputeResult().Summary["map"]);
        string bad = File("bad.json", sb.ToString().Replace("[500, 500, 10, 10], \"score\": 0.5, \"note\": \"" + note + "\"}]", "[500, 500, -10, 10], \"score\": 0.5}]"));
        var e = Assert.Throws<InvalidDataException>(() => CocoJson.Load(gt, bad));
        Assert.Contains($"results[{n - 1}].bbox: negative box size", e.Message);
        // The halves are cut in a private mapping of the file: the file itself is never written.
        Assert.Equal(sb.ToString(), System.IO.File.ReadAllText(dt));
        string unknown = File("unknown.json", sb.ToString()[..^1] + ", {\"image_id\": 9, \"category_id\": 7, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}]");
        e = Assert.Throws<InvalidDataException>(() => CocoJson.Load(gt, unknown));
        Assert.Equal($"{unknown}: results[{n}]: image_id 9 is not in the ground truth", e.Message);
    }

    [Fact]
    public void EmptyResultsFileIsRefusedWithItsName()
    {
        string gt = File("gt.json", Gt);
        string dt = File("empty.json", "");
        var e = Assert.Throws<InvalidDataException>(() => CocoJson.Load(gt, dt));
        Assert.StartsWith(dt + ": ", e.Message);
    }

    [Fact]
    public void WrittenFilesReadBack()
    {
        string gt = Path.Combine(_dir, "w_gt.json"), dt = Path.Combine(_dir, "w_dt.json");
        using (var f = System.IO.File.Create(gt))
            CocoJson.WriteGroundTruth(f, [4, 8], [(4, new GroundTruthBox(2, 1.5, 2.25, 30.125, 40, area: 999.5, isCrowd: true)), (8, new GroundTruthBox(2, 0, 0, 10, 10))], [new CocoJson.Category(2, "b")]);
        using (var f = System.IO.File.Create(dt))
            CocoJson.WriteResults(f, [(8, new DetectedBox(2, 0.1, 0.2, 10.3, 9.7, 0.123456789012345))]);
        var direct = new DetectionMetric([2]);
        direct.Update(4, [new GroundTruthBox(2, 1.5, 2.25, 30.125, 40, area: 999.5, isCrowd: true)], []);
        direct.Update(8, [new GroundTruthBox(2, 0, 0, 10, 10)], [new DetectedBox(2, 0.1, 0.2, 10.3, 9.7, 0.123456789012345)]);
        Assert.Equal(direct.SaveState(), CocoJson.Load(gt, dt).SaveState());
    }
}
