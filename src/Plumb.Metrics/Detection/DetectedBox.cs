namespace Plumb.Metrics.Detection;

/// <summary>
/// One detection: a category, a box <c>(x, y, width, height)</c> with (x, y) the top-left corner, and a
/// confidence score (higher = more confident). Its area is width·height, as pycocotools' <c>loadRes</c> sets it.
/// </summary>
/// <remarks>
/// <code>
/// var d = new DetectedBox(1, x: 12, y: 18, width: 48, height: 104, score: 0.93);
/// </code>
/// </remarks>
public readonly record struct DetectedBox(int CategoryId, double X, double Y, double Width, double Height, double Score)
{
    /// <summary>width·height.</summary>
    public double Area => Width * Height;
}
