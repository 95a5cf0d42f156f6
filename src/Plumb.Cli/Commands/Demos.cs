using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Datasets;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

/// <summary>What a demo needs from the command line.</summary>
internal sealed record DemoContext(TextWriter Output, int? Epochs, int Seed, string OutDir);

/// <summary>A named demo scenario.</summary>
internal sealed record Demo(string Name, string Description, Func<DemoContext, int> Run);

/// <summary>The demo scenarios, kept small so each runs in seconds on two cores.</summary>
internal static partial class Demos
{
    public const string Default = "imbalanced";

    public static IReadOnlyList<Demo> All { get; } =
    [
        new("imbalanced", "A seeded 500:1 problem: accuracy lies; BCE vs class weights vs focal loss, judged by PR-AUC and F1.", Imbalanced),
        new("regression", "Diabetes: MSE steers, MAE judges; predicted vs actual and residuals.", Regression),
        new("multiclass-pitfall", "Binary cross-entropy on a softmax output: Plumb refuses; what Keras' silent acc would have said.", MulticlassPitfall),
        new("ranking", "Learning to rank: softmax vs pairwise logistic loss, the epoch picked by val_loss vs by val_ndcg@10.", Ranking),
        new("detection", "A toy detector on generated squares: mse steers, COCO val_map judges each epoch (DetectionValidation).", Detection),
        new("compare", "Is B better than A? Two models' scores on 300 and on 3,000 rows: paired bootstrap, DeLong, McNemar.", Compare),
        new("breast-cancer", "MLP + binary cross-entropy on the breast-cancer data (569 rows): loss and metrics per epoch.", BreastCancer),
    ];

    /// <summary>
    /// Breast cancer (569 × 30, target <c>benign</c>): a seeded 80/20 split, features standardised on the
    /// training rows, an MLP 30→16→8→1 with a sigmoid output, binary cross-entropy, Adam.
    /// </summary>
    private static int BreastCancer(DemoContext ctx)
    {
        int epochs = ctx.Epochs ?? 20;
        var output = ctx.Output;
        var data = BuiltInDatasets.BreastCancer();
        var (train, val) = data.Split(0.2, ctx.Seed);
        var (mean, std) = train.FeatureMoments();
        train = train.Standardize(mean, std);
        val = val.Standardize(mean, std);
        output.WriteLine($"breast_cancer: {train.Rows} train / {val.Rows} validation rows, {data.FeatureCount} features; " +
                         $"loss binary_crossentropy (steers), metrics accuracy + roc_auc (judge)");

        random.manual_seed(ctx.Seed);
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
        var history = ProgressDisplay.Run(output, 1, epochs, batches,
            cb => model.Fit(x, y, epochs, batchSize, (xv, yv), shuffle: true, seed: ctx.Seed, callbacks: [cb!], verbose: 0));
        output.WriteLine($"final: val_roc_auc {history["val_roc_auc"][^1]:F4}");

        using var pred = model.Predict(xv);
        double[] score = pred.to_type(ScalarType.Float64).data<double>().ToArray();
        double[] target = val.Target.Select(v => (double)v).ToArray();
        var best = ThresholdSelection.Optimize("f1", target, score);
        var report = new ReportData
        {
            Title = "plumb demo breast-cancer",
            Summary =
            [
                $"{train.Rows} training / {val.Rows} validation rows, {data.FeatureCount} features, target benign (1) vs malignant (0).",
                "Loss: binary_crossentropy (steers). Metrics: accuracy, roc_auc (judge), computed over the whole epoch.",
            ],
            History = ToDictionary(history),
            BestEpochByValLoss = history.BestEpoch("val_loss", lowerIsBetter: true),
            BestByMonitor = ("val_roc_auc", history.BestEpoch("val_roc_auc", lowerIsBetter: false)),
            PredictionsOf = $"{target.Length} validation rows",
            Binary = new BinaryPredictions(target, score, best.Threshold, "max F1 on validation"),
        };
        WriteReport(report, ctx);
        return 0;
    }

    internal static Dictionary<string, IReadOnlyList<double>> ToDictionary(History h) =>
        h.Keys.ToDictionary(k => k, k => h[k]);
}
