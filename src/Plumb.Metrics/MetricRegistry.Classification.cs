using System.Globalization;

namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    static partial void RegisterClassificationMetrics()
    {
        Register("accuracy", (s, o) => new Accuracy(LabelOptions(s, o)), "acc", "accuracy_score");
        Register("balanced_accuracy", (s, o) => new BalancedAccuracy(LabelOptions(s, o)), "balanced_accuracy_score", "bacc");
        Register("precision", (s, o) => new Precision(LabelOptions(s, o)), "precision_score", "ppv");
        Register("recall", (s, o) => new Recall(LabelOptions(s, o)), "recall_score", "sensitivity", "tpr");
        Register("f1", (s, o) => new F1(LabelOptions(s, o)), "f1_score", "f_1");
        Register("fbeta", (s, o) => new FBeta(s.RequiredNumber("beta"), LabelOptions(s, o, "beta")), "fbeta_score", "f_beta");
        Register("specificity", (s, o) => new Specificity(LabelOptions(s, o)), "tnr", "selectivity", "true_negative_rate");
        Register("npv", (s, o) => new NegativePredictiveValue(LabelOptions(s, o)), "negative_predictive_value");
        Register("jaccard", (s, o) => new Jaccard(LabelOptions(s, o)), "jaccard_score", "iou");
        Register("mcc", (s, o) => new MatthewsCorrCoef(LabelOptions(s, o)), "matthews_corrcoef", "phi");
        Register("cohen_kappa", (s, o) => new CohenKappa(KappaWeights(s), LabelOptions(s, o, "weights")), "kappa", "cohen_kappa_score");
        Register("hamming_loss", (s, o) => new HammingLoss(LabelOptions(s, o)), "hamming");
        Register("confusion_matrix", (s, o) => new ConfusionMatrix(LabelOptions(s, o)), "cm");
        Register("classification_report", (s, o) => new ClassificationReport(LabelOptions(s, o)), "report");
        Register("top_k_accuracy", (s, o) => new TopKAccuracy(TopK(s), LabelOptions(s, o, "k")), "top_k_accuracy_score", "top_k");
    }

    /// <summary>
    /// The options a label metric runs with: <paramref name="options"/>, overridden by the spec's
    /// <c>average=</c>, <c>threshold=</c> and <c>zero_division=</c> arguments. Any other argument than those and
    /// <paramref name="extra"/> is an error.
    /// </summary>
    internal static MetricOptions LabelOptions(MetricSpec spec, MetricOptions options, params string[] extra)
    {
        CheckArguments(spec, [.. extra, "average", "threshold", "zero_division"]);
        var o = options;
        if (spec.Arguments.TryGetValue("average", out string? avg)) o = o with { Average = ParseAverage(spec, avg) };
        if (spec.Arguments.ContainsKey("threshold")) o = o with { Threshold = spec.Number("threshold", o.Threshold) };
        if (spec.Arguments.ContainsKey("zero_division")) o = o with { ZeroDivision = spec.Number("zero_division", o.ZeroDivision) };
        return o;
    }

    /// <summary>Throws when the spec has an argument not in <paramref name="allowed"/>.</summary>
    internal static void CheckArguments(MetricSpec spec, params string[] allowed)
    {
        foreach (string key in spec.Arguments.Keys)
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new FormatException(allowed.Length == 0
                    ? $"metric '{spec.Text}' takes no argument '{key}'"
                    : $"metric '{spec.Text}': unknown argument '{key}' (allowed: {string.Join(", ", allowed)})");
    }

    /// <summary>Parses micro | macro | weighted | samples | none | binary.</summary>
    public static Average ParseAverage(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "micro" => Average.Micro,
            "macro" => Average.Macro,
            "weighted" => Average.Weighted,
            "samples" => Average.Samples,
            "none" or "null" => Average.None,
            "binary" => Average.Binary,
            _ => throw new FormatException($"average '{text}' is not one of micro, macro, weighted, samples, none, binary"),
        };

    private static Average ParseAverage(MetricSpec spec, string text)
    {
        try { return ParseAverage(text); }
        catch (FormatException e) { throw new FormatException($"metric '{spec.Text}': {e.Message}"); }
    }

    private static KappaWeighting KappaWeights(MetricSpec spec) =>
        spec.Arguments.TryGetValue("weights", out string? w)
            ? w.Trim().ToLowerInvariant() switch
            {
                "none" or "null" => KappaWeighting.None,
                "linear" => KappaWeighting.Linear,
                "quadratic" => KappaWeighting.Quadratic,
                _ => throw new FormatException($"metric '{spec.Text}': weights '{w}' is not one of none, linear, quadratic"),
            }
            : KappaWeighting.None;

    private static int TopK(MetricSpec spec)
    {
        double k = spec.Number("k", 1);
        if (k < 1 || k != Math.Floor(k) || k > int.MaxValue)
            throw new FormatException($"metric '{spec.Text}': k={k.ToString(CultureInfo.InvariantCulture)} is not a positive integer");
        return (int)k;
    }
}
