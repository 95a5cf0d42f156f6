using Plumb.Datasets;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

public static class Quickstart
{
    public static double Run()
    {
        // Data: 569 tumours × 30 features, target benign (1) / malignant (0); split, standardise on train.
        var (train, val) = BuiltInDatasets.BreastCancer().Split(validationFraction: 0.2, seed: 1);
        var (mean, std) = train.FeatureMoments();
        (train, val) = (train.Standardize(mean, std), val.Standardize(mean, std));

        // Any TorchSharp module works; the loss steers, the metrics judge every epoch over all samples.
        random.manual_seed(1);
        using var model = new Model(nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid()));
        model.Compile("adam", learningRate: 1e-2, loss: new BinaryCrossentropy(),
                      metrics: [() => new Accuracy(), () => new RocAuc()]);

        History history = model.Fit(
            tensor(train.Features, [train.Rows, 30]), tensor(train.Target, [train.Rows, 1]),
            epochs: 10, batchSize: 32,
            validationData: (tensor(val.Features, [val.Rows, 30]), tensor(val.Target, [val.Rows, 1])));

        return history["val_roc_auc"][^1];
    }
}
