using System.Globalization;

namespace Plumb.Metrics.Statistics;

/// <summary>A two-sided confidence interval [<see cref="Lower"/>, <see cref="Upper"/>] at <see cref="Level"/> (e.g. 0.95).</summary>
/// <param name="Lower">Lower bound (NaN when undefined).</param>
/// <param name="Upper">Upper bound (NaN when undefined).</param>
/// <param name="Level">Confidence level in (0, 1).</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>True when both bounds are numbers.</summary>
    public bool IsDefined => !double.IsNaN(Lower) && !double.IsNaN(Upper);

    /// <summary>True when <paramref name="x"/> lies in the closed interval.</summary>
    public bool Contains(double x) => x >= Lower && x <= Upper;

    /// <summary>"[lower, upper]" with <paramref name="digits"/> decimals.</summary>
    public string Format(int digits = 4) => IsDefined
        ? string.Create(CultureInfo.InvariantCulture, $"[{Lower.ToString("F" + digits, CultureInfo.InvariantCulture)}, {Upper.ToString("F" + digits, CultureInfo.InvariantCulture)}]")
        : "[undefined]";
}
