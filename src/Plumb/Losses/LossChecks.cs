namespace Plumb.Losses;

/// <summary>Constructor argument checks shared by several losses.</summary>
internal static class LossChecks
{
    public static double[]? ClassWeights(string loss, IReadOnlyList<double>? weights)
    {
        if (weights is null) return null;
        if (weights.Count == 0) throw new ArgumentException($"loss '{loss}': class_weights is empty", "classWeights");
        foreach (double w in weights)
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"loss '{loss}': class_weights must be finite and non-negative, got {w.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", "classWeights");
        return [.. weights];
    }

    public static void NonNegative(string loss, string argument, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentException($"loss '{loss}': {argument} must be finite and non-negative, got {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", argument);
    }

    public static void Probability(string loss, string argument, double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentException($"loss '{loss}': {argument} must be in [0, 1], got {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", argument);
    }
}
