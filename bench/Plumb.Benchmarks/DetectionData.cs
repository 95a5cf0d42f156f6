namespace Plumb.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Plumb.Benchmarks -- detection-data OUT [images classes dets seed ties decimals]</c>:
/// writes the synthetic COCO set <c>OUT/gt.json</c> + <c>OUT/results.json</c> (default 5,000 images × 80
/// classes × 100 detections, seed 7) for timing <c>plumb eval-detection</c> against pycocotools
/// (<c>bench/detection_reference.py</c>).
/// </summary>
public static class DetectionData
{
    /// <summary>Entry point.</summary>
    public static void Run(string[] args)
    {
        string dir = args.Length > 1 ? args[1] : "detection-data";
        int At(int i, int d) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : d;
        Directory.CreateDirectory(dir);
        var set = SyntheticDetections.Generate(At(5, 7), At(2, 5000), At(3, 80), At(4, 100), ties: At(6, 0) == 1, decimals: At(7, -1));
        SyntheticDetections.Write(set, Path.Combine(dir, "gt.json"), Path.Combine(dir, "results.json"));
        Console.WriteLine($"{set.ImageIds.Length} images, {set.GroundTruths.Count} annotations, {set.Detections.Count} detections → {dir}");
    }
}
