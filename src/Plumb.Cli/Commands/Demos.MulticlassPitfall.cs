using Plumb.Cli.Reports;
using Plumb.Datasets;
using Plumb.Layers;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    /// <summary>
    /// Wine (178 × 13, 3 cultivars) with a 3-unit softmax output and binary cross-entropy — the classic mistake.
    /// Plumb refuses it; trained anyway (the expert opt-out), it shows what Keras 2's <c>acc</c> reported: binary
    /// accuracy over every output unit, inflated by the easy zeros of one-hot targets.
    /// </summary>
    private static int MulticlassPitfall(DemoContext ctx)
    {
        var output = ctx.Output;
        int epochs = ctx.Epochs ?? 30;
        var data = BuiltInDatasets.Wine();
        var (train, val) = data.StratifiedSplit(0.3, ctx.Seed);
        var (mean, std) = train.FeatureMoments();
        (train, val) = (train.Standardize(mean, std), val.Standardize(mean, std));
        using var x = tensor(train.Features, [train.Rows, train.FeatureCount]);
        using var xv = tensor(val.Features, [val.Rows, val.FeatureCount]);
        using var y = nn.functional.one_hot(tensor(train.Target.Select(v => (long)v).ToArray()), 3).to_type(ScalarType.Float32);
        using var yv = nn.functional.one_hot(tensor(val.Target.Select(v => (long)v).ToArray()), 3).to_type(ScalarType.Float32);
        output.WriteLine($"multiclass-pitfall: wine ({data.Rows} rows, 3 cultivars), one-hot targets, a 3-unit softmax output, loss binary_crossentropy, metric 'accuracy'.");

        Sequential Net() { manual_seed(ctx.Seed); return new Sequential(train.FeatureCount).Dense(8, "relu").Dense(3, "softmax"); }

        // 1. Plumb refuses the combination.
        using (var refused = new Model(Net()))
        {
            refused.Compile("adam", 1e-2, "binary_crossentropy", [(MetricRef)"accuracy"]);
            try
            {
                refused.Fit(x, y, epochs: 1, seed: ctx.Seed, verbose: 0);
                output.WriteLine("1. (unexpected) Plumb accepted binary_crossentropy on a softmax output.");
            }
            catch (CompileCheckException e)
            {
                output.WriteLine($"1. Plumb refuses: {e.Message}");
            }
        }

        // 2. Trained anyway: what Keras 2's silent 'acc' (binary accuracy, element-wise) reported vs the real accuracy.
        using var wrong = new Model(Net());
        wrong.Compile("adam", 1e-2, "binary_crossentropy", [(MetricRef)"accuracy"], validate: false);
        wrong.Fit(x, y, epochs, batchSize: 16, seed: ctx.Seed, verbose: 0);
        var (kerasAcc, realAcc) = BothAccuracies(wrong, xv, yv);
        output.WriteLine($"2. Trained anyway (validate: false), validation: Keras 2's 'acc' (binary accuracy over all 3 outputs) = {kerasAcc:P1}; real accuracy (argmax vs class) = {realAcc:P1}.");
        using (var blank = new Model(Net()))
        {
            var (kerasUntrained, realUntrained) = BothAccuracies(blank, xv, yv);
            output.WriteLine($"   Even an untrained network scores {kerasUntrained:P1} on that 'acc' (real accuracy {realUntrained:P1}): two of every three one-hot entries are 0, so predicting 0 everywhere already reads 66.7 %.");
        }

        // 3. The right loss for a softmax output.
        using var right = new Model(Net());
        right.Compile("adam", 1e-2, "categorical_crossentropy", [(MetricRef)"accuracy"]);
        right.Fit(x, y, epochs, batchSize: 16, seed: ctx.Seed, verbose: 0);
        var (_, correct) = BothAccuracies(right, xv, yv);
        output.WriteLine($"3. With categorical_crossentropy (what a softmax output needs), validation accuracy = {correct:P1}.");

        var report = new ReportData
        {
            Title = "plumb demo multiclass-pitfall (wine)",
            Summary =
            [
                "Binary cross-entropy on a 3-unit softmax output: Plumb refuses it at the first batch.",
                $"Trained anyway, Keras 2's 'acc' reads {kerasAcc:P1} while the real accuracy is {realAcc:P1}; with categorical cross-entropy: {correct:P1}.",
            ],
            Multiclass = (ConfusionOf(right, xv, val.Target), ["0", "1", "2"]),
            Tables = [("validation", [("Keras 2 'acc' with BCE", $"{kerasAcc:0.0000}"), ("real accuracy with BCE", $"{realAcc:0.0000}"), ("accuracy with categorical_crossentropy", $"{correct:0.0000}")])],
        };
        WriteReport(report, ctx);
        return 0;
    }

    private static (double KerasBinaryAccuracy, double Accuracy) BothAccuracies(Model model, Tensor x, Tensor yOneHot)
    {
        using var p = model.Predict(x);
        using var elementwise = p.ge(0.5).to_type(ScalarType.Float32).eq(yOneHot).to_type(ScalarType.Float64).mean();
        using var argmax = p.argmax(1).eq(yOneHot.argmax(1)).to_type(ScalarType.Float64).mean();
        return (elementwise.item<double>(), argmax.item<double>());
    }

    private static double[][] ConfusionOf(Model model, Tensor x, float[] target)
    {
        double[] s = Score(model, x);
        return ReportData.Confusion([.. target.Select(v => (double)v)], s, 3);
    }
}
