using Plumb.Metrics;

namespace Plumb.Training;

/// <summary>
/// How a name a person types (<c>val_auc</c>, <c>val_f1(average=macro)</c>, <c>val_f1_macro</c>) finds the key a
/// metric is logged under: the key itself, else the spec's canonical key (<see cref="MetricSpec.Key"/>) with the same
/// <c>val_</c> prefix. One rule for callbacks, <c>plumb train --monitor</c> and <c>History</c> lookups.
/// </summary>
internal static class LogKey
{
    /// <summary>The logged key <paramref name="requested"/> names among <paramref name="available"/>, or null.</summary>
    public static string? Resolve(string requested, IEnumerable<string> available)
    {
        var keys = available as ICollection<string> ?? [.. available];
        string r = requested.Trim();
        if (keys.Contains(r)) return r;
        string prefix = r.StartsWith("val_", StringComparison.Ordinal) ? "val_" : "";
        string rest = r[prefix.Length..];
        return MetricRegistry.TryResolve(rest, out var spec) && keys.Contains(prefix + spec.Key) ? prefix + spec.Key : null;
    }

    /// <summary>Every key an epoch can log for metrics <paramref name="metricKeys"/> with validation data.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> metricKeys)
    {
        var m = metricKeys.ToList();
        return ["loss", .. m, "val_loss", .. m.Select(k => "val_" + k)];
    }
}
