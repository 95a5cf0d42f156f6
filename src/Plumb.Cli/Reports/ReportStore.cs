using System.Globalization;
using System.Text;
using System.Text.Json;
using Plumb.Cli.Data;
using Plumb.IO;

namespace Plumb.Cli.Reports;

/// <summary>
/// Saves what a report needs as plain files in a run folder — <c>history.csv</c>, <c>predictions.csv</c>,
/// <c>report.json</c> — and loads them back, so <c>plumb report DIR</c> re-renders without retraining.
/// </summary>
internal static class ReportStore
{
    private sealed record Meta(string Title, IReadOnlyList<string> Summary, int? BestEpochByValLoss, string? MonitorKey, int? MonitorEpoch,
        string Kind, double? ChosenThreshold, string? ChosenBy, string[]? Classes,
        IReadOnlyList<TableMeta>? Tables);

    private sealed record TableMeta(string Title, IReadOnlyList<string[]> Rows);

    public static void Save(ReportData data, string dir)
    {
        if (data.History is { } h) AtomicFile.WriteAllText(Path.Combine(dir, "history.csv"), HistoryCsv(h));
        string kind = "none";
        var sb = new StringBuilder();
        if (data.Binary is { } b)
        {
            kind = "binary";
            sb.AppendLine("target,score");
            for (int i = 0; i < b.Target.Length; i++) sb.AppendLine(Inv($"{b.Target[i]},{b.Score[i]:R}"));
        }
        else if (data.Regression is { } r)
        {
            kind = "regression";
            sb.AppendLine("actual,predicted");
            for (int i = 0; i < r.Actual.Length; i++) sb.AppendLine(Inv($"{r.Actual[i]:R},{r.Predicted[i]:R}"));
        }
        else if (data.Multiclass is { } m)
        {
            kind = "multiclass";
            sb.AppendLine(string.Join(",", m.Classes.Select(c => "pred_" + c)));
            foreach (var row in m.Matrix) sb.AppendLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        if (kind != "none") AtomicFile.WriteAllText(Path.Combine(dir, kind == "multiclass" ? "confusion.csv" : "predictions.csv"), sb.ToString());
        var meta = new Meta(data.Title, data.Summary, data.BestEpochByValLoss, data.BestByMonitor?.Key, data.BestByMonitor?.Epoch, kind,
            data.Binary?.ChosenThreshold, data.Binary?.ChosenBy, data.Multiclass?.Classes,
            data.Tables.Select(t => new TableMeta(t.Title, t.Rows.Select(r => new[] { r.Key, r.Value }).ToList())).ToList());
        AtomicFile.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(meta, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static ReportData Load(string dir)
    {
        string metaPath = Path.Combine(dir, "report.json");
        if (!File.Exists(metaPath)) throw new UsageException($"{dir}: no report.json (is this a folder written by plumb train or plumb demo?)");
        Meta meta;
        try { meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(metaPath)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new UsageException($"{metaPath}: not a valid report description: {e.Message}"); }
        if (meta.Title is null) throw new UsageException($"{metaPath}: Title: missing (not a report description written by plumb)");
        if (meta.Summary is null) throw new UsageException($"{metaPath}: Summary: missing (not a report description written by plumb)");
        if (meta.Kind is not ("none" or "binary" or "regression" or "multiclass"))
            throw new UsageException($"{metaPath}: Kind: {(meta.Kind is null ? "missing" : $"'{meta.Kind}'")} is not none, binary, regression or multiclass");
        if (meta.Tables?.Any(t => t?.Title is null || t.Rows is null || t.Rows.Any(r => r is not { Length: 2 })) == true)
            throw new UsageException($"{metaPath}: Tables: each needs a Title and rows of two cells");
        IReadOnlyDictionary<string, IReadOnlyList<double>>? history = null;
        string historyPath = Path.Combine(dir, "history.csv");
        if (File.Exists(historyPath))
        {
            var t = TableReader.Read(historyPath);
            history = t.Columns.Where(c => c.Name != "epoch").ToDictionary(c => c.Name, c => (IReadOnlyList<double>)c.RequireFinite());
        }
        var data = new ReportData
        {
            Title = meta.Title,
            Summary = meta.Summary,
            History = history,
            BestEpochByValLoss = meta.BestEpochByValLoss,
            BestByMonitor = meta.MonitorKey is { } k && meta.MonitorEpoch is { } ep ? (k, ep) : null,
            Tables = (meta.Tables ?? []).Select(t => (t.Title, (IReadOnlyList<(string, string)>)t.Rows.Select(r => (r[0], r[1])).ToList())).ToList(),
        };
        switch (meta.Kind)
        {
            case "binary":
                var p = TableReader.Read(Path.Combine(dir, "predictions.csv"));
                data = data with { Binary = new BinaryPredictions(p.Column("target").RequireFinite(), p.Column("score").RequireFinite(), meta.ChosenThreshold ?? 0.5, meta.ChosenBy ?? "") };
                break;
            case "regression":
                var r = TableReader.Read(Path.Combine(dir, "predictions.csv"));
                data = data with { Regression = (r.Column("actual").RequireFinite(), r.Column("predicted").RequireFinite()) };
                break;
            case "multiclass":
                var c = TableReader.Read(Path.Combine(dir, "confusion.csv"));
                var cols = c.Columns.Select(col => col.RequireFinite()).ToArray();
                var matrix = Enumerable.Range(0, c.Rows).Select(i => cols.Select(col => col[i]).ToArray()).ToArray();
                data = data with { Multiclass = (matrix, meta.Classes ?? []) };
                break;
        }
        return data;
    }

    /// <summary>history.csv: epoch (1-based), then every key in order (loss, metrics, val_ of each, lr).</summary>
    public static string HistoryCsv(IReadOnlyDictionary<string, IReadOnlyList<double>> h)
    {
        var keys = h.Keys.ToList();
        int epochs = keys.Count == 0 ? 0 : h[keys[0]].Count;
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", ["epoch", .. keys]));
        for (int e = 0; e < epochs; e++)
            sb.AppendLine(string.Join(",", [(e + 1).ToString(CultureInfo.InvariantCulture), .. keys.Select(k => h[k][e].ToString("R", CultureInfo.InvariantCulture))]));
        return sb.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
