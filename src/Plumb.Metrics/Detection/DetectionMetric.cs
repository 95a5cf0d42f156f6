using System.Buffers.Binary;

namespace Plumb.Metrics.Detection;

/// <summary>
/// Mean average precision of an object detector, streaming per image, mergeable and serialisable, computed as
/// pycocotools (COCO), <c>voc_eval</c> (VOC 2007 / 2010+) or darknet's <c>detector map</c> compute it.
/// </summary>
/// <remarks>
/// <para>COCO: mAP = mean over IoU t ∈ {.50, .55, …, .95}, recall points r ∈ {0, .01, …, 1} and categories
/// with ground truth of the interpolated precision p̂(r) = max{ precision(r') : r' ≥ r } (see
/// <see cref="CocoArrays"/>). VOC / darknet: AP per class at one IoU threshold, mean over classes.
/// Every convention is in <c>docs/detection.md</c>.</para>
/// <para>The state is the boxes themselves (an image's ground truth and detections); <see cref="Update(long, ReadOnlySpan{GroundTruthBox}, ReadOnlySpan{DetectedBox})"/>
/// twice for one image appends. Merging shards and computing once equals one pass.</para>
/// <code>
/// var map = new DetectionMetric([1, 2]);
/// map.Update(imageId: 1, [new GroundTruthBox(1, 10, 10, 50, 50)], [new DetectedBox(1, 12, 10, 50, 50, 0.9)]);
/// DetectionResult r = map.ComputeResult();   // r.Summary["map"], r.Summary["map_50"], r.PerClassAp …
/// </code>
/// </remarks>
public sealed class DetectionMetric : IMergeableMetric, IStructuredMetric
{
    private readonly int[] _categories;
    private readonly HashSet<int> _known;
    private readonly Dictionary<long, DetectionImage> _images = [];

    /// <summary>A detection metric over the given category ids (COCO's <c>categories</c>, or class indices).</summary>
    /// <exception cref="ArgumentException">No categories, or a repeated id.</exception>
    public DetectionMetric(IEnumerable<int> categoryIds, DetectionOptions? options = null)
    {
        _categories = categoryIds.ToArray();
        if (_categories.Length == 0) throw new ArgumentException("detection metric needs at least one category", nameof(categoryIds));
        _known = [.. _categories];
        if (_known.Count != _categories.Length) throw new ArgumentException("category ids repeat", nameof(categoryIds));
        Array.Sort(_categories);
        Options = options ?? new DetectionOptions();
        if (Options.Points is not (0 or 11 or 101)) throw new ArgumentException($"points must be 0, 11 or 101, got {Options.Points}", nameof(options));
        if (!(Options.IouThreshold is >= 0 and < 1)) throw new ArgumentException($"IoU threshold must be in [0, 1), got {Options.IouThreshold}", nameof(options));
    }

    /// <summary>The options.</summary>
    public DetectionOptions Options { get; }

    /// <summary>The category ids, sorted.</summary>
    public IReadOnlyList<int> CategoryIds => _categories;

    /// <summary>Number of images seen.</summary>
    public int ImageCount => _images.Count;

    /// <inheritdoc />
    public string Name => Options.Protocol == DetectionProtocol.Coco ? "map" : "map_50";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>Not used by detection: call <see cref="Update(long, ReadOnlySpan{GroundTruthBox}, ReadOnlySpan{DetectedBox})"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Update(in MetricBatch batch) =>
        throw new NotSupportedException("detection metrics take boxes: Update(imageId, groundTruths, detections)");

    /// <summary>Adds one image: its ground truth and its detections (file order is kept for score ties).</summary>
    /// <exception cref="ArgumentException">A box with a non-finite or negative size, a non-finite score, or an unknown category.</exception>
    public void Update(long imageId, ReadOnlySpan<GroundTruthBox> groundTruths, ReadOnlySpan<DetectedBox> detections)
    {
        for (int i = 0; i < groundTruths.Length; i++)
        {
            var g = groundTruths[i];
            if (!_known.Contains(g.CategoryId)) throw new ArgumentException($"image {imageId}, ground truth {i}: unknown category {g.CategoryId}");
            CheckBox(g.X, g.Y, g.Width, g.Height, imageId, "ground truth", i);
            if (!double.IsFinite(g.Area) || g.Area < 0) throw new ArgumentException($"image {imageId}, ground truth {i}: area {g.Area} is not a finite non-negative number");
        }
        for (int i = 0; i < detections.Length; i++)
        {
            var d = detections[i];
            if (!_known.Contains(d.CategoryId)) throw new ArgumentException($"image {imageId}, detection {i}: unknown category {d.CategoryId}");
            CheckBox(d.X, d.Y, d.Width, d.Height, imageId, "detection", i);
            if (!double.IsFinite(d.Score)) throw new ArgumentException($"image {imageId}, detection {i}: score {d.Score} is not finite");
        }
        var img = Image(imageId);
        img.GroundTruths.AddRange(groundTruths);
        img.Detections.AddRange(detections);
    }

    private static void CheckBox(double x, double y, double w, double h, long image, string what, int i)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(w) || !double.IsFinite(h))
            throw new ArgumentException($"image {image}, {what} {i}: box ({x}, {y}, {w}, {h}) is not finite");
        if (w < 0 || h < 0) throw new ArgumentException($"image {image}, {what} {i}: negative box size ({w} × {h})");
    }

    private DetectionImage? _last; // consecutive boxes of one image (file order) skip the lookup

    private DetectionImage Image(long id)
    {
        if (_last is { } l && l.Id == id) return l;
        if (!_images.TryGetValue(id, out var img)) _images[id] = img = new DetectionImage(id);
        return _last = img;
    }

    /// <summary>Adds the boxes without validation (callers that validated already, e.g. the file readers).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void AddUnchecked(long imageId, GroundTruthBox? gt, DetectedBox? dt)
    {
        var img = Image(imageId);
        if (gt is { } g) img.GroundTruths.Add(g);
        if (dt is { } d) img.Detections.Add(d);
    }

    /// <summary>The image with this id, or null; safe to call from several threads while nothing is added.</summary>
    internal DetectionImage? FindImage(long imageId) => _images.GetValueOrDefault(imageId);

    internal bool HasImage(long imageId) => (_last is { } l && l.Id == imageId) || _images.ContainsKey(imageId);

    internal bool IsKnownCategory(int id) => _known.Contains(id);

    /// <summary>The full result under <see cref="Options"/>.</summary>
    /// <exception cref="InvalidOperationException">No image was added.</exception>
    public DetectionResult ComputeResult()
    {
        if (_images.Count == 0) throw new InvalidOperationException("detection metric of no images is undefined");
        var images = _images.Values.OrderBy(i => i.Id).ToArray();
        switch (Options.Protocol)
        {
            case DetectionProtocol.Coco:
                var arrays = CocoEvaluation.Evaluate(images, _categories);
                var stats = arrays.Stats();
                var summary = new Dictionary<string, double>();
                for (int i = 0; i < 12; i++) summary[DetectionResult.CocoKeys[i]] = stats[i];
                return new DetectionResult(DetectionProtocol.Coco, _categories, summary, arrays.PerCategoryAp(), arrays);
            case DetectionProtocol.Voc07:
            case DetectionProtocol.Voc:
                return VocEvaluation.Evaluate(images, _categories, Options.Protocol == DetectionProtocol.Voc07, Options.IouThreshold, Options.InclusivePixels);
            default:
                return DarknetEvaluation.Evaluate(images, _categories, Options.IouThreshold, Options.Points, Options.ConfidenceThreshold);
        }
    }

    /// <summary>
    /// TIDE's error breakdown (classification, localisation, both, duplicate, background, missed) with the ΔAP
    /// of fixing each, as <c>tidecv</c> computes it for boxes. Crowd ground truths are TIDE's ignore regions.
    /// </summary>
    /// <param name="foregroundIou">A match needs IoU ≥ this (TIDE's <c>pos_threshold</c>, 0.5).</param>
    /// <param name="backgroundIou">IoU ≤ this to every ground truth is a background error (TIDE's <c>background_threshold</c>, 0.1).</param>
    /// <param name="maxDetections">Detections kept per image, highest scores first (TIDE's <c>max_dets</c>, 100).</param>
    /// <exception cref="InvalidOperationException">No image was added.</exception>
    /// <exception cref="ArgumentException">Thresholds not 0 &lt; background ≤ foreground ≤ 1, or maxDetections &lt; 1.</exception>
    public TideResult ComputeTide(double foregroundIou = 0.5, double backgroundIou = 0.1, int maxDetections = 100)
    {
        if (!(backgroundIou > 0 && backgroundIou <= foregroundIou && foregroundIou <= 1))
            throw new ArgumentException($"TIDE needs 0 < background ≤ foreground ≤ 1, got background {backgroundIou}, foreground {foregroundIou}");
        if (maxDetections < 1) throw new ArgumentException($"maxDetections must be ≥ 1, got {maxDetections}", nameof(maxDetections));
        return TideAnalysis.Evaluate(SortedImages(), foregroundIou, backgroundIou, maxDetections);
    }

    /// <summary>The cross-class confusion matrix (rows ground-truth class + background, columns predicted class + missed); see <see cref="DetectionConfusion"/>.</summary>
    /// <param name="iouThreshold">A match needs IoU &gt; this (ultralytics' default 0.45).</param>
    /// <param name="confidenceThreshold">Detections count when score &gt; this (0.25).</param>
    /// <exception cref="InvalidOperationException">No image was added.</exception>
    /// <exception cref="ArgumentException">IoU threshold outside [0, 1).</exception>
    public DetectionConfusion ComputeConfusion(double iouThreshold = 0.45, double confidenceThreshold = 0.25)
    {
        if (!(iouThreshold is >= 0 and < 1)) throw new ArgumentException($"IoU threshold must be in [0, 1), got {iouThreshold}", nameof(iouThreshold));
        return DetectionConfusion.Compute(SortedImages(), _categories, iouThreshold, confidenceThreshold);
    }

    private DetectionImage[] SortedImages()
    {
        if (_images.Count == 0) throw new InvalidOperationException("detection metric of no images is undefined");
        return _images.Values.OrderBy(i => i.Id).ToArray();
    }

    /// <summary>The headline mAP (COCO AP@[.50:.95], or the VOC / darknet mAP).</summary>
    public double Compute() => ComputeResult().Map;

    /// <summary>The summary keys and per-class AP as a JSON-ready dictionary.</summary>
    public object ComputeStructured()
    {
        var r = ComputeResult();
        var d = new Dictionary<string, object>();
        foreach (var (k, v) in r.Summary) d[k] = v;
        d["per_class"] = r.PerClassAp;
        return d;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _images.Clear();
        _last = null;
    }

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not DetectionMetric o || o.Options != Options || !o._categories.AsSpan().SequenceEqual(_categories))
            throw new ArgumentException("can only merge a detection metric with the same options and categories", nameof(other));
        foreach (var img in o._images.Values.OrderBy(i => i.Id))
        {
            var mine = Image(img.Id);
            mine.GroundTruths.AddRange(img.GroundTruths);
            mine.Detections.AddRange(img.Detections);
        }
    }

    private const uint Magic = 0x54444C50; // "PLDT"
    private const int Version = 1;

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write(Magic); w.Write(Version);
        w.Write(_categories.Length);
        foreach (int c in _categories) w.Write(c);
        w.Write(_images.Count);
        foreach (var img in _images.Values.OrderBy(i => i.Id))
        {
            w.Write(img.Id);
            w.Write(img.GroundTruths.Count);
            foreach (var g in img.GroundTruths)
            {
                w.Write(g.CategoryId); w.Write(g.X); w.Write(g.Y); w.Write(g.Width); w.Write(g.Height); w.Write(g.Area);
                w.Write((byte)((g.IsCrowd ? 1 : 0) | (g.IsDifficult ? 2 : 0)));
            }
            w.Write(img.Detections.Count);
            foreach (var d in img.Detections)
            {
                w.Write(d.CategoryId); w.Write(d.X); w.Write(d.Y); w.Write(d.Width); w.Write(d.Height); w.Write(d.Score);
            }
        }
        w.Flush();
        return ms.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        if (state.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(state) != Magic || BinaryPrimitives.ReadInt32LittleEndian(state[4..]) != Version)
            throw new ArgumentException("not a detection metric state", nameof(state));
        var r = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            r.ReadUInt32(); r.ReadInt32();
            int nc = r.ReadInt32();
            var cats = new int[nc];
            for (int i = 0; i < nc; i++) cats[i] = r.ReadInt32();
            if (!cats.AsSpan().SequenceEqual(_categories)) throw new ArgumentException("state has other categories", nameof(state));
            var images = new Dictionary<long, DetectionImage>();
            int ni = r.ReadInt32();
            for (int i = 0; i < ni; i++)
            {
                var img = new DetectionImage(r.ReadInt64());
                int ng = r.ReadInt32();
                for (int j = 0; j < ng; j++)
                {
                    int c = r.ReadInt32(); double x = r.ReadDouble(), y = r.ReadDouble(), w = r.ReadDouble(), h = r.ReadDouble(), a = r.ReadDouble();
                    byte f = r.ReadByte();
                    img.GroundTruths.Add(new GroundTruthBox(c, x, y, w, h, a, (f & 1) != 0, (f & 2) != 0));
                }
                int nd = r.ReadInt32();
                for (int j = 0; j < nd; j++)
                    img.Detections.Add(new DetectedBox(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble()));
                images[img.Id] = img;
            }
            Reset();
            foreach (var (k, v) in images) _images[k] = v;
        }
        catch (EndOfStreamException) { throw new ArgumentException("detection metric state is truncated", nameof(state)); }
    }
}
