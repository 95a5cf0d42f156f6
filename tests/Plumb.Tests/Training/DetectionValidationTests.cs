using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Metrics.Detection;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>
/// <see cref="DetectionValidation"/> logs val_map / val_map_50 per epoch where the monitors find them. The boxes are
/// scripted per epoch so the values are known by hand: one 100×100 object; epoch 1 an exact detection
/// (AP 1/(1 + 2⁻⁵²) at every IoU, as pycocotools), epoch 2 a detection shifted by 10 (IoU 90/110 = 0.818: a TP
/// at the 7 thresholds .50 … .80, so AP@[.50:.95] = 0.7 · P1, AP50 = P1), epoch 3 exact again.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class DetectionValidationTests
{
    private static readonly double P1 = 1 / (1 + Math.Pow(2, -52));

    [Fact]
    public void Val_map_is_logged_each_epoch_and_monitored_by_early_stopping()
    {
        random.manual_seed(1);
        using var model = new Model(new Sequential(4).Dense(1));
        model.Compile("sgd", 1e-3, new MeanSquaredError());
        var (x, y) = (randn(32, 4), randn(32, 1));
        int epoch = 0;
        bool evalMode = false;
        var validation = new DetectionValidation([1], module =>
        {
            evalMode = !module.training;
            double shift = epoch++ == 1 ? 10 : 0;
            return [(1L, [new GroundTruthBox(1, 0, 0, 100, 100)], [new DetectedBox(1, shift, 0, 100, 100, 0.9)])];
        });
        var stop = new EarlyStopping("val_map", patience: 0);
        var h = model.Fit(x, y, epochs: 5, batchSize: 16, seed: 3, callbacks: [validation, stop], verbose: 0);

        Assert.True(evalMode);
        Assert.Contains("val_map", model.LogKeys);
        Assert.Equal(MetricDirection.HigherIsBetter, model.DirectionOf("val_map_50"));
        Assert.Equal([0, 1], h.Epochs); // epoch 2's drop stops training at once (patience 0)
        Assert.Equal(P1, h["val_map"][0], 1e-15);
        Assert.Equal(0.7 * P1, h["val_map"][1], 1e-15);
        Assert.Equal(P1, h["val_map_50"][1], 1e-15);
        Assert.Equal(0.7 * P1, validation.LastResult!.Summary["map"], 1e-15);
    }

    [Fact]
    public void Voc_protocol_logs_val_map_50_only_and_a_key_the_run_already_logs_is_refused()
    {
        random.manual_seed(1);
        using var model = new Model(new Sequential(4).Dense(1));
        model.Compile("sgd", 1e-3, new MeanSquaredError());
        var (x, y) = (randn(16, 4), randn(16, 1));
        var voc = new DetectionValidation([1], _ => [(1L, [new GroundTruthBox(1, 0, 0, 10, 10)], [new DetectedBox(1, 0, 0, 10, 10, 0.9)])],
            new DetectionOptions(DetectionProtocol.Voc));
        var h = model.Fit(x, y, epochs: 1, batchSize: 16, seed: 3, callbacks: [voc], verbose: 0);
        Assert.Equal(1.0, h["val_map_50"][0]);
        Assert.DoesNotContain("val_map", model.LogKeys);
        Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, batchSize: 16, callbacks: [new LogsLoss()], verbose: 0));
    }

    private sealed class LogsLoss : EpochMetricCallback
    {
        public override IReadOnlyList<(string Key, MetricDirection Direction)> Keys => [("loss", MetricDirection.LowerIsBetter)];

        public override void AddLogs(int epoch, IDictionary<string, double> logs) => logs["loss"] = 0;
    }
}
