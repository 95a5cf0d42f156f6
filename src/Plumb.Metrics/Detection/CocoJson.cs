using System.Text;
using System.Text.Json;

namespace Plumb.Metrics.Detection;

/// <summary>
/// COCO JSON: a ground-truth file (<c>images</c>, <c>annotations</c> with <c>bbox</c>, <c>area</c>,
/// <c>iscrowd</c>, <c>categories</c>) and a results file (a list of <c>{image_id, category_id, bbox, score}</c>),
/// read with one forward pass of <see cref="Utf8JsonReader"/>.
/// </summary>
/// <remarks>
/// <para>Every image of the ground truth is evaluated (an image without annotations still counts its
/// detections as false positives); categories are those of <c>categories</c>. A missing <c>area</c> is
/// width·height, a missing <c>iscrowd</c> is 0.</para>
/// <para>Bad input throws <see cref="InvalidDataException"/> with one line naming the file and the entry
/// (<c>annotations[12]</c>, <c>results[3]</c>): malformed JSON, a missing field, a negative box size, an
/// unknown image or category id.</para>
/// <code>
/// DetectionMetric m = CocoJson.Load("instances_val2017.json", "detections.json");
/// double ap = m.ComputeResult().Summary["map"];
/// </code>
/// </remarks>
public static class CocoJson
{
    /// <summary>A ground-truth file's categories, in file order.</summary>
    public sealed record Category(int Id, string Name);

    /// <summary>Reads a ground-truth file and a results file into a metric with <paramref name="options"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed or inconsistent input (the message names file and entry).</exception>
    public static DetectionMetric Load(string groundTruthPath, string resultsPath, DetectionOptions? options = null)
    {
        var (metric, _) = LoadGroundTruth(groundTruthPath, options);
        AddResults(metric, resultsPath);
        return metric;
    }

    /// <summary>Reads a ground-truth file: a metric holding every image and annotation, and the categories.</summary>
    /// <exception cref="InvalidDataException">Malformed or inconsistent input.</exception>
    public static (DetectionMetric Metric, IReadOnlyList<Category> Categories) LoadGroundTruth(string path, DetectionOptions? options = null)
    {
        using var file = MappedFile.Open(path);
        var images = new List<long>();
        var categories = new List<Category>();
        var anns = new List<(long Image, GroundTruthBox Box, int Entry)>();
        var reader = new Utf8JsonReader(file.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, path, "the top level");
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("images"u8)) ReadArray(ref reader, path, "images", (ref Utf8JsonReader r, int i) => images.Add(ReadImage(ref r, path, i)));
                else if (reader.ValueTextEquals("categories"u8)) ReadArray(ref reader, path, "categories", (ref Utf8JsonReader r, int i) => categories.Add(ReadCategory(ref r, path, i)));
                else if (reader.ValueTextEquals("annotations"u8)) ReadArray(ref reader, path, "annotations", (ref Utf8JsonReader r, int i) =>
                {
                    var (img, box) = ReadAnnotation(ref r, path, i);
                    anns.Add((img, box, i));
                });
                else { Next(ref reader); reader.Skip(); }
            }
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: malformed JSON at line {e.LineNumber + 1}: {FirstLine(e.Message)}"); }
        if (categories.Count == 0) throw new InvalidDataException($"{path}: no categories");
        DetectionMetric metric;
        try { metric = new DetectionMetric(categories.Select(c => c.Id), options); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: categories: {FirstLine(e.Message)}"); }
        foreach (long id in images) metric.AddUnchecked(id, null, null);
        foreach (var (img, box, i) in anns)
        {
            if (!metric.HasImage(img)) throw new InvalidDataException($"{path}: annotations[{i}]: unknown image_id {img}");
            if (!metric.IsKnownCategory(box.CategoryId)) throw new InvalidDataException($"{path}: annotations[{i}]: unknown category_id {box.CategoryId}");
            metric.AddUnchecked(img, box, null);
        }
        return (metric, categories);
    }

    /// <summary>Adds a results file's detections to a metric built from the ground truth.</summary>
    /// <exception cref="InvalidDataException">Malformed input, a negative box size, a non-finite score, or an image / category the ground truth lacks.</exception>
    public static void AddResults(DetectionMetric metric, string path)
    {
        using var file = MappedFile.Open(path);
        int n = file.Length;
        // Large files are parsed in two halves at once, cut between two list elements (outside any string): the
        // head up to an element's '}', the tail from the ',' before the next element, which the private
        // (copy-on-write) mapping turns into '['.
        int split = n > 1 << 20 ? FindElementBoundary(file.Span, n / 2) : -1;
        ParsedResults head, tail;
        if (split > 0)
        {
            var b = file.Span;
            int headEnd = split - 1;
            while (b[headEnd] != (byte)'}') headEnd--;
            int comma = split - 1;
            while (b[comma] != (byte)',') comma--;
            b[comma] = (byte)'[';
            var tailTask = Task.Run(() => ParseResults(metric, file, comma, n - comma, path, final: true));
            try
            {
                head = ParseResults(metric, file, 0, headEnd + 1, path, final: false);

                tail = tailTask.GetAwaiter().GetResult();
            }
            catch (InvalidDataException)
            {
                // Report the error with its index in the whole file.
                try { tailTask.Wait(); } catch (AggregateException) { }
                file.Span[comma] = (byte)',';
                head = ParseResults(metric, file, 0, n, path, final: true);
                tail = ParsedResults.Empty;
            }
        }
        else
        {
            head = ParseResults(metric, file, 0, n, path, final: true);
            tail = ParsedResults.Empty;
        }
        if (head.Error is { } headError) throw new InvalidDataException($"{path}: results[{headError.Index}]: {headError.Message}");
        if (tail.Error is { } tailError) throw new InvalidDataException($"{path}: results[{head.Count + tailError.Index}]: {tailError.Message}");
        // Each image's list grows once, to its exact size, then takes its detections in file order.
        head.CountPerImage();
        tail.CountPerImage();
        head.AddTo();
        tail.AddTo();
    }

    /// <summary>
    /// The detections of one part of a results file with their images resolved, kept in chunks (no regrowth),
    /// and the first entry whose image or category the ground truth lacks.
    /// </summary>
    private sealed class ParsedResults
    {
        private const int ChunkSize = 1 << 14;
        public static readonly ParsedResults Empty = new();
        private readonly List<(DetectionImage Image, DetectedBox Box)[]> _chunks = [];
        public int Count { get; private set; }
        public (int Index, string Message)? Error { get; set; }

        public void Add(DetectionImage image, DetectedBox box)
        {
            int at = Count & (ChunkSize - 1);
            if (at == 0) _chunks.Add(new (DetectionImage, DetectedBox)[ChunkSize]);
            _chunks[^1][at] = (image, box);
            Count++;
        }

        private IEnumerable<ArraySegment<(DetectionImage Image, DetectedBox Box)>> Chunks()
        {
            for (int c = 0; c < _chunks.Count; c++)
                yield return new(_chunks[c], 0, Math.Min(ChunkSize, Count - c * ChunkSize));
        }

        public void CountPerImage()
        {
            foreach (var chunk in Chunks())
                foreach (var (img, _) in chunk) img.Pending++;
        }

        public void AddTo()
        {
            foreach (var chunk in Chunks())
                foreach (var (img, box) in chunk)
                {
                    if (img.Pending > 0)
                    {
                        img.Detections.EnsureCapacity(img.Detections.Count + img.Pending);
                        img.Pending = 0;
                    }
                    img.Detections.Add(box);
                }
        }
    }

    /// <summary>
    /// The offset of a list element's '{' near <paramref name="from"/> that follows "}" "," outside any string,
    /// or −1. String state is tracked from the start of the file (quotes, backslash escapes).
    /// </summary>
    private static int FindElementBoundary(ReadOnlySpan<byte> b, int from)
    {
        bool inString = false;
        int i = 0;
        var head = b[..Math.Min(from, b.Length)];
        if (head.IndexOf((byte)'\\') < 0)
        {
            // No escapes before the split point (the usual results file): string state is the parity of the quotes (vectorised count).
            inString = (head.Count((byte)'"') & 1) == 1;
            i = head.Length;
        }
        while (i < from)
        {
            int j = b[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (j < 0) return -1;
            i += j;
            if (b[i] == (byte)'\\') { i += 2; continue; }
            inString = !inString;
            i++;
        }
        // Continue to the next '{' outside a string preceded (past whitespace) by ',' and '}'.
        for (; i < b.Length; i++)
        {
            byte c = b[i];
            if (inString)
            {
                if (c == (byte)'\\') i++;
                else if (c == (byte)'"') inString = false;
                continue;
            }
            if (c == (byte)'"') { inString = true; continue; }
            if (c != (byte)'{') continue;
            int k = i - 1;
            while (k >= 0 && IsSpace(b[k])) k--;
            if (k < 0 || b[k] != (byte)',') continue;
            k--;
            while (k >= 0 && IsSpace(b[k])) k--;
            if (k >= 0 && b[k] == (byte)'}') return i;
        }
        return -1;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>
    /// Parses <paramref name="length"/> bytes of a results list from <paramref name="offset"/>, resolving each
    /// detection's image; <paramref name="final"/> false: a head that stops after an element.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ParsedResults ParseResults(DetectionMetric metric, MappedFile file, int offset, int length, string path, bool final)
    {
        var parsed = new ParsedResults();
        var r = new Utf8JsonReader(file.Span.Slice(offset, length), final, default);
        DetectionImage? last = null;
        int i = 0;
        try
        {
            if (!r.Read()) throw new InvalidDataException($"{path}: empty file");
            if (r.TokenType != JsonTokenType.StartArray) throw new InvalidDataException($"{path}: expected a list of results, found {r.TokenType}");
            while (true)
            {
                if (!r.Read())
                {
                    if (!final) break;
                    throw new JsonException("unexpected end of file");
                }
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (r.TokenType != JsonTokenType.StartObject) throw new InvalidDataException($"{path}: results[{i}]: expected an object, found {r.TokenType}");
                var (imageId, box) = ReadResult(ref r, path, i);
                if (parsed.Error is null)
                {
                    // Consecutive detections of one image (the usual file order) skip the lookup.
                    var img = last is not null && last.Id == imageId ? last : metric.FindImage(imageId);
                    if (img is null) parsed.Error = (i, $"image_id {imageId} is not in the ground truth");
                    else if (!metric.IsKnownCategory(box.CategoryId)) parsed.Error = (i, $"unknown category_id {box.CategoryId}");
                    else parsed.Add(last = img, box);
                }
                i++;
            }
            if (final && r.Read()) throw new InvalidDataException($"{path}: unexpected content after the results list");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: malformed JSON after results[{i - 1}]: {FirstLine(e.Message)}"); }
        return parsed;
    }

    /// <summary>Writes detections as a COCO results list.</summary>
    public static void WriteResults(Stream stream, IEnumerable<(long ImageId, DetectedBox Box)> detections)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartArray();
        foreach (var (img, d) in detections)
        {
            w.WriteStartObject();
            WriteBox(w, img, d.CategoryId, d.X, d.Y, d.Width, d.Height);
            w.WriteNumber("score"u8, d.Score);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Writes a ground-truth file (images, annotations with ids from 1, categories).</summary>
    public static void WriteGroundTruth(Stream stream, IEnumerable<long> imageIds, IEnumerable<(long ImageId, GroundTruthBox Box)> annotations, IEnumerable<Category> categories)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("images"u8);
        foreach (long id in imageIds) { w.WriteStartObject(); w.WriteNumber("id"u8, id); w.WriteEndObject(); }
        w.WriteEndArray();
        w.WriteStartArray("annotations"u8);
        long annId = 1;
        foreach (var (img, g) in annotations)
        {
            w.WriteStartObject();
            w.WriteNumber("id"u8, annId++);
            WriteBox(w, img, g.CategoryId, g.X, g.Y, g.Width, g.Height);
            w.WriteNumber("area"u8, g.Area);
            w.WriteNumber("iscrowd"u8, g.IsCrowd ? 1 : 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("categories"u8);
        foreach (var c in categories) { w.WriteStartObject(); w.WriteNumber("id"u8, c.Id); w.WriteString("name"u8, c.Name); w.WriteEndObject(); }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteBox(Utf8JsonWriter w, long image, int category, double x, double y, double width, double height)
    {
        w.WriteNumber("image_id"u8, image);
        w.WriteNumber("category_id"u8, category);
        w.WriteStartArray("bbox"u8);
        w.WriteNumberValue(x); w.WriteNumberValue(y); w.WriteNumberValue(width); w.WriteNumberValue(height);
        w.WriteEndArray();
    }

    private delegate void ElementReader(ref Utf8JsonReader reader, int index);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static bool Next(ref Utf8JsonReader r)
    {
        if (!r.Read()) throw new JsonException("unexpected end of file");
        return true;
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string path, string where)
    {
        Next(ref r);
        if (r.TokenType != type) throw new InvalidDataException($"{path}: {where}: expected {type}, found {r.TokenType}");
    }

    private static void ReadArray(ref Utf8JsonReader r, string path, string name, ElementReader element)
    {
        Next(ref r);
        ReadArrayBody(ref r, path, name, element);
    }

    private static void ReadArrayBody(ref Utf8JsonReader r, string path, string name, ElementReader element)
    {
        if (r.TokenType != JsonTokenType.StartArray) throw new InvalidDataException($"{path}: {name}: expected a list, found {r.TokenType}");
        int i = 0;
        while (Next(ref r) && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType != JsonTokenType.StartObject) throw new InvalidDataException($"{path}: {name}[{i}]: expected an object, found {r.TokenType}");
            element(ref r, i++);
        }
    }

    private static long ReadImage(ref Utf8JsonReader r, string path, int i)
    {
        long? id = null;
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8)) { Next(ref r); id = Int(ref r, path, "images", i, "id"); }
            else { Next(ref r); r.Skip(); }
        }
        return id ?? throw new InvalidDataException($"{path}: images[{i}]: no id");
    }

    private static Category ReadCategory(ref Utf8JsonReader r, string path, int i)
    {
        long? id = null;
        string name = "";
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8)) { Next(ref r); id = Int(ref r, path, "categories", i, "id"); }
            else if (r.ValueTextEquals("name"u8)) { Next(ref r); name = r.TokenType == JsonTokenType.String ? r.GetString() ?? "" : ""; }
            else { Next(ref r); r.Skip(); }
        }
        if (id is not { } v || v is < int.MinValue or > int.MaxValue) throw new InvalidDataException($"{path}: categories[{i}]: no integer id");
        return new Category((int)v, name);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Image, GroundTruthBox Box) ReadAnnotation(ref Utf8JsonReader r, string path, int i)
    {
        long? img = null, cat = null;
        double x = 0, y = 0, w = 0, h = 0, area = double.NaN;
        bool haveBox = false, crowd = false;
        string where = $"annotations[{i}]";
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("image_id"u8)) { Next(ref r); img = Int(ref r, path, "annotations", i, "image_id"); }
            else if (r.ValueTextEquals("category_id"u8)) { Next(ref r); cat = Int(ref r, path, "annotations", i, "category_id"); }
            else if (r.ValueTextEquals("bbox"u8)) { (x, y, w, h) = Box(ref r, path, "annotations", i); haveBox = true; }
            else if (r.ValueTextEquals("area"u8)) { Next(ref r); area = Number(ref r, path, "annotations", i, "area"); }
            else if (r.ValueTextEquals("iscrowd"u8))
            {
                Next(ref r);
                crowd = r.TokenType == JsonTokenType.True || (r.TokenType == JsonTokenType.Number && r.GetDouble() != 0);
            }
            else { Next(ref r); r.Skip(); }
        }
        if (img is null) throw new InvalidDataException($"{path}: {where}: no image_id");
        if (cat is null) throw new InvalidDataException($"{path}: {where}: no category_id");
        if (!haveBox) throw new InvalidDataException($"{path}: {where}: no bbox");
        if (!double.IsNaN(area) && area < 0) throw new InvalidDataException($"{path}: {where}: negative area {area}");
        return (img.Value, new GroundTruthBox((int)cat.Value, x, y, w, h, area, crowd));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Image, DetectedBox Box) ReadResult(ref Utf8JsonReader r, string path, int i)
    {
        long img = long.MinValue, cat = long.MinValue;
        double x = 0, y = 0, w = 0, h = 0, score = double.NaN;
        bool haveBox = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("image_id"u8)) { r.Read(); img = Int(ref r, path, "results", i, "image_id"); }
            else if (r.ValueTextEquals("category_id"u8)) { r.Read(); cat = Int(ref r, path, "results", i, "category_id"); }
            else if (r.ValueTextEquals("bbox"u8)) { (x, y, w, h) = Box(ref r, path, "results", i); haveBox = true; }
            else if (r.ValueTextEquals("score"u8)) { r.Read(); score = Number(ref r, path, "results", i, "score"); }
            else if (!r.Read() || !r.TrySkip()) throw new JsonException("unexpected end of file");
        }
        if (img == long.MinValue) throw new InvalidDataException($"{path}: results[{i}]: no image_id");
        if (cat == long.MinValue) throw new InvalidDataException($"{path}: results[{i}]: no category_id");
        if (!haveBox) throw new InvalidDataException($"{path}: results[{i}]: no bbox");
        if (double.IsNaN(score)) throw new InvalidDataException($"{path}: results[{i}]: no score");
        return (img, new DetectedBox((int)cat, x, y, w, h, score));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (double X, double Y, double W, double H) Box(ref Utf8JsonReader r, string path, string list, int i)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartArray) throw new InvalidDataException($"{path}: {list}[{i}].bbox: expected [x, y, width, height]");
        double x = 0, y = 0, w = 0, h = 0;
        int n = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            double v = Number(ref r, path, list, i, "bbox");
            switch (n++)
            {
                case 0: x = v; break;
                case 1: y = v; break;
                case 2: w = v; break;
                case 3: h = v; break;
                default: throw new InvalidDataException($"{path}: {list}[{i}].bbox: more than 4 numbers");
            }
        }
        if (n != 4) throw new InvalidDataException($"{path}: {list}[{i}].bbox: {n} numbers, expected 4");
        if (w < 0 || h < 0) throw new InvalidDataException($"{path}: {list}[{i}].bbox: negative box size {F(w)} × {F(h)}");
        return (x, y, w, h);
    }

    private static string F(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double Number(ref Utf8JsonReader r, string path, string list, int i, string field)
    {
        if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out double v) || !double.IsFinite(v))
            throw new InvalidDataException($"{path}: {list}[{i}].{field}: expected a finite number, found {Token(ref r)}");
        return v;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long Int(ref Utf8JsonReader r, string path, string list, int i, string field)
    {
        if (r.TokenType == JsonTokenType.Number)
        {
            if (r.TryGetInt64(out long v)) return v;
            if (r.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        }
        throw new InvalidDataException($"{path}: {list}[{i}].{field}: expected an integer id, found {Token(ref r)}");
    }

    private static string Token(ref Utf8JsonReader r) =>
        r.TokenType is JsonTokenType.String or JsonTokenType.Number ? "'" + Encoding.UTF8.GetString(r.ValueSpan) + "'" : r.TokenType.ToString();
}
