namespace Plumb.Metrics.Detection;

/// <summary>
/// One ground-truth object: a category and an axis-aligned box <c>(x, y, width, height)</c> with (x, y) the
/// top-left corner, as COCO stores it.
/// </summary>
/// <remarks>
/// <para><see cref="Area"/> decides the COCO area range (small ≤ 32², medium ≤ 96², large); COCO files give it
/// (the segmentation area), otherwise it is width·height. <see cref="IsCrowd"/> marks a COCO crowd region: never
/// counted as a miss, a detection inside it is ignored (crowd IoU = intersection / detection area).
/// <see cref="IsDifficult"/> marks a Pascal VOC difficult object: ignored by the VOC protocols.</para>
/// <code>
/// var person = new GroundTruthBox(1, x: 10, y: 20, width: 50, height: 100);
/// var crowd = new GroundTruthBox(1, 0, 0, 300, 200, area: 41000, isCrowd: true);
/// </code>
/// </remarks>
public readonly struct GroundTruthBox
{
    /// <summary>A ground-truth box; <paramref name="area"/> NaN (the default) means width·height.</summary>
    public GroundTruthBox(int categoryId, double x, double y, double width, double height,
        double area = double.NaN, bool isCrowd = false, bool isDifficult = false)
    {
        CategoryId = categoryId; X = x; Y = y; Width = width; Height = height;
        Area = double.IsNaN(area) ? width * height : area;
        IsCrowd = isCrowd; IsDifficult = isDifficult;
    }

    /// <summary>The category (COCO category id, or class index for YOLO / VOC).</summary>
    public int CategoryId { get; }

    /// <summary>Left edge.</summary>
    public double X { get; }

    /// <summary>Top edge.</summary>
    public double Y { get; }

    /// <summary>Width (≥ 0).</summary>
    public double Width { get; }

    /// <summary>Height (≥ 0).</summary>
    public double Height { get; }

    /// <summary>The area used for COCO's area ranges.</summary>
    public double Area { get; }

    /// <summary>A COCO crowd region (<c>iscrowd = 1</c>).</summary>
    public bool IsCrowd { get; }

    /// <summary>A Pascal VOC difficult object.</summary>
    public bool IsDifficult { get; }
}
