using System.Text.Json;

namespace Plumb.Cli.Tests;

/// <summary>
/// <c>plumb eval-detection</c> on the hand-worked cases of Plumb.Metrics' detection tests, written as COCO
/// JSON, YOLO label folders and VOC XML.
/// </summary>
public sealed class EvalDetectionCommandTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Gt = """
        {"images": [{"id": 1}, {"id": 2}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0}],
         "categories": [{"id": 7, "name": "cat"}, {"id": 9, "name": "dog"}]}
        """;

    [Fact]
    public void Coco_json_reports_the_twelve_keys_and_per_class()
    {
        // Ranked: FP in image 2 (0.9), exact TP in image 1 (0.8) → precision [0, 0.5] → AP 0.5 at every IoU;
        // dog has no ground truth → −1, left out.
        string gt = _files.Text("gt.json", Gt);
        string dt = _files.Text("dt.json", """[{"image_id": 2, "category_id": 7, "bbox": [0, 0, 10, 10], "score": 0.9}, {"image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "score": 0.8}]""");
        var (code, output, err) = CliTests.Run("eval-detection", "--gt", gt, "--pred", dt, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var key in new[] { "map", "map_50", "map_75", "map_medium", "map_large", "mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal(0.5, root.GetProperty("map").GetDouble());
        Assert.Equal(-1, root.GetProperty("map_small").GetDouble());
        Assert.Equal(0.5, root.GetProperty("per_class").GetProperty("cat").GetDouble());
        Assert.Equal(-1, root.GetProperty("per_class").GetProperty("dog").GetDouble());
        var (code2, text, _) = CliTests.Run("eval-detection", "--gt", gt, "--pred", dt);
        Assert.Equal(0, code2);
        Assert.Contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.500", text);
    }

    [Theory]
    [InlineData("""[{"image_id": 1, "category_id": 7, "bbox": [0, 0, -5, 10], "score": 0.9}]""", "results[0].bbox: negative box size -5 × 10")]
    [InlineData("""[{"image_id": 4, "category_id": 7, "bbox": [0, 0, 5, 10], "score": 0.9}]""", "results[0]: image_id 4 is not in the ground truth")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 5, 10], "score": 0.9}]""", "results[0]: unknown category_id 3")]
    [InlineData("""[{"image_id": 1, """, "malformed JSON")]
    public void Bad_coco_input_is_one_line_exit_2(string results, string expected)
    {
        string gt = _files.Text("gt.json", Gt);
        string dt = _files.Text("dt.json", results);
        var (code, _, err) = CliTests.Run("eval-detection", "--gt", gt, "--pred", dt);
        Assert.Equal(2, code);
        Assert.Contains(dt + ": ", err);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    private (string Gt, string Pred, string Names) Yolo()
    {
        // The darknet case of VocDarknetHandTests in normalised units (×0.01): classes a, b (b without ground truth).
        string gt = Path.Combine(_files.Dir, "labels"), pred = Path.Combine(_files.Dir, "preds");
        Directory.CreateDirectory(gt);
        Directory.CreateDirectory(pred);
        File.WriteAllLines(Path.Combine(gt, "img1.txt"), ["0 0.05 0.05 0.1 0.1", "0 0.25 0.05 0.1 0.1"]);
        File.WriteAllLines(Path.Combine(gt, "img2.txt"), ["0 0.05 0.05 0.1 0.1"]);
        File.WriteAllLines(Path.Combine(pred, "img1.txt"), ["0 0.05 0.05 0.1 0.1 0.9", "0 0.05 0.05 0.1 0.1 0.2", "1 0.55 0.55 0.1 0.1 0.8"]);
        File.WriteAllLines(Path.Combine(pred, "img2.txt"), ["0 0.05 0.05 0.1 0.1 0.3", "0 0.05 0.05 0.1 0.1 0.95"]);
        return (gt, pred, _files.Text("obj.names", "a", "b"));
    }

    [Fact]
    public void Yolo_folders_under_darknet_give_map_and_the_threshold_block()
    {
        // AP(a) = 2/3, AP(b) = 0 → mAP 1/3; at conf 0.25: TP 2, FP 2, FN 1, average IoU 0.5 (worked in VocDarknetHandTests).
        var (gt, pred, names) = Yolo();
        var (code, output, err) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names, "--protocol", "darknet", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(1 / 3.0, root.GetProperty("map_50").GetDouble(), 12);
        Assert.Equal(2 / 3.0, root.GetProperty("per_class").GetProperty("a").GetDouble(), 12);
        var t = root.GetProperty("threshold");
        Assert.Equal(2, t.GetProperty("tp").GetInt32());
        Assert.Equal(2, t.GetProperty("fp").GetInt32());
        Assert.Equal(1, t.GetProperty("fn").GetInt32());
        Assert.Equal(0.5, t.GetProperty("average_iou").GetDouble(), 6);
        Assert.Equal(1, root.GetProperty("per_class_counts").GetProperty("b").GetProperty("fp").GetInt32());
    }

    [Fact]
    public void Yolo_predictions_for_an_unknown_image_exit_2()
    {
        var (gt, pred, names) = Yolo();
        File.WriteAllLines(Path.Combine(pred, "img9.txt"), ["0 0.5 0.5 0.1 0.1 0.9"]);
        var (code, _, err) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names);
        Assert.Equal(2, code);
        Assert.Contains("img9.txt: predictions for image 'img9', which has no ground-truth file", err);
        File.Delete(Path.Combine(pred, "img9.txt"));
        File.WriteAllLines(Path.Combine(pred, "img2.txt"), ["0 0.5 0.5 -0.1 0.1 0.9"]);
        (code, _, err) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names);
        Assert.Equal(2, code);
        Assert.Contains("img2.txt:1: negative box size -0.1 × 0.1", err);
    }

    [Theory]
    [InlineData("voc", 0.75)]
    [InlineData("voc07", 8.5 / 11)]
    public void Voc_xml_with_per_class_files(string protocol, double expected)
    {
        // The VOC case of VocDarknetHandTests: AP 0.75 (all-point), 8.5/11 (11-point).
        string ann = Path.Combine(_files.Dir, "Annotations"), res = Path.Combine(_files.Dir, "results");
        Directory.CreateDirectory(ann);
        Directory.CreateDirectory(res);
        static string Obj(string name, int x1, int y1, int x2, int y2, int difficult) =>
            $"<object><name>{name}</name><difficult>{difficult}</difficult><bndbox><xmin>{x1}</xmin><ymin>{y1}</ymin><xmax>{x2}</xmax><ymax>{y2}</ymax></bndbox></object>";
        File.WriteAllText(Path.Combine(ann, "000001.xml"), $"<annotation><filename>000001.jpg</filename>{Obj("car", 0, 0, 9, 9, 0)}{Obj("car", 20, 20, 29, 29, 1)}</annotation>");
        File.WriteAllText(Path.Combine(ann, "000002.xml"), $"<annotation><filename>000002.jpg</filename>{Obj("car", 0, 0, 9, 9, 0)}</annotation>");
        File.WriteAllLines(Path.Combine(res, "comp4_det_test_car.txt"),
            ["000001 0.9 0 0 9 9", "000001 0.8 0 0 9 9", "000001 0.7 20 20 29 29", "000002 0.6 50 50 59 59", "000002 0.5 0 0 9 9"]);
        var (code, output, err) = CliTests.Run("eval-detection", "--format", "voc", "--gt", ann, "--pred", res, "--protocol", protocol, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(expected, doc.RootElement.GetProperty("map_50").GetDouble(), 15);
        Assert.Equal(expected, doc.RootElement.GetProperty("per_class").GetProperty("car").GetDouble(), 15);
    }

    [Fact]
    public void Errors_flag_adds_tide_and_the_confusion_matrix()
    {
        // cat: FP 0.9 on the empty image 2, TP 0.8 → TIDE AP 1/2 (precision 0 then 1/2, envelope 1/2); the FP is a
        // background error, removing it gives AP 1: ΔAP bkg 1/2. Confusion: cat found once, one cat on background.
        string gt = _files.Text("gt.json", Gt);
        string dt = _files.Text("dt.json", """[{"image_id": 2, "category_id": 7, "bbox": [0, 0, 10, 10], "score": 0.9}, {"image_id": 1, "category_id": 7, "bbox": [0, 0, 100, 100], "score": 0.8}]""");
        var (code, output, err) = CliTests.Run("eval-detection", "--gt", gt, "--pred", dt, "--json", "--errors");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var tide = doc.RootElement.GetProperty("tide");
        Assert.Equal(0.5, tide.GetProperty("ap").GetDouble(), 12);
        Assert.Equal(0.5, tide.GetProperty("delta_ap").GetProperty("bkg").GetDouble(), 12);
        Assert.Equal(0, tide.GetProperty("delta_ap").GetProperty("cls").GetDouble());
        Assert.Equal(1, tide.GetProperty("counts").GetProperty("bkg").GetInt32());
        Assert.Equal(0.5, tide.GetProperty("false_pos").GetDouble(), 12);
        var c = doc.RootElement.GetProperty("confusion");
        Assert.Equal(["cat", "dog", "background"], c.GetProperty("rows").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["cat", "dog", "missed"], c.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("[[1,0,0],[0,0,0],[1,0,0]]", c.GetProperty("counts").GetRawText().Replace(" ", "").Replace("\n", ""));
        var (code2, text, _) = CliTests.Run("eval-detection", "--gt", gt, "--pred", dt, "--errors");
        Assert.Equal(0, code2);
        Assert.Contains("TIDE (IoU 0.500, background 0.100): AP 0.500", text);
    }

    [Fact]
    public void Yolo_image_sizes_come_from_png_and_jpeg_headers_beside_the_labels()
    {
        // 1000 × 1000 images: the 0.1-wide boxes are 100 px wide (area 10⁴: large), so map_small is −1 and the
        // result equals the one with the same sizes given by --sizes.
        var (gt, pred, names) = Yolo();
        string images = Path.Combine(_files.Dir, "images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "img1.png"), ImageBytes.Png(1000, 1000));
        File.WriteAllBytes(Path.Combine(images, "img2.jpg"), ImageBytes.Jpeg(1000, 1000));
        string sizes = _files.Text("sizes.txt", "img1 1000 1000", "img2 1000 1000");
        var (code, fromImages, err) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names, "--json");
        Assert.True(code == 0, err);
        var (_, fromList, _) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names, "--sizes", sizes, "--json");
        Assert.Equal(fromList, fromImages);
        using var doc = JsonDocument.Parse(fromImages);
        Assert.Equal(-1, doc.RootElement.GetProperty("map_small").GetDouble());
        File.Delete(Path.Combine(images, "img2.jpg"));
        File.WriteAllBytes(Path.Combine(images, "img2.gif"), [0x47, 0x49, 0x46]);
        var (code2, _, err2) = CliTests.Run("eval-detection", "--format", "yolo", "--gt", gt, "--pred", pred, "--names", names, "--images", images);
        Assert.Equal(2, code2);
        Assert.Contains(Path.Combine(images, "img2.gif") + ": only PNG and JPEG image sizes are read; give the sizes with --sizes", err2);
    }

    [Theory]
    [InlineData("--protocol", "yolo9", "--protocol: unknown protocol 'yolo9'")]
    [InlineData("--points", "7", "--points: 7 is not 0, 11 or 101")]
    [InlineData("--format", "yolo", "--format yolo needs --names")]
    public void Bad_options_exit_2(string option, string value, string expected)
    {
        string gt = _files.Text("gt.json", Gt);
        var (code, _, err) = CliTests.Run("eval-detection", "--gt", gt, "--pred", gt, option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }
}
