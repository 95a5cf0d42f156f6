namespace Plumb.Metrics.Detection;

/// <summary>The ground truth and detections of one image, in the order they were added (file order).</summary>
internal sealed class DetectionImage(long id)
{
    public long Id { get; } = id;
    public List<GroundTruthBox> GroundTruths { get; } = [];
    public List<DetectedBox> Detections { get; } = [];

    /// <summary>Detections counted for this image but not yet added (a reader sizing <see cref="Detections"/> once).</summary>
    public int Pending;
}
