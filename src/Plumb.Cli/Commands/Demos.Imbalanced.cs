using System.Globalization;
using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Datasets;
using Plumb.Layers;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    private sealed record Variant(string Name, string Loss, string? ClassWeight);

    private sealed record VariantResult(Variant Variant, History History, int BestByLoss, int BestByPrAuc, double[] Score,
        double PrAuc, double RocAuc, ThresholdPoint AtHalf, ThresholdPoint AtBest);

    /// <summary>
    /// The 500:1 story: a seeded synthetic problem (50,000 negatives, 100 positives, 20 Gaussian features of which
    /// 5 carry signal). Accuracy of "always negative", then binary cross-entropy, class weights and focal loss, each
    /// judged by validation PR-AUC, with the epoch picked by val_loss vs by val_pr_auc and the threshold by F1.
    /// </summary>
    private static int Imbalanced(DemoContext ctx)
    {
        var output = ctx.Output;
        int epochs = ctx.Epochs ?? 8;
        var data = Synthetic.ImbalancedBinary(negatives: 50_000, positives: 100, features: 20, informative: 5, shift: 1.6, seed: ctx.Seed);
        var (train, val) = data.StratifiedSplit(0.3, ctx.Seed);
        var (mean, std) = train.FeatureMoments();
        (train, val) = (train.Standardize(mean, std), val.Standardize(mean, std));
        double[] yVal = [.. val.Target.Select(v => (double)v)];
        int posTrain = train.Target.Count(t => t == 1), posVal = yVal.Count(t => t == 1);
        output.WriteLine($"imbalanced: synthetic, seeded ({ctx.Seed}): {data.Rows:N0} rows, {posTrain + posVal} positives (1 in {(data.Rows - posTrain - posVal) / (posTrain + posVal)}); " +
                         $"20 features, 5 informative. Train {train.Rows:N0} ({posTrain} positives), validation {val.Rows:N0} ({posVal} positives, stratified).");

        // 1. The model that learned nothing.
        var allNegative = new double[yVal.Length];
        double accNothing = Accuracy.Binary(yVal, allNegative);
        var nothing = ThresholdSelection.At(0.5, yVal, allNegative);
        output.WriteLine(Inv($"1. Predict 'negative' for everything: accuracy {accNothing:P2}, recall {nothing.Recall:0}, F1 {nothing.F1:0}, PR-AUC {posVal / (double)yVal.Length:0.0000} (= the prevalence). Accuracy is the wrong judge here."));

        // 2–4. Three ways to steer, one judge.
        Variant[] variants =
        [
            new("bce", "binary_crossentropy", null),
            new("bce + class weights", "binary_crossentropy", "balanced"),
            new("focal(gamma=2)", "binary_focal_crossentropy(gamma=2)", null),
        ];
        using var x = tensor(train.Features, [train.Rows, train.FeatureCount]);
        using var y = tensor(train.Target, [train.Rows, 1]);
        using var xv = tensor(val.Features, [val.Rows, val.FeatureCount]);
        using var yv = tensor(val.Target, [val.Rows, 1]);
        const int batchSize = 256;
        var results = new List<VariantResult>();
        for (int v = 0; v < variants.Length; v++)
        {
            var variant = variants[v];
            output.WriteLine($"{v + 2}. loss {variant.Loss}{(variant.ClassWeight is null ? "" : ", class_weight " + variant.ClassWeight)}; metrics accuracy, roc_auc, pr_auc, f1 over the whole validation set each epoch:");
            manual_seed(ctx.Seed);
            using var model = new Model(new Sequential(train.FeatureCount).Dense(32, "relu").Dense(16, "relu").Dense(1, "sigmoid"));
            model.Compile("adam", 1e-3, variant.Loss, [(MetricRef)"accuracy", "roc_auc", "pr_auc", "f1"]);
            var history = ProgressDisplay.Run(output, 1, epochs, (train.Rows + batchSize - 1) / batchSize,
                cb => model.Fit(x, y, epochs, batchSize, (xv, yv), seed: ctx.Seed, callbacks: [cb!],
                    classWeight: variant.ClassWeight is null ? null : (ClassWeight)variant.ClassWeight, verbose: 0));
            int byLoss = history.BestEpoch("val_loss", lowerIsBetter: true);
            int byPr = history.BestEpoch("val_pr_auc", lowerIsBetter: false);
            double[] score = Score(model, xv);
            var best = ThresholdSelection.Optimize("f1", yVal, score);
            results.Add(new VariantResult(variant, history, byLoss, byPr, score, history["val_pr_auc"][^1], history["val_roc_auc"][^1],
                ThresholdSelection.At(0.5, yVal, score), best));
            output.WriteLine(Inv($"   best epoch by val_loss: {byLoss + 1} (val_pr_auc {history["val_pr_auc"][byLoss]:0.0000}); by val_pr_auc: {byPr + 1} (val_pr_auc {history["val_pr_auc"][byPr]:0.0000})") +
                             (byLoss != byPr ? " — the loss and the metric disagree on the epoch." : "."));
        }

        output.WriteLine();
        output.WriteLine("Validation, last epoch:");
        output.WriteLine($"{"variant",-22} {"accuracy@0.5",13} {"F1@0.5",8} {"roc_auc",8} {"pr_auc",8} {"F1@best t",10} {"best t",8}");
        output.WriteLine(Inv($"{"always negative",-22} {accNothing,13:0.0000} {0,8:0.0000} {0.5,8:0.0000} {posVal / (double)yVal.Length,8:0.0000} {0,10:0.0000} {"-",8}"));
        foreach (var r in results)
            output.WriteLine(Inv($"{r.Variant.Name,-22} {r.AtHalf.Accuracy,13:0.0000} {r.AtHalf.F1,8:0.0000} {r.RocAuc,8:0.0000} {r.PrAuc,8:0.0000} {r.AtBest.F1,10:0.0000} {r.AtBest.Threshold,8:0.####}"));
        output.WriteLine("Accuracy barely moves and says nothing; PR-AUC and F1 at a chosen threshold tell the variants apart.");

        // The report shows the run where the loss and the metric disagree on the best epoch, when there is one.
        var main = results.FirstOrDefault(r => r.BestByLoss != r.BestByPrAuc) ?? results[0];
        var report = new ReportData
        {
            Title = "plumb demo imbalanced (500:1)",
            Summary =
            [
                $"Synthetic, seeded ({ctx.Seed}): {data.Rows:N0} rows, 500 negatives per positive; validation {val.Rows:N0} rows with {posVal} positives.",
                Inv($"Predicting 'negative' for everything scores accuracy {accNothing:P2} and F1 0: accuracy is the wrong judge."),
                $"Plots below: the '{main.Variant.Name}' run (loss {main.Variant.Loss}). The loss steers; PR-AUC (baseline = prevalence) and F1 at a chosen threshold judge.",
            ],
            History = ToDictionary(main.History),
            BestEpochByValLoss = main.BestByLoss,
            BestByMonitor = ("val_pr_auc", main.BestByPrAuc),
            PredictionsOf = $"{yVal.Length} validation rows",
            Binary = new BinaryPredictions(yVal, main.Score, main.AtBest.Threshold, "max F1 on validation"),
            Tables =
            [
                ("variants (validation, last epoch)",
                [
                    ("always negative: accuracy / F1 / PR-AUC", Inv($"{accNothing:0.0000} / 0 / {posVal / (double)yVal.Length:0.0000}")),
                    .. results.Select(r => (r.Variant.Name + ": PR-AUC / F1@0.5 / F1@best", Inv($"{r.PrAuc:0.0000} / {r.AtHalf.F1:0.0000} / {r.AtBest.F1:0.0000}"))),
                ]),
            ],
        };
        WriteReport(report, ctx);
        return 0;
    }

    internal static double[] Score(Model model, Tensor x)
    {
        using var p = model.Predict(x);
        return p.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    internal static void WriteReport(ReportData report, DemoContext ctx)
    {
        using var run = new RunFolder(ctx.OutDir);
        string staging = run.Begin(ctx.Output);
        ReportStore.Save(report, staging);
        HtmlReport.Write(report, Path.Combine(staging, "report.html"));
        run.Commit();
        ctx.Output.WriteLine($"report: {Path.Combine(ctx.OutDir, "report.html")}");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
