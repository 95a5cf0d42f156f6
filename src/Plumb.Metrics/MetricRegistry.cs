namespace Plumb.Metrics;

/// <summary>
/// Creates metrics from specs like <c>f1</c>, <c>fbeta(beta=2)</c>, <c>auc</c>. Names are case-insensitive;
/// aliases map to one canonical name; an unknown name suggests the closest known one.
/// Other assemblies (Plumb's losses) register their own entries with <see cref="Register"/>.
/// </summary>
public static partial class MetricRegistry
{
    /// <summary>Builds a metric from its parsed spec and the shared options.</summary>
    public delegate IStreamingMetric Factory(MetricSpec spec, MetricOptions options);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase);

    static MetricRegistry()
    {
        Register("accuracy", (s, o) => new Accuracy(o.Threshold), "acc");
        Register("roc_auc", (s, o) => new RocAuc(), "auc");
        // Each metric family registers itself in its own partial file (MetricRegistry.<Family>.cs).
        RegisterClassificationMetrics();
        RegisterScoreMetrics();
        RegisterRegressionMetrics();
    }

    static partial void RegisterClassificationMetrics();
    static partial void RegisterScoreMetrics();
    static partial void RegisterRegressionMetrics();

    /// <summary>Canonical names of every registered metric, sorted.</summary>
    public static IReadOnlyList<string> Names
    {
        get { lock (Gate) return [.. Factories.Keys.Order(StringComparer.Ordinal)]; }
    }

    /// <summary>Registers (or replaces) a metric under a canonical name and aliases.</summary>
    public static void Register(string name, Factory factory, params string[] aliases)
    {
        lock (Gate)
        {
            Factories[name] = factory;
            foreach (string a in aliases) Aliases[a] = name;
        }
    }

    /// <summary>The canonical name for a name or alias, or null when unknown.</summary>
    public static string? Resolve(string name)
    {
        lock (Gate)
        {
            if (Factories.ContainsKey(name)) return Factories.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            return Aliases.TryGetValue(name, out string? c) ? c : null;
        }
    }

    /// <summary>Creates a metric from a spec string.</summary>
    /// <exception cref="ArgumentException">Unknown name (with a suggestion) or bad arguments.</exception>
    public static IStreamingMetric Create(string spec, MetricOptions? options = null)
    {
        MetricSpec parsed;
        try { parsed = MetricSpec.Parse(spec); }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(spec), e); }
        string canonical = Resolve(parsed.Name) ?? throw new ArgumentException(UnknownMessage(parsed.Name), nameof(spec));
        Factory f;
        lock (Gate) f = Factories[canonical];
        try { return f(parsed with { Name = canonical }, options ?? new MetricOptions()); }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(spec), e); }
    }

    /// <summary>"unknown metric 'x'; did you mean 'y'?"</summary>
    public static string UnknownMessage(string name)
    {
        string? best = Suggest(name);
        return best is null ? $"unknown metric '{name}'" : $"unknown metric '{name}'; did you mean '{best}'?";
    }

    /// <summary>The known name or alias closest to <paramref name="name"/> by edit distance, if close enough.</summary>
    public static string? Suggest(string name)
    {
        List<string> all;
        lock (Gate) all = [.. Factories.Keys, .. Aliases.Keys];
        return NameSuggestion.Closest(name, all);
    }
}
