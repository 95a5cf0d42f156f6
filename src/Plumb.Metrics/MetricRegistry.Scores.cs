namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    /// <summary>
    /// Score metrics: <c>roc_auc</c> (auc; args multi_class=ovr|ovo, bins=B), <c>average_precision</c>
    /// (pr_auc, ap; bins=B), <c>log_loss</c> (logloss, cross_entropy; normalize=0|1, eps=E), <c>brier</c>
    /// (brier_score, brier_score_loss), <c>roc_curve</c> (drop_intermediate=0|1), <c>pr_curve</c>
    /// (precision_recall_curve), <c>precision_at_recall(r=R)</c>, <c>recall_at_precision(p=P)</c>,
    /// <c>calibration(bins=B)</c> (calibration_curve, reliability), <c>ece(bins=B)</c>.
    /// </summary>
    static partial void RegisterScoreMetrics()
    {
        Register("roc_auc", (s, o) =>
        {
            Allow(s, "multi_class", "bins");
            int bins = Bins(s, 0);
            if (bins > 0)
            {
                if (o.Task != MetricTask.Binary) throw new FormatException($"metric '{s.Text}': bins is for the binary task only");
                return new BinnedRanking(BinnedRanking.Kind.RocAuc, bins, o.FromLogits);
            }
            return new RocAuc(o, s.Arguments.TryGetValue("multi_class", out string? mc) ? mc : "ovr");
        }, "auc", "rocauc", "auroc");
        Register("average_precision", (s, o) =>
        {
            Allow(s, "bins");
            int bins = Bins(s, 0);
            if (bins > 0)
            {
                if (o.Task != MetricTask.Binary) throw new FormatException($"metric '{s.Text}': bins is for the binary task only");
                return new BinnedRanking(BinnedRanking.Kind.AveragePrecision, bins, o.FromLogits);
            }
            return new AveragePrecision(o);
        }, "pr_auc", "ap", "auprc", "average_precision_score");
        Register("log_loss", (s, o) =>
        {
            Allow(s, "normalize", "eps");
            return new LogLoss(o, Flag(s, "normalize", false), s.Number("eps", LogLoss.Float64Eps));
        }, "logloss", "cross_entropy", "nll");
        Register("brier", (s, o) => { Allow(s); return new Brier(o); }, "brier_score", "brier_score_loss");
        Register("roc_curve", (s, o) => { Allow(s, "drop_intermediate"); return new RocCurve(o, Flag(s, "drop_intermediate", true)); });
        Register("pr_curve", (s, o) => { Allow(s); return new PrCurve(o); }, "precision_recall_curve");
        Register("precision_at_recall", (s, o) =>
        {
            Allow(s, "r", "recall");
            return new OperatingPoint(OperatingPoint.Kind.PrecisionAtRecall, Target(s, "r", "recall"), o);
        });
        Register("recall_at_precision", (s, o) =>
        {
            Allow(s, "p", "precision");
            return new OperatingPoint(OperatingPoint.Kind.RecallAtPrecision, Target(s, "p", "precision"), o);
        });
        Register("calibration", (s, o) => { Allow(s, "bins"); return new Calibration(o, Bins(s, 10)); }, "calibration_curve", "reliability");
        Register("ece", (s, o) => { Allow(s, "bins"); return new Calibration(o, Bins(s, 10), eceOnly: true); }, "expected_calibration_error");
    }

    private static void Allow(MetricSpec s, params string[] keys)
    {
        foreach (string k in s.Arguments.Keys)
            if (!keys.Contains(k, StringComparer.OrdinalIgnoreCase))
                throw new FormatException(keys.Length == 0
                    ? $"metric '{s.Text}': {s.Name} takes no arguments"
                    : $"metric '{s.Text}': unknown argument '{k}' (known: {string.Join(", ", keys)})");
    }

    private static int Bins(MetricSpec s, int fallback)
    {
        double b = s.Number("bins", fallback);
        if (b != Math.Floor(b) || b < (fallback == 0 ? 0 : 1) || b > 1 << 24)
            throw new FormatException($"metric '{s.Text}': bins must be a positive integer, got {b}");
        return (int)b;
    }

    private static double Target(MetricSpec s, string key, string longKey)
    {
        string k = s.Arguments.ContainsKey(key) ? key : longKey;
        double v = s.RequiredNumber(k);
        if (!(v >= 0 && v <= 1)) throw new FormatException($"metric '{s.Text}': {k} must be in [0, 1], got {v}");
        return v;
    }

    private static bool Flag(MetricSpec s, string key, bool fallback)
    {
        if (!s.Arguments.TryGetValue(key, out string? v)) return fallback;
        return v.ToLowerInvariant() switch
        {
            "1" or "true" or "yes" => true,
            "0" or "false" or "no" => false,
            _ => throw new FormatException($"metric '{s.Text}': {key} must be true/false or 1/0, got '{v}'"),
        };
    }
}
