// The seeds' scenario in code: on an imbalanced binary problem the loss (binary cross-entropy) steers each batch,
// and the metrics that matter (PR-AUC, F1) judge each epoch, pick the epoch and stop training; accuracy is shown
// next to them to see how little it says when 92 % of the rows are negative.
//
// Data: scikit-learn's breast-cancer set (569 tumours × 30 features) with malignant as the positive class (1),
// subsampled to 30 of its 212 rows (seeded): 30 positives among 387 rows, 7.8 %. Split 70/30 per class (stratified),
// features standardised on the training rows.
//
// Run: dotnet run --project examples/ImbalancedBinary
using System.Globalization;
using Plumb.Datasets;
using Plumb.Layers;
using Plumb.Training;
using static TorchSharp.torch;

const int seed = 7;
var data = BuiltInDatasets.BreastCancer();
var rng = new Random(seed);
int[] malignant = [.. Enumerable.Range(0, data.Rows).Where(i => data.Target[i] == 0).OrderBy(_ => rng.Next()).Take(30)];
int[] benign = [.. Enumerable.Range(0, data.Rows).Where(i => data.Target[i] == 1).OrderBy(_ => rng.Next())];
int[] trainRows = [.. malignant.Take(21), .. benign.Take(250)];
int[] valRows = [.. malignant.Skip(21), .. benign.Skip(250)];
var train = data.Take(trainRows);
var val = data.Take(valRows);
var (mean, std) = train.FeatureMoments();
(train, val) = (train.Standardize(mean, std), val.Standardize(mean, std));

// Positive = malignant: flip the dataset's "benign" target.
static Tensor Targets(float[] benignTarget) => tensor(benignTarget.Select(t => 1 - t).ToArray(), [benignTarget.Length, 1]);
using var x = tensor(train.Features, [train.Rows, train.FeatureCount]);
using var y = Targets(train.Target);
using var xv = tensor(val.Features, [val.Rows, val.FeatureCount]);
using var yv = Targets(val.Target);
Console.WriteLine($"train {train.Rows} rows (21 positive), validation {val.Rows} rows ({malignant.Length - 21} positive)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"always predicting 'benign' scores validation accuracy {1 - (malignant.Length - 21.0) / val.Rows:F3} and finds no tumour"));

random.manual_seed(seed);
var net = new Sequential(data.FeatureCount)
    .Dense(16, "relu", kernelRegularizer: Regularizer.L2(1e-4))
    .Dropout(0.2)
    .Dense(1, "sigmoid");
using var model = new Model(net);
model.Compile("adam", 1e-3, "binary_crossentropy", metrics: ["accuracy", "pr_auc", "f1"]);

var stop = new EarlyStopping("val_pr_auc", patience: 15, restoreBestWeights: true);
History history = model.Fit(x, y, epochs: 300, batchSize: 32, validationData: (xv, yv), seed: seed,
    callbacks: [stop], verbose: 1);

var final = model.Evaluate(xv, yv);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"stopped after {history.Epochs.Count} epochs; best val_pr_auc {stop.Best:F4} at epoch {stop.BestEpoch + 1} (weights restored)"));
Console.WriteLine(string.Join("  ", final.Select(kv => string.Create(CultureInfo.InvariantCulture, $"val_{kv.Key} {kv.Value:F4}"))));
