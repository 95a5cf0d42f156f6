using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// A parsed metric spec such as <c>fbeta(beta=2)</c> or <c>precision_at_recall(r=0.9)</c>: a name and named
/// numeric (or word) arguments.
/// </summary>
public sealed record MetricSpec(string Name, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>The spec as written by the user (used as the report key).</summary>
    public string Text { get; init; } = Name;

    /// <summary>Parses <c>name</c> or <c>name(key=value, …)</c>.</summary>
    /// <exception cref="FormatException">Malformed spec.</exception>
    public static MetricSpec Parse(string text)
    {
        string t = text.Trim();
        int open = t.IndexOf('(');
        if (open < 0) return new MetricSpec(Normalize(t), new Dictionary<string, string>()) { Text = text.Trim() };
        if (!t.EndsWith(')')) throw new FormatException($"metric spec '{text}': missing ')'");
        string name = Normalize(t[..open]);
        var args = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string inner = t[(open + 1)..^1];
        foreach (string part in inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"metric spec '{text}': argument '{part}' is not key=value");
            args[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        if (name.Length == 0) throw new FormatException($"metric spec '{text}': empty name");
        return new MetricSpec(name, args) { Text = text.Trim() };
    }

    /// <summary>Splits a comma-separated list of specs, ignoring commas inside parentheses.</summary>
    public static IReadOnlyList<string> SplitList(string list)
    {
        var result = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] == '(') depth++;
            else if (list[i] == ')') depth--;
            else if (list[i] == ',' && depth == 0)
            {
                result.Add(list[start..i].Trim());
                start = i + 1;
            }
        }
        result.Add(list[start..].Trim());
        return result.Where(s => s.Length > 0).ToList();
    }

    /// <summary>A numeric argument, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="FormatException">Present but not a number.</exception>
    public double Number(string key, double fallback)
    {
        if (!Arguments.TryGetValue(key, out string? v)) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d : throw new FormatException($"metric '{Text}': argument {key}='{v}' is not a number");
    }

    /// <summary>A required numeric argument.</summary>
    public double RequiredNumber(string key) =>
        Arguments.ContainsKey(key) ? Number(key, double.NaN) : throw new FormatException($"metric '{Text}' needs argument {key}=…");

    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
