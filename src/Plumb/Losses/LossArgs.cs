using System.Globalization;
using Plumb.Metrics;

namespace Plumb.Losses;

/// <summary>Typed access to a parsed loss spec's arguments, with errors that name the loss and the argument.</summary>
internal sealed class LossArgs(string loss, MetricSpec spec, bool fromLogitsDefault)
{
    public string Loss { get; } = loss;

    public double Number(string key, double fallback)
    {
        if (!spec.Arguments.TryGetValue(key, out string? v)) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsNaN(d)
            ? d : throw Bad(key, v, "is not a number");
    }

    public double? OptionalNumber(string key) => spec.Arguments.ContainsKey(key) ? Number(key, double.NaN) : null;

    public long? OptionalInteger(string key)
    {
        if (!spec.Arguments.TryGetValue(key, out string? v)) return null;
        return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : throw Bad(key, v, "is not an integer");
    }

    public bool Bool(string key, bool fallback)
    {
        if (!spec.Arguments.TryGetValue(key, out string? v)) return fallback;
        return v.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Bad(key, v, "is not true/false"),
        };
    }

    public bool FromLogits() => Bool("from_logits", fromLogitsDefault);

    public string Word(string key, string fallback, params string[] allowed)
    {
        if (!spec.Arguments.TryGetValue(key, out string? v)) return fallback;
        string w = v.ToLowerInvariant();
        return allowed.Contains(w) ? w : throw Bad(key, v, $"is not one of {string.Join(", ", allowed)}");
    }

    public Reduction Reduction() => Word("reduction", "sum_over_batch_size", "sum_over_batch_size", "mean_with_sample_weight", "sum", "none") switch
    {
        "mean_with_sample_weight" => Losses.Reduction.MeanWithSampleWeight,
        "sum" => Losses.Reduction.Sum,
        "none" => Losses.Reduction.None,
        _ => Losses.Reduction.SumOverBatchSize,
    };

    /// <summary>A list of numbers separated by '|' or ';' (commas separate spec arguments), e.g. <c>class_weights=1|5|2</c>.</summary>
    public double[]? Numbers(string key)
    {
        if (!spec.Arguments.TryGetValue(key, out string? v)) return null;
        var parts = v.Trim('[', ']').Split(['|', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                throw Bad(key, v, "is not a list of numbers separated by '|'");
        return result;
    }

    public void CheckKnown(IReadOnlyList<string> known)
    {
        foreach (string k in spec.Arguments.Keys)
            if (!known.Contains(k, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException(known.Count == 0
                    ? $"loss '{Loss}': unknown argument '{k}' (it takes none)"
                    : $"loss '{Loss}': unknown argument '{k}'; it takes {string.Join(", ", known)}", "spec");
    }

    private ArgumentException Bad(string key, string value, string what) => new($"loss '{Loss}': argument {key}='{value}' {what}", key);
}
