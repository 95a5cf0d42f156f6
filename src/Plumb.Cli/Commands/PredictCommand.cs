using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;
using Plumb.IO;
using Plumb.Tabular;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb predict</c>: applies a model written by <c>plumb train</c> with the same preprocessing.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var modelDir = new Option<string>("--model") { Description = "Folder written by plumb train.", Required = true, HelpName = "DIR" };
        var data = new Option<string>("--data") { Description = "Rows to score: .csv, .tsv or .parquet (target columns are ignored if present).", Required = true, HelpName = "FILE" };
        var outFile = new Option<string?>("--out") { Description = "Write the predictions CSV here (default: stdout).", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --out file." };
        var cmd = new Command("predict", "Score new rows with a trained model: same preprocessing, scores and labels (binary: at the chosen threshold).")
        {
            modelDir, data, outFile, force,
        };
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(modelDir)!;
            string? outPath = parse.GetValue(outFile);
            if (outPath is not null) OutputFile.Check(outPath, "--out", parse.GetValue(force));
            Plumb.Data.Preprocessor pre;
            Plumb.Tabular.TabularModelSpec spec;
            Model model;
            try { (spec, pre, model) = TabularModelFile.Load(dir); }
            catch (RunFolderException e) { throw new UsageException(e.Message); }
            using var _ = model;

            var table = TrainCommand.Load(parse.GetValue(data)!);
            float[] x;
            int rows;
            try { x = pre.Transform([.. table.Columns.Where(c => !spec.Targets.Contains(c.Name))], out rows, table.RowNumber); }
            catch (FormatException e) { throw new UsageException($"{table.Source}: {e.Message}"); }

            using var xt = tensor(x, [rows, spec.Features]);
            using var p = model.Predict(xt);
            double[] scores = p.to_type(ScalarType.Float64).data<double>().ToArray();

            string csv = Format(spec, scores, rows);
            if (outPath is { } path)
            {
                AtomicFile.WriteAllText(path, csv);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {rows} predictions to {path}");
            }
            else parse.InvocationConfiguration.Output.Write(csv);
            return 0;
        });
        return cmd;
    }

    private static string Format(Plumb.Tabular.TabularModelSpec spec, double[] s, int rows)
    {
        var sb = new StringBuilder();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        int k = spec.Outputs;
        switch (spec.Task)
        {
            case MetricTask.Binary:
                sb.AppendLine("score,label");
                for (int i = 0; i < rows; i++) sb.AppendLine($"{F(s[i])},{spec.Classes[s[i] >= spec.Threshold ? 1 : 0]}");
                break;
            case MetricTask.Multiclass:
                sb.AppendLine(string.Join(",", [.. spec.Classes.Select(c => "prob_" + c), "label"]));
                for (int i = 0; i < rows; i++)
                {
                    var row = s.AsSpan(i * k, k);
                    int best = 0;
                    for (int j = 1; j < k; j++) if (row[j] > row[best]) best = j;
                    sb.AppendLine(string.Join(",", [.. row.ToArray().Select(F), spec.Classes[best]]));
                }
                break;
            case MetricTask.Multilabel:
                sb.AppendLine(string.Join(",", [.. spec.Classes.Select(c => "score_" + c), .. spec.Classes.Select(c => "label_" + c)]));
                for (int i = 0; i < rows; i++)
                {
                    var row = s.AsSpan(i * k, k).ToArray();
                    sb.AppendLine(string.Join(",", [.. row.Select(F), .. row.Select(v => v >= 0.5 ? "1" : "0")]));
                }
                break;
            default:
                sb.AppendLine("prediction");
                for (int i = 0; i < rows; i++) sb.AppendLine(F(s[i]));
                break;
        }
        return sb.ToString();
    }
}
