using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Plumb.Cli.Data;
using Plumb.IO;

namespace Plumb.Cli.Reports;

/// <summary>
/// Saves what a report needs as plain files in a run folder — <c>history.csv</c>, <c>predictions.csv</c>,
/// <c>report.json</c> — and loads them back, so <c>plumb report DIR</c> re-renders without retraining.
/// The layout is documented in docs/outputs.md and versioned by <see cref="SchemaVersion"/>.
/// </summary>
internal static class ReportStore
{
    /// <summary>The version of the run-folder files (report.json's <c>schema_version</c>); docs/outputs.md describes it.</summary>
    public const int SchemaVersion = 1;

    /// <summary>report.json: snake_case keys, epochs counted from 1.</summary>
    private sealed record Meta(int SchemaVersion, string Title, IReadOnlyList<string> Summary, string? PredictionsOf,
        int? BestEpochByValLoss, string? Monitor, int? BestEpochByMonitor,
        string Kind, double? Threshold, string? ThresholdChosenBy, string[]? Classes,
        IReadOnlyList<TableMeta>? Tables);

    private sealed record TableMeta(string Title, IReadOnlyList<string[]> Rows);

    /// <summary>report.json as written before the schema was versioned (PascalCase, 0-based epochs); still read.</summary>
    private sealed record LegacyMeta(string Title, IReadOnlyList<string> Summary, int? BestEpochByValLoss, string? MonitorKey, int? MonitorEpoch,
        string Kind, double? ChosenThreshold, string? ChosenBy, string[]? Classes, IReadOnlyList<TableMeta>? Tables);

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Save(ReportData data, string dir)
    {
        if (data.History is { } h) AtomicFile.WriteAllText(Path.Combine(dir, "history.csv"), HistoryCsv(h));
        string kind = "none";
        string? predictions = null;
        if (data.Binary is { } b)
        {
            kind = "binary";
            predictions = PredictionsCsv(b.Target, b.Score, ["score"]);
        }
        else if (data.Regression is { } r)
        {
            kind = "regression";
            predictions = PredictionsCsv(r.Actual, r.Predicted, ["score"]);
        }
        else if (data.Multiclass is { } m)
        {
            kind = "multiclass";
            if (data.MulticlassPredictions is { } mp) predictions = PredictionsCsv(mp.Target, mp.Scores, [.. m.Classes.Select(c => "score_" + c)]);
            var sb = new StringBuilder();
            sb.AppendLine(string.Join(",", ["true_class", .. m.Classes.Select(c => "predicted_" + c)]));
            for (int i = 0; i < m.Matrix.Length; i++)
                sb.AppendLine(string.Join(",", [m.Classes[i], .. m.Matrix[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))]));
            AtomicFile.WriteAllText(Path.Combine(dir, "confusion.csv"), sb.ToString());
        }
        else if (data.Ranking is { } rk)
        {
            kind = "ranking";
            predictions = RankingPredictionsCsv(rk);
        }
        if (predictions is not null) AtomicFile.WriteAllText(Path.Combine(dir, "predictions.csv"), predictions);
        var meta = new Meta(SchemaVersion, data.Title, data.Summary, data.PredictionsOf,
            data.BestEpochByValLoss + 1, data.BestByMonitor?.Key, data.BestByMonitor?.Epoch + 1, kind,
            data.Binary?.ChosenThreshold, data.Binary?.ChosenBy, data.Multiclass?.Classes,
            data.Tables.Select(t => new TableMeta(t.Title, t.Rows.Select(r => new[] { r.Key, r.Value }).ToList())).ToList());
        AtomicFile.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(meta, Json));
    }

    /// <summary>predictions.csv: <c>target</c>, then <c>score</c> (binary: probability of class 1; regression: the prediction) or <c>score_CLASS</c> per class.</summary>
    internal static string PredictionsCsv(double[] target, double[] scores, IReadOnlyList<string> scoreColumns)
    {
        int k = scoreColumns.Count;
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", ["target", .. scoreColumns]));
        for (int i = 0; i < target.Length; i++)
        {
            sb.Append(target[i].ToString("R", CultureInfo.InvariantCulture));
            for (int j = 0; j < k; j++) sb.Append(',').Append(scores[i * k + j].ToString("R", CultureInfo.InvariantCulture));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Ranking predictions.csv: <c>query</c> (the query's number, in order of first appearance), <c>target</c> (relevance), <c>score</c>.</summary>
    private static string RankingPredictionsCsv(RankingReading rk)
    {
        var sb = new StringBuilder();
        sb.AppendLine("query,target,score");
        for (int i = 0; i < rk.Relevance.Length; i++)
            sb.Append(rk.Groups[i].ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(rk.Relevance[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .AppendLine(rk.Score[i].ToString("R", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public static ReportData Load(string dir)
    {
        string metaPath = Path.Combine(dir, "report.json");
        if (!File.Exists(metaPath)) throw new UsageException($"{dir}: no report.json (is this a folder written by plumb train or plumb demo?)");
        Meta meta;
        try
        {
            string text = File.ReadAllText(metaPath);
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("schema_version", out var v))
            {
                if (v.ValueKind != JsonValueKind.Number || v.GetInt32() > SchemaVersion)
                    throw new UsageException($"{metaPath}: schema_version {v} is newer than this plumb reads ({SchemaVersion}); update plumb");
                meta = JsonSerializer.Deserialize<Meta>(text, Json) ?? throw new JsonException("empty");
            }
            else
            {
                var l = JsonSerializer.Deserialize<LegacyMeta>(text) ?? throw new JsonException("empty");
                meta = new Meta(0, l.Title, l.Summary, null, l.BestEpochByValLoss + 1, l.MonitorKey, l.MonitorEpoch + 1, l.Kind,
                    l.ChosenThreshold, l.ChosenBy, l.Classes, l.Tables);
            }
        }
        catch (JsonException e) { throw new UsageException($"{metaPath}: not a valid report description: {e.Message}"); }
        if (meta.Title is null) throw new UsageException($"{metaPath}: Title: missing (not a report description written by plumb)");
        if (meta.Summary is null) throw new UsageException($"{metaPath}: Summary: missing (not a report description written by plumb)");
        if (meta.Kind is not ("none" or "binary" or "regression" or "multiclass" or "ranking"))
            throw new UsageException($"{metaPath}: Kind: {(meta.Kind is null ? "missing" : $"'{meta.Kind}'")} is not none, binary, regression, multiclass or ranking");
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
            Summary = meta.Summary ?? [],
            PredictionsOf = meta.PredictionsOf,
            History = history,
            BestEpochByValLoss = meta.BestEpochByValLoss - 1,
            BestByMonitor = meta.Monitor is { } k && meta.BestEpochByMonitor is { } ep ? (k, ep - 1) : null,
            Tables = (meta.Tables ?? []).Select(t => (t.Title, (IReadOnlyList<(string, string)>)t.Rows.Select(r => (r[0], r[1])).ToList())).ToList(),
        };
        bool legacy = meta.SchemaVersion == 0;
        switch (meta.Kind)
        {
            case "binary":
                var p = TableReader.Read(Path.Combine(dir, "predictions.csv"));
                data = data with { Binary = new BinaryPredictions(p.Column("target").RequireFinite(), p.Column("score").RequireFinite(), meta.Threshold ?? 0.5, meta.ThresholdChosenBy ?? "") };
                break;
            case "regression":
                var r = TableReader.Read(Path.Combine(dir, "predictions.csv"));
                data = data with { Regression = (r.Column(legacy ? "actual" : "target").RequireFinite(), r.Column(legacy ? "predicted" : "score").RequireFinite()) };
                break;
            case "ranking":
                var q = TableReader.Read(Path.Combine(dir, "predictions.csv"));
                data = data with { Ranking = RankingReading.Of(q.Column("target").RequireFinite(), q.Column("score").RequireFinite(), [.. q.Column("query").RequireFinite().Select(v => (long)v)]) };
                break;
            case "multiclass":
                var c = TableReader.Read(Path.Combine(dir, "confusion.csv"));
                var cols = c.Columns.Where(col => col.Name != "true_class").Select(col => col.RequireFinite()).ToArray();
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
}
