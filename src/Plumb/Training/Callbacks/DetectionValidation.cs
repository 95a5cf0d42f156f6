using Plumb.Metrics;
using Plumb.Metrics.Detection;
using TorchSharp;

namespace Plumb.Training;

/// <summary>
/// Runs an object detector on a validation set after each epoch and logs its mAP — <c>val_map</c> (COCO
/// AP@[.50:.95]) and <c>val_map_50</c> — into the epoch's logs and <see cref="History"/>, so
/// <see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/> and <see cref="ReduceLROnPlateau"/> monitor mAP while the
/// loss steers. VOC and darknet protocols log <c>val_map_50</c> only.
/// </summary>
/// <remarks>
/// <para><paramref name="predict"/> turns the module's outputs into boxes: it is called once per epoch with the
/// module in eval mode under <c>no_grad</c>, and yields each validation image's ground truth and detections
/// (decoding, score thresholds and NMS are the model's business). The values are those of
/// <see cref="DetectionMetric"/> with <paramref name="options"/> (COCO by default) over the yielded images.</para>
/// <code>
/// var mapCallback = new DetectionValidation([0, 1], module => Decode(module, valImages, valBoxes));
/// model.Fit(x, y, epochs: 30, callbacks: [mapCallback, new EarlyStopping("val_map", patience: 5, restoreBestWeights: true)]);
/// double best = model.History!["val_map"].Max();
/// </code>
/// </remarks>
/// <param name="categoryIds">The category ids (class indices) of the detector.</param>
/// <param name="predict">Yields (image id, ground truth, detections) for every validation image.</param>
/// <param name="options">Protocol and thresholds (COCO by default).</param>
/// <param name="prefix">Prefix of the logged keys (<c>val_</c>).</param>
public sealed class DetectionValidation(IEnumerable<int> categoryIds,
    Func<torch.nn.Module<torch.Tensor, torch.Tensor>, IEnumerable<(long ImageId, GroundTruthBox[] GroundTruths, DetectedBox[] Detections)>> predict,
    DetectionOptions? options = null, string prefix = "val_") : EpochMetricCallback
{
    private readonly int[] _categories = [.. categoryIds];
    private readonly DetectionOptions _options = options ?? new DetectionOptions();

    /// <summary>The full result of the last epoch's evaluation (per-class AP, the COCO arrays…), or null before the first.</summary>
    public DetectionResult? LastResult { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Key, MetricDirection Direction)> Keys =>
        _options.Protocol == DetectionProtocol.Coco
            ? [(prefix + "map", MetricDirection.HigherIsBetter), (prefix + "map_50", MetricDirection.HigherIsBetter)]
            : [(prefix + "map_50", MetricDirection.HigherIsBetter)];

    /// <inheritdoc />
    public override void AddLogs(int epoch, IDictionary<string, double> logs)
    {
        var module = RequireModel().Module;
        var metric = new DetectionMetric(_categories, _options);
        bool training = module.training;
        module.eval();
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var (id, gt, dt) in predict(module)) metric.Update(id, gt, dt);
        }
        finally { module.train(training); }
        if (metric.ImageCount == 0) throw new InvalidOperationException("DetectionValidation: predict yielded no images");
        LastResult = metric.ComputeResult();
        foreach (var (key, _) in Keys) logs[key] = LastResult.Summary[key[prefix.Length..]];
    }
}
