using System.Globalization;

namespace Plumb.Metrics.Detection;

/// <summary>
/// YOLO / darknet label folders: one <c>NAME.txt</c> per image, a line <c>class cx cy w h</c> per ground-truth box
/// (normalised to [0, 1]); predictions the same with a trailing confidence (<c>class cx cy w h conf</c>).
/// </summary>
/// <remarks>
/// <para>Images are the ground-truth files (an empty file is an image without objects), numbered 1, 2, … in
/// ordinal name order; a prediction file without a ground-truth file is an error. With image sizes
/// (<see cref="ReadSizes"/>: lines <c>NAME width height</c>) boxes are converted to pixels (x = (cx − w/2)·W),
/// so COCO's area ranges apply; without, they stay normalised. Classes are 0 … <c>classCount</c> − 1.</para>
/// <code>
/// var m = YoloLabels.Load("labels/val", "runs/preds", classCount: 80, options: new(DetectionProtocol.Darknet));
/// </code>
/// </remarks>
public static class YoloLabels
{
    /// <summary>Reads a sizes list: <c>NAME width height</c> per line (NAME without extension).</summary>
    /// <exception cref="InvalidDataException">A malformed line (the message names file and line).</exception>
    public static Dictionary<string, (double Width, double Height)> ReadSizes(string path)
    {
        var sizes = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        int n = 0;
        foreach (string line in ReadLines(path))
        {
            n++;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            if (f.Length != 3 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double w) ||
                !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double h) || !(w > 0) || !(h > 0))
                throw new InvalidDataException($"{path}:{n}: expected 'NAME width height' with positive sizes, found '{line.Trim()}'");
            sizes[Path.GetFileNameWithoutExtension(f[0])] = (w, h);
        }
        return sizes;
    }

    /// <summary>
    /// Image sizes read from the PNG / JPEG headers in <paramref name="imageDir"/>, one per ground-truth file of
    /// <paramref name="groundTruthDir"/> (<c>NAME.txt</c> ↔ <c>NAME.png</c>, <c>.jpg</c> or <c>.jpeg</c>, any case).
    /// </summary>
    /// <exception cref="InvalidDataException">No image for a label file, an image in another format, or an unreadable header (the message names the file).</exception>
    public static Dictionary<string, (double Width, double Height)> ReadSizesFromImages(string groundTruthDir, string imageDir)
    {
        if (!Directory.Exists(imageDir)) throw new InvalidDataException($"{imageDir}: no such folder");
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(imageDir))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (!byName.TryGetValue(name, out var l)) byName[name] = l = [];
            l.Add(file);
        }
        var sizes = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var (name, labelPath) in List(groundTruthDir))
        {
            if (!byName.TryGetValue(name, out var files))
                throw new InvalidDataException($"{labelPath}: no image '{name}.png' or '{name}.jpg' in {imageDir} (or give --sizes)");
            string? image = files.Where(f => ImageHeader.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
            if (image is null)
                throw new InvalidDataException($"{files.OrderBy(f => f, StringComparer.Ordinal).First()}: only PNG and JPEG image sizes are read; give the sizes with --sizes");
            var (w, h) = ImageHeader.ReadSize(image);
            sizes[name] = (w, h);
        }
        return sizes;
    }

    /// <summary>The darknet / ultralytics layout: the image folder beside a label folder, <c>…/labels/…</c> → <c>…/images/…</c> (the last <c>labels</c> component); null when there is none.</summary>
    public static string? ConventionalImageDir(string groundTruthDir)
    {
        var parts = Path.GetFullPath(groundTruthDir).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        int i = Array.LastIndexOf(parts, "labels");
        if (i < 0) return null;
        parts[i] = "images";
        string dir = string.Join(Path.DirectorySeparatorChar, parts);
        return Directory.Exists(dir) ? dir : null;
    }

    /// <summary>Loads a ground-truth folder and a predictions folder into a metric over classes 0 … <paramref name="classCount"/> − 1.</summary>
    /// <exception cref="InvalidDataException">A malformed line, a class out of range, a negative size, a prediction for an image without ground truth, a missing size.</exception>
    public static DetectionMetric Load(string groundTruthDir, string predictionDir, int classCount,
        IReadOnlyDictionary<string, (double Width, double Height)>? sizes = null, DetectionOptions? options = null)
    {
        var gtFiles = List(groundTruthDir);
        var predFiles = List(predictionDir);
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, _) in gtFiles) index[name] = index.Count + 1;
        foreach (var (name, path) in predFiles)
            if (!index.ContainsKey(name)) throw new InvalidDataException($"{path}: predictions for image '{name}', which has no ground-truth file in {groundTruthDir}");
        var metric = new DetectionMetric(Enumerable.Range(0, classCount), options);
        var preds = predFiles.ToDictionary(p => p.Name, p => p.Path, StringComparer.Ordinal);
        foreach (var (name, path) in gtFiles)
        {
            (double W, double H) size = (1, 1);
            if (sizes is not null && !sizes.TryGetValue(name, out size)) throw new InvalidDataException($"{path}: no image size for '{name}' in the sizes list");
            var gts = new List<GroundTruthBox>();
            foreach (var (c, x, y, w, h, _, _) in ReadBoxes(path, classCount, withScore: false, size))
                gts.Add(new GroundTruthBox(c, x, y, w, h));
            var dts = new List<DetectedBox>();
            if (preds.TryGetValue(name, out var predPath))
                foreach (var (c, x, y, w, h, s, _) in ReadBoxes(predPath, classCount, withScore: true, size))
                    dts.Add(new DetectedBox(c, x, y, w, h, s));
            metric.Update(index[name], gts.ToArray(), dts.ToArray());
        }
        return metric;
    }

    /// <summary>Writes one image's boxes as a YOLO label file (normalised by the image size).</summary>
    public static void Write(TextWriter writer, IEnumerable<GroundTruthBox> boxes, double imageWidth = 1, double imageHeight = 1)
    {
        foreach (var b in boxes)
            writer.WriteLine(Line(b.CategoryId, b.X, b.Y, b.Width, b.Height, imageWidth, imageHeight));
    }

    /// <summary>Writes one image's detections as a YOLO prediction file (normalised, confidence last).</summary>
    public static void Write(TextWriter writer, IEnumerable<DetectedBox> boxes, double imageWidth = 1, double imageHeight = 1)
    {
        foreach (var b in boxes)
            writer.WriteLine(Line(b.CategoryId, b.X, b.Y, b.Width, b.Height, imageWidth, imageHeight) + " " + b.Score.ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Line(int c, double x, double y, double w, double h, double iw, double ih) =>
        string.Join(' ', c.ToString(CultureInfo.InvariantCulture), R((x + w / 2) / iw), R((y + h / 2) / ih), R(w / iw), R(h / ih));

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static List<(string Name, string Path)> List(string dir)
    {
        if (!Directory.Exists(dir)) throw new InvalidDataException($"{dir}: no such folder");
        return Directory.GetFiles(dir, "*.txt").Select(p => (Path.GetFileNameWithoutExtension(p), p))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try { return File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"{path}: {e.Message}"); }
    }

    private static IEnumerable<(int C, double X, double Y, double W, double H, double Score, int Line)> ReadBoxes(string path, int classCount, bool withScore, (double W, double H) size)
    {
        int n = 0;
        foreach (string line in ReadLines(path))
        {
            n++;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            int expected = withScore ? 6 : 5;
            if (f.Length != expected)
                throw new InvalidDataException($"{path}:{n}: expected {(withScore ? "'class cx cy w h conf'" : "'class cx cy w h'")}, found {f.Length} fields");
            if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c >= classCount)
                throw new InvalidDataException($"{path}:{n}: class '{f[0]}' is not in 0…{classCount - 1}");
            var v = new double[expected - 1];
            for (int j = 1; j < expected; j++)
                if (!double.TryParse(f[j], NumberStyles.Float, CultureInfo.InvariantCulture, out v[j - 1]) || !double.IsFinite(v[j - 1]))
                    throw new InvalidDataException($"{path}:{n}: field {j + 1} '{f[j]}' is not a number");
            if (v[2] < 0 || v[3] < 0) throw new InvalidDataException($"{path}:{n}: negative box size {f[3]} × {f[4]}");
            double w = v[2] * size.W, h = v[3] * size.H;
            yield return (c, v[0] * size.W - w / 2, v[1] * size.H - h / 2, w, h, withScore ? v[4] : 0, n);
        }
    }
}
