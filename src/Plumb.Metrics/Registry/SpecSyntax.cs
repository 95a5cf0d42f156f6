namespace Plumb.Metrics;

/// <summary>
/// The text of a spec such as <c>fbeta(beta=2)</c> split into its name and raw <c>key=value</c> arguments, before
/// the registry resolves it against a descriptor (<see cref="MetricSpec"/>, Plumb's <c>LossSpec</c>).
/// </summary>
internal sealed record SpecSyntax(string Name, IReadOnlyList<KeyValuePair<string, string>> Arguments, string Text)
{
    /// <summary>Parses <c>name</c> or <c>name(key=value, …)</c>; the name is lower-cased, '-' reads as '_'.
    /// <c>name@N</c> is shorthand for <c>name(k=N)</c> (<c>ndcg@10</c>).</summary>
    /// <exception cref="FormatException">Malformed spec, or an argument given twice.</exception>
    public static SpecSyntax Parse(string text, string what = "metric")
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int open = t.IndexOf('(');
        if (open < 0)
        {
            if (t.Length == 0) throw new FormatException($"{what} spec '{text}': empty name");
            int at = t.IndexOf('@');
            if (at > 0) return new SpecSyntax(NormalizeName(t[..at]), [new("k", t[(at + 1)..].Trim())], t);
            return new SpecSyntax(NormalizeName(t), [], t);
        }
        if (!t.EndsWith(')')) throw new FormatException($"{what} spec '{text}': missing ')'");
        string name = NormalizeName(t[..open]);
        if (name.Length == 0) throw new FormatException($"{what} spec '{text}': empty name");
        var args = new List<KeyValuePair<string, string>>();
        foreach (string part in t[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{what} spec '{text}': argument '{part}' is not key=value");
            string key = part[..eq].Trim().ToLowerInvariant();
            if (args.Any(a => a.Key == key)) throw new FormatException($"{what} spec '{text}': argument '{key}' is given twice");
            args.Add(new(key, part[(eq + 1)..].Trim()));
        }
        return new SpecSyntax(name, args, t);
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

    /// <summary>Lower case, '-' as '_', trimmed: the form names are compared in.</summary>
    public static string NormalizeName(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
