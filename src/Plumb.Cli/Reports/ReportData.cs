namespace Plumb.Cli.Reports;

/// <summary>Everything a report shows; each part is optional and its plots are skipped when absent.</summary>
internal sealed record ReportData
{
    public required string Title { get; init; }

    /// <summary>Lines shown under the title (task, loss, metrics, data).</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>Per-epoch values by key (<c>loss</c>, <c>val_loss</c>, metrics, <c>val_</c> metrics), 0-based epochs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? History { get; init; }

    /// <summary>Best epoch by validation loss (0-based).</summary>
    public int? BestEpochByValLoss { get; init; }

    /// <summary>The monitored key (e.g. <c>val_pr_auc</c>) and its best epoch (0-based).</summary>
    public (string Key, int Epoch)? BestByMonitor { get; init; }

    /// <summary>Which rows the prediction plots show (e.g. <c>143 test rows</c>, <c>preds.csv, 143 rows</c>); stated in their readings.</summary>
    public string? PredictionsOf { get; init; }

    /// <summary>Binary validation or test predictions.</summary>
    public BinaryPredictions? Binary { get; init; }

    /// <summary>Regression predictions.</summary>
    public (double[] Actual, double[] Predicted)? Regression { get; init; }

    /// <summary>Multiclass confusion matrix (rows = true class) with class names.</summary>
    public (double[][] Matrix, string[] Classes)? Multiclass { get; init; }

    /// <summary>Multiclass targets (class indices) and scores (row-major, one per class), when known: saved as predictions.csv.</summary>
    public (double[] Target, double[] Scores)? MulticlassPredictions { get; init; }

    /// <summary>Ranking: relevance, scores and query groups with NDCG@k and the per-query NDCG@10, computed once.</summary>
    public RankingReading? Ranking { get; init; }

    /// <summary>Multiclass counts, rows = true class, columns = argmax of the K scores per row (first maximum wins).</summary>
    public static double[][] Confusion(double[] target, double[] score, int k)
    {
        var m = Enumerable.Range(0, k).Select(_ => new double[k]).ToArray();
        for (int i = 0; i < target.Length; i++)
        {
            int best = 0;
            for (int j = 1; j < k; j++) if (score[i * k + j] > score[i * k + best]) best = j;
            m[(int)target[i]][best]++;
        }
        return m;
    }

    /// <summary>Extra key/value tables (final metrics).</summary>
    public IReadOnlyList<(string Title, IReadOnlyList<(string Key, string Value)> Rows)> Tables { get; init; } = [];
}

/// <summary>Binary targets and scores, with the chosen decision threshold.</summary>
internal sealed record BinaryPredictions(double[] Target, double[] Score, double ChosenThreshold, string ChosenBy);
