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
        var id = new Option<string?>("--id") { Description = "Column copied to the output as the first column (a row id); it is not a feature.", HelpName = "COL" };
        var cmd = new Command("predict", "Score new rows with a trained model: same preprocessing, scores and labels (binary: at the chosen threshold). Target columns present in the data are kept (and a ranking model's query id column), so the output goes straight into plumb eval.")
        {
            modelDir, data, outFile, force, id,
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
            string? idColumn = parse.GetValue(id);
            if (idColumn is not null && table.Columns.All(c => c.Name != idColumn))
                throw new UsageException($"{table.Source}: --id: no column '{idColumn}' (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
            if (idColumn is not null && spec.Targets.Contains(idColumn)) throw new UsageException($"--id: '{idColumn}' is the target column");
            if (idColumn is not null && idColumn == spec.Group) idColumn = null; // a ranking model passes its group column through anyway
            if (spec.Group is { } g && table.Columns.All(c => c.Name != g))
                throw new UsageException($"{table.Source}: no column '{g}' (the query id column this ranking model was trained with; columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
            Tensor Features()
            {
                try { return pre.TransformToTensor([.. table.Columns.Where(c => !spec.Targets.Contains(c.Name) && c.Name != idColumn && c.Name != spec.Group)], table.RowNumber); }
                catch (FormatException e) { throw new UsageException($"{table.Source}: {e.Message}"); }
            }
            int rows = table.Rows;
            using var xt = Features();
            using var p = model.Predict(xt);
            double[] scores = p.to_type(ScalarType.Float64).data<double>().ToArray();

            var passThrough = new List<(string Name, Plumb.Tabular.CellColumn Cells)>();
            if (idColumn is not null) passThrough.Add((idColumn, table[idColumn]));
            if (spec.Group is { } group) passThrough.Add((group, table[group]));
            foreach (string t in spec.Targets)
                if (table.Columns.Any(c => c.Name == t)) passThrough.Add((t, EncodeTarget(spec, t, table)));
            string csv = Format(spec, scores, rows, passThrough);
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

    /// <summary>
    /// A target column as <c>plumb eval</c> reads it: binary and multiclass class names become their index in the
    /// model's class order (the order of the score columns); multilabel and regression values are kept as written.
    /// </summary>
    private static Plumb.Tabular.CellColumn EncodeTarget(Plumb.Tabular.TabularModelSpec spec, string column, Plumb.Tabular.RawTable table)
    {
        var cells = table[column];
        if (spec.Task is not (MetricTask.Binary or MetricTask.Multiclass)) return cells;
        var index = spec.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return cells.Select((cell, i) => index.TryGetValue(cell, out int k) ? k.ToString(CultureInfo.InvariantCulture)
            : throw new UsageException($"{table.Source}: row {table.RowNumber(i)}, column '{column}': '{cell}' is not one of the training classes ({string.Join(", ", spec.Classes)})")).ToArray();
    }

    /// <summary>
    /// The predictions CSV: pass-through columns (id, ranking group, targets), then <c>score</c> (binary: probability of
    /// the positive class; regression and ranking: the prediction) or <c>score_CLASS</c> per class, then <c>label</c> (label_CLASS per label).
    /// </summary>
    private static string Format(Plumb.Tabular.TabularModelSpec spec, double[] s, int rows, IReadOnlyList<(string Name, Plumb.Tabular.CellColumn Cells)> passThrough)
    {
        var sb = new StringBuilder();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string Csv(string v) => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
        int k = spec.Outputs;
        string[] header = spec.Task switch
        {
            MetricTask.Binary => ["score", "label"],
            MetricTask.Multiclass => [.. spec.Classes.Select(c => "score_" + c), "label"],
            MetricTask.Multilabel => [.. spec.Classes.Select(c => "score_" + c), .. spec.Classes.Select(c => "label_" + c)],
            _ => ["score"],
        };
        sb.AppendLine(string.Join(",", [.. passThrough.Select(p => Csv(p.Name)), .. header.Select(Csv)]));
        for (int i = 0; i < rows; i++)
        {
            foreach (var (_, cells) in passThrough) sb.Append(Csv(cells[i])).Append(',');
            switch (spec.Task)
            {
                case MetricTask.Binary:
                    sb.Append(F(s[i])).Append(',').Append(Csv(spec.Classes[s[i] >= spec.Threshold ? 1 : 0]));
                    break;
                case MetricTask.Multiclass:
                    var row = s.AsSpan(i * k, k);
                    int best = 0;
                    for (int j = 1; j < k; j++) if (row[j] > row[best]) best = j;
                    sb.Append(string.Join(",", [.. row.ToArray().Select(F), Csv(spec.Classes[best])]));
                    break;
                case MetricTask.Multilabel:
                    var r = s.AsSpan(i * k, k).ToArray();
                    sb.Append(string.Join(",", [.. r.Select(F), .. r.Select(v => v >= 0.5 ? "1" : "0")]));
                    break;
                default:
                    sb.Append(F(s[i]));
                    break;
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
