using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Plumb.Metrics.Detection;

/// <summary>
/// Pascal VOC: ground truth as one XML annotation per image (<c>&lt;object&gt;&lt;name&gt;</c>,
/// <c>&lt;difficult&gt;</c>, <c>&lt;bndbox&gt;</c> xmin ymin xmax ymax, inclusive pixels), detections as the
/// VOC devkit's per-class files: <c>NAME.txt</c> per class (any prefix before the class name, e.g.
/// <c>comp4_det_test_NAME.txt</c>) with lines <c>image_id score xmin ymin xmax ymax</c>.
/// </summary>
/// <remarks>
/// Images are the XML files (image id = <c>&lt;filename&gt;</c> without extension, or the XML file name), numbered
/// in ordinal order; classes are the names file's, or the sorted names found in the annotations. Boxes are
/// stored as (xmin, ymin, xmax − xmin, ymax − ymin); the VOC protocols add the +1 pixel of <c>voc_eval</c>.
/// <code>
/// var m = VocXml.Load("VOC2007/Annotations", "results", ClassNames.Read("voc.names"), new(DetectionProtocol.Voc07));
/// </code>
/// </remarks>
public static class VocXml
{
    /// <summary>Loads annotation XMLs and per-class detection files.</summary>
    /// <exception cref="InvalidDataException">Malformed XML or line, an unknown class or image, a box with xmax &lt; xmin.</exception>
    public static DetectionMetric Load(string annotationsDir, string detectionsDir, IReadOnlyList<string>? classNames = null, DetectionOptions? options = null) =>
        LoadWithClassNames(annotationsDir, detectionsDir, classNames, options).Metric;

    /// <summary>As <see cref="Load"/>, also returning the class names (class i = name i).</summary>
    /// <exception cref="InvalidDataException">Malformed XML or line, an unknown class or image, a box with xmax &lt; xmin.</exception>
    public static (DetectionMetric Metric, IReadOnlyList<string> ClassNames) LoadWithClassNames(string annotationsDir, string detectionsDir, IReadOnlyList<string>? classNames = null, DetectionOptions? options = null)
    {
        if (!Directory.Exists(annotationsDir)) throw new InvalidDataException($"{annotationsDir}: no such folder");
        var files = Directory.GetFiles(annotationsDir, "*.xml").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var images = new List<(string Id, List<(string Name, double X1, double Y1, double X2, double Y2, bool Difficult)> Objects)>();
        foreach (var path in files)
        {
            XDocument doc;
            try { doc = XDocument.Load(path); }
            catch (XmlException e) { throw new InvalidDataException($"{path}: malformed XML: {e.Message}"); }
            string id = Path.GetFileNameWithoutExtension(doc.Root?.Element("filename")?.Value.Trim() is { Length: > 0 } fn ? fn : path);
            var objects = new List<(string, double, double, double, double, bool)>();
            int k = 0;
            foreach (var o in doc.Root?.Elements("object") ?? [])
            {
                string where = $"{path}: object {k++}";
                string name = o.Element("name")?.Value.Trim() ?? throw new InvalidDataException($"{where}: no <name>");
                var bb = o.Element("bndbox") ?? throw new InvalidDataException($"{where}: no <bndbox>");
                double V(string tag) => double.TryParse(bb.Element(tag)?.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                    ? v : throw new InvalidDataException($"{where}: <{tag}> missing or not a number");
                double x1 = V("xmin"), y1 = V("ymin"), x2 = V("xmax"), y2 = V("ymax");
                if (x2 < x1 || y2 < y1) throw new InvalidDataException($"{where}: negative box size (xmax {x2} < xmin {x1} or ymax {y2} < ymin {y1})");
                bool difficult = o.Element("difficult")?.Value.Trim() is "1";
                objects.Add((name, x1, y1, x2, y2, difficult));
            }
            images.Add((id, objects));
        }
        var names = classNames?.ToList() ?? images.SelectMany(i => i.Objects.Select(o => o.Name)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var classIndex = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var imageIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, _) in images)
            if (!imageIndex.TryAdd(id, imageIndex.Count)) throw new InvalidDataException($"{annotationsDir}: image '{id}' appears twice");
        var dets = images.Select(_ => new List<DetectedBox>()).ToArray();
        if (!Directory.Exists(detectionsDir)) throw new InvalidDataException($"{detectionsDir}: no such folder");
        foreach (var path in Directory.GetFiles(detectionsDir, "*.txt").OrderBy(p => p, StringComparer.Ordinal))
        {
            string file = Path.GetFileNameWithoutExtension(path);
            // The longest class name the file name ends with (comp4_det_test_car.txt → car).
            string? cls = names.Where(n => file.EndsWith(n, StringComparison.Ordinal)).OrderByDescending(n => n.Length).FirstOrDefault()
                ?? throw new InvalidDataException($"{path}: the file name ends with no class name ({string.Join(", ", names.Take(5))}…)");
            int c = classIndex[cls], n = 0;
            foreach (string line in File.ReadAllLines(path))
            {
                n++;
                var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 0) continue;
                if (f.Length != 6) throw new InvalidDataException($"{path}:{n}: expected 'image_id score xmin ymin xmax ymax', found {f.Length} fields");
                if (!imageIndex.TryGetValue(f[0], out int img)) throw new InvalidDataException($"{path}:{n}: image '{f[0]}' has no annotation in {annotationsDir}");
                var v = new double[5];
                for (int j = 0; j < 5; j++)
                    if (!double.TryParse(f[j + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[j]) || !double.IsFinite(v[j]))
                        throw new InvalidDataException($"{path}:{n}: field {j + 2} '{f[j + 1]}' is not a number");
                if (v[3] < v[1] || v[4] < v[2]) throw new InvalidDataException($"{path}:{n}: negative box size");
                dets[img].Add(new DetectedBox(c, v[1], v[2], v[3] - v[1], v[4] - v[2], v[0]));
            }
        }
        var metric = new DetectionMetric(Enumerable.Range(0, names.Count), options);
        for (int i = 0; i < images.Count; i++)
        {
            var gts = new List<GroundTruthBox>();
            foreach (var o in images[i].Objects)
            {
                if (!classIndex.TryGetValue(o.Name, out int c)) throw new InvalidDataException($"{files[i]}: class '{o.Name}' is not in the class names");
                gts.Add(new GroundTruthBox(c, o.X1, o.Y1, o.X2 - o.X1, o.Y2 - o.Y1, isDifficult: o.Difficult));
            }
            metric.Update(i + 1, gts.ToArray(), dets[i].ToArray());
        }
        return (metric, names);
    }
}
