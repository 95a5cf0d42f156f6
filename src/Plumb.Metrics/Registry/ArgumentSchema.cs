using System.Globalization;

namespace Plumb.Metrics;

/// <summary>The type of a spec argument.</summary>
public enum ArgumentKind
{
    /// <summary>A real number (<c>beta=2</c>, <c>threshold=0.3</c>).</summary>
    Number,
    /// <summary>A whole number (<c>k=5</c>, <c>bins=200</c>).</summary>
    Integer,
    /// <summary>true/false (also 1/0, yes/no).</summary>
    Flag,
    /// <summary>One word out of <see cref="ArgumentSchema.Choices"/> (<c>average=macro</c>).</summary>
    Choice,
    /// <summary>Numbers separated by '|' (<c>class_weights=1|4|2</c>).</summary>
    NumberList,
}

/// <summary>
/// One argument a metric or loss accepts in its spec: name, type, range, default and a line of documentation.
/// The registry parses the spec's text against it once; every consumer reads typed values.
/// </summary>
/// <param name="Name">The key as written in the spec (<c>beta</c>).</param>
/// <param name="Kind">Its type.</param>
/// <param name="Description">One line for listings (<c>plumb metrics</c>, <c>plumb losses</c>).</param>
public sealed record ArgumentSchema(string Name, ArgumentKind Kind, string Description)
{
    /// <summary>The value when the spec does not give one (typed: double, long, bool, string or double[]), or null
    /// when absent means "not set" (the metric decides, e.g. from the task).</summary>
    public object? Default { get; init; }

    /// <summary>The spec must give this argument.</summary>
    public bool Required { get; init; }

    /// <summary>Smallest accepted value (numbers and integers).</summary>
    public double Min { get; init; } = double.NegativeInfinity;

    /// <summary>Largest accepted value (numbers and integers).</summary>
    public double Max { get; init; } = double.PositiveInfinity;

    /// <summary>Accepted words for <see cref="ArgumentKind.Choice"/>; the first spelling of each is canonical.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Other keys accepted for this argument (<c>recall</c> for <c>r</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// What one value of the result stands for when this argument makes the result an array instead of one number
    /// ("class" for <c>average=none</c>, "threshold" for a thresholds list, "output" for <c>multioutput=raw_values</c>),
    /// or null. A list argument does so with more than one element; a choice with one of <see cref="ArrayChoices"/>.
    /// </summary>
    public string? ArrayOf { get; init; }

    /// <summary>The choices that make the result an array (see <see cref="ArrayOf"/>).</summary>
    public IReadOnlyList<string> ArrayChoices { get; init; } = [];

    /// <summary>
    /// What one value of the result stands for when <paramref name="value"/> (this argument's resolved value) makes
    /// the result an array (see <see cref="ArrayOf"/>); null when the result stays one number.
    /// </summary>
    public string? ArrayResult(object? value) => ArrayOf is null ? null : value switch
    {
        double[] list when Kind == ArgumentKind.NumberList && list.Length > 1 => ArrayOf,
        string choice when ArrayChoices.Contains(choice) => ArrayOf,
        _ => null,
    };

    /// <summary>A number argument.</summary>
    public static ArgumentSchema Number(string name, string description, double? @default = null, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        new(name, ArgumentKind.Number, description) { Default = @default, Min = min, Max = max };

    /// <summary>An integer argument.</summary>
    public static ArgumentSchema Integer(string name, string description, long? @default = null, long min = long.MinValue, long max = long.MaxValue) =>
        new(name, ArgumentKind.Integer, description) { Default = @default, Min = min, Max = max };

    /// <summary>A flag argument.</summary>
    public static ArgumentSchema Flag(string name, string description, bool @default = false) =>
        new(name, ArgumentKind.Flag, description) { Default = @default };

    /// <summary>A choice argument.</summary>
    public static ArgumentSchema Choice(string name, string description, string? @default, params string[] choices) =>
        new(name, ArgumentKind.Choice, description) { Default = @default, Choices = choices };

    /// <summary>A list-of-numbers argument.</summary>
    public static ArgumentSchema NumberList(string name, string description) => new(name, ArgumentKind.NumberList, description);

    /// <summary>Whether <paramref name="key"/> names this argument (its name or an alias, case-insensitive).</summary>
    public bool Matches(string key) =>
        string.Equals(key, Name, StringComparison.OrdinalIgnoreCase) || Aliases.Contains(key, StringComparer.OrdinalIgnoreCase);

    /// <summary>"beta: number ≥ 0, default 1 — …" for listings.</summary>
    public string Summary()
    {
        string type = Kind switch
        {
            ArgumentKind.Choice => string.Join("|", Choices),
            ArgumentKind.Flag => "true|false",
            ArgumentKind.NumberList => "n|n|…",
            ArgumentKind.Integer => "integer",
            _ => "number",
        };
        string range = (Kind is ArgumentKind.Number or ArgumentKind.Integer, double.IsFinite(Min), double.IsFinite(Max)) switch
        {
            (true, true, true) => $" in [{Format(Min)}, {Format(Max)}]",
            (true, true, false) => $" ≥ {Format(Min)}",
            (true, false, true) => $" ≤ {Format(Max)}",
            _ => "",
        };
        string def = Required ? ", required" : Default is null ? "" : $", default {FormatValue(Default)}";
        return $"{Name}: {type}{range}{def}";
    }

    /// <summary>Parses <paramref name="raw"/> into the typed value, checking type, range and choices.</summary>
    /// <exception cref="FormatException">The value does not fit; the message names the owner and the argument.</exception>
    internal object Parse(string raw, string owner)
    {
        string v = raw.Trim();
        switch (Kind)
        {
            case ArgumentKind.Number:
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d))
                    throw Bad(owner, v, "is not a number");
                CheckRange(owner, v, d);
                return d;
            }
            case ArgumentKind.Integer:
            {
                if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
                {
                    // 5.0 is accepted as 5; 5.5 is not.
                    if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) l = (long)d;
                    else throw Bad(owner, v, "is not an integer");
                }
                CheckRange(owner, v, l);
                return l;
            }
            case ArgumentKind.Flag:
                return v.ToLowerInvariant() switch
                {
                    "1" or "true" or "yes" => true,
                    "0" or "false" or "no" => false,
                    _ => throw Bad(owner, v, "is not true/false (or 1/0)"),
                };
            case ArgumentKind.Choice:
            {
                string w = v.ToLowerInvariant();
                if (w == "null") w = "none";
                foreach (string c in Choices)
                    if (string.Equals(c, w, StringComparison.OrdinalIgnoreCase)) return c;
                throw Bad(owner, v, $"is not one of {string.Join(", ", Choices)}");
            }
            default:
            {
                var parts = v.Trim('[', ']').Split(['|', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var result = new double[parts.Length];
                for (int i = 0; i < parts.Length; i++)
                    if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                        throw Bad(owner, v, "is not a list of numbers separated by '|'");
                return result;
            }
        }
    }

    /// <summary>
    /// Checks a spec's raw arguments against <paramref name="schema"/> and types them: unknown keys are refused with
    /// the closest known one, required ones must be present, values must fit their type and range.
    /// </summary>
    /// <exception cref="ArgumentException">The first problem, naming <paramref name="what"/>, the spec and the argument.</exception>
    internal static Dictionary<string, object> BindAll(IReadOnlyList<ArgumentSchema> schema, SpecSyntax syntax, string what)
    {
        var args = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, raw) in syntax.Arguments)
        {
            ArgumentSchema? s = schema.FirstOrDefault(a => a.Matches(key));
            if (s is null)
            {
                if (schema.Count == 0) throw new ArgumentException($"{what} '{syntax.Name}' takes no argument '{key}' (in '{syntax.Text}')");
                string known = $"it takes {string.Join(", ", schema.Select(a => a.Name))}";
                string? near = NameSuggestion.Closest(key, schema.SelectMany(a => a.Aliases.Prepend(a.Name)));
                throw new ArgumentException($"{what} '{syntax.Name}': unknown argument '{key}' in '{syntax.Text}'" +
                                            (near is null ? $"; {known}" : $"; did you mean '{near}'? ({known})"));
            }
            if (args.ContainsKey(s.Name)) throw new ArgumentException($"{what} '{syntax.Text}': argument '{s.Name}' is given twice");
            try { args[s.Name] = s.Parse(raw, syntax.Text == syntax.Name ? $"{what} '{syntax.Name}'" : $"{what} '{syntax.Name}' (in '{syntax.Text}')"); }
            catch (FormatException e) { throw new ArgumentException(e.Message, e); }
        }
        foreach (ArgumentSchema s in schema)
            if (s.Required && !args.ContainsKey(s.Name))
                throw new ArgumentException($"{what} '{syntax.Text}' needs argument {s.Name}=… ({s.Description})");
        return args;
    }

    /// <summary>The value as it is written in a spec or a log key (invariant culture; lists joined by '|').</summary>
    public static string FormatValue(object value) => value switch
    {
        double d => Format(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double[] a => string.Join("|", a.Select(Format)),
        _ => value.ToString() ?? "",
    };

    private void CheckRange(string owner, string raw, double value)
    {
        if (value < Min || value > Max)
            throw Bad(owner, raw, double.IsFinite(Min) && double.IsFinite(Max) ? $"is outside [{Format(Min)}, {Format(Max)}]"
                                  : double.IsFinite(Min) ? $"is below {Format(Min)}" : $"is above {Format(Max)}");
    }

    private FormatException Bad(string owner, string value, string what) => new($"{owner}: argument {Name}='{value}' {what}");

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
