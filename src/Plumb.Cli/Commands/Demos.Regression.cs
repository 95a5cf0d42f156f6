using Plumb.Cli.Output;
using Plumb.Cli.Reports;
using Plumb.Datasets;
using Plumb.Metrics;
using Plumb.Tabular;
using Plumb.Training;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    /// <summary>
    /// Diabetes (442 × 10, one-year disease progression): an MLP trained with MSE (the loss steers; it squares
    /// big errors) and judged by MAE (the typical error in the target's own units), with the best epoch chosen
    /// by val_mae and compared with the one val_loss would pick.
    /// </summary>
    private static int Regression(DemoContext ctx)
    {
        var output = ctx.Output;
        var d = BuiltInDatasets.Diabetes();
        var table = ToRawTable(d, "diabetes.csv");
        output.WriteLine("regression: diabetes (442 rows × 10 features), target progression; loss mse (steers), metrics mae, rmse, r2 (judge), monitor val_mae.");
        var options = new TabularOptions
        {
            Targets = [d.TargetName], Epochs = ctx.Epochs ?? 60, LearningRate = 0.01, Hidden = [32, 16], Patience = 15, Seed = ctx.Seed,
            Loss = "mse", Metrics = ["mae", "rmse", "r2"], Monitor = "val_mae",
        };
        int batches = (int)Math.Ceiling(table.Rows * 0.8 / options.BatchSize);
        var r = ProgressDisplay.Run(output, 1, options.Epochs, batches, cb => TabularTrainer.Train(table, null, null, options, [cb!], output.WriteLine));
        using var model = r.Model;
        var h = r.History;
        output.WriteLine(Inv($"best epoch by val_loss (MSE): {r.BestEpochByValLoss + 1}, val_mae there {h["val_mae"][r.BestEpochByValLoss]:0.00}; by val_mae: {r.BestEpochByMonitor + 1}, val_mae {h["val_mae"][r.BestEpochByMonitor]:0.00}."));
        output.WriteLine(Inv($"restored weights: val MAE {r.Validation["mae"]:0.00} (progression units), RMSE {r.Validation["rmse"]:0.00}, R² {r.Validation["r2"]:0.000}. RMSE ≥ MAE always; the gap grows with a few large errors."));
        var (target, score) = r.ValidationPredictions;
        var report = new ReportData
        {
            Title = "plumb demo regression (diabetes)",
            Summary = [.. r.Notes, "MSE steers the optimizer; MAE, RMSE and R² judge on the validation rows."],
            History = ToDictionary(h),
            BestEpochByValLoss = r.BestEpochByValLoss,
            BestByMonitor = ("val_mae", r.BestEpochByMonitor),
            PredictionsOf = $"{target.Length} validation rows",
            Regression = (target, score),
            Tables = [("validation (restored weights)", r.Validation.Select(kv => (kv.Key, Inv($"{kv.Value:0.####}"))).ToList())],
        };
        WriteReport(report, ctx);
        return 0;
    }

    internal static RawTable ToRawTable(TabularData d, string source)
    {
        int f = d.FeatureCount;
        var cols = new List<(string, CellColumn)>();
        for (int j = 0; j < f; j++)
            cols.Add((d.FeatureNames[j], Enumerable.Range(0, d.Rows).Select(i => d.Features[i * f + j].ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        cols.Add((d.TargetName, d.Target.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        return new RawTable(cols, source);
    }
}
