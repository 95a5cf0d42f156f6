using Plumb.Cli.Output;
using Plumb.Datasets;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

/// <summary>The demo scenarios, kept small so each runs in seconds on two cores.</summary>
internal static class Demos
{
    public sealed record DemoResult(History History);

    /// <summary>
    /// Breast cancer (569 × 30, target <c>benign</c>): a seeded 80/20 split, features standardised on the
    /// training rows, an MLP 30→16→8→1 with a sigmoid output, binary cross-entropy, Adam.
    /// </summary>
    public static DemoResult BreastCancer(int epochs, int seed, TextWriter output)
    {
        var data = BuiltInDatasets.BreastCancer();
        var (train, val) = data.Split(0.2, seed);
        var (mean, std) = train.FeatureMoments();
        train = train.Standardize(mean, std);
        val = val.Standardize(mean, std);
        output.WriteLine($"breast_cancer: {train.Rows} train / {val.Rows} validation rows, {data.FeatureCount} features; " +
                         $"loss binary_crossentropy (steers), metrics accuracy + roc_auc (judge)");

        random.manual_seed(seed);
        var net = nn.Sequential(
            nn.Linear(data.FeatureCount, 16), nn.ReLU(),
            nn.Linear(16, 8), nn.ReLU(),
            nn.Linear(8, 1), nn.Sigmoid());
        using var model = new Model(net);
        model.Compile("adam", 1e-3, new BinaryCrossentropy(), [() => new Accuracy(), () => new RocAuc()]);

        using var x = tensor(train.Features, [train.Rows, train.FeatureCount]);
        using var y = tensor(train.Target, [train.Rows, 1]);
        using var xv = tensor(val.Features, [val.Rows, val.FeatureCount]);
        using var yv = tensor(val.Target, [val.Rows, 1]);
        const int batchSize = 32;
        int batches = (train.Rows + batchSize - 1) / batchSize;
        var history = TrainingProgress.Run(output, epochs, batches,
            cb => model.Fit(x, y, epochs, batchSize, (xv, yv), shuffle: true, seed: seed, callbacks: [cb]));
        return new DemoResult(history);
    }
}
