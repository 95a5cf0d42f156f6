using System.Reflection;

namespace Plumb.Metrics;

/// <summary>
/// Every metric by name: one <see cref="MetricDescriptor"/> per metric (name, aliases, family, inputs, direction,
/// argument schema, formula) with the factory that builds it. Specs such as <c>f1</c>, <c>fbeta(beta=2)</c> or
/// <c>auc</c> resolve once into a <see cref="MetricSpec"/>; names are case-insensitive, aliases map to the
/// canonical name, and an unknown name or argument suggests the closest known one.
/// </summary>
/// <remarks>
/// A new family plugs in by registering descriptors (Plumb's losses do so when Plumb loads; a user's metric the
/// same way). Nothing else in Plumb keeps a table of metric names.
/// <code>
/// MetricSpec spec = MetricRegistry.Resolve("f1(average=macro)");
/// IStreamingMetric f1 = MetricRegistry.Create(spec, new MetricOptions { Task = MetricTask.Multiclass });
/// foreach (MetricDescriptor d in MetricRegistry.Descriptors) Console.WriteLine($"{d.Name}: {d.Description}");
/// </code>
/// </remarks>
public static partial class MetricRegistry
{
    /// <summary>Builds a metric from its resolved spec and the shared options.</summary>
    public delegate IStreamingMetric Factory(MetricSpec spec, MetricOptions options);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (MetricDescriptor Descriptor, Factory Factory)> Entries = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase);

    static MetricRegistry()
    {
        // Each metric family registers itself in its own partial file (MetricRegistry.<Family>.cs).
        RegisterClassificationMetrics();
        RegisterScoreMetrics();
        RegisterRegressionMetrics();
        RegisterDetectionMetrics();
        RegisterRankingMetrics();
        RegisterKerasMetrics();
    }

    static partial void RegisterDetectionMetrics();
    static partial void RegisterClassificationMetrics();
    static partial void RegisterScoreMetrics();
    static partial void RegisterRegressionMetrics();
    static partial void RegisterRankingMetrics();
    static partial void RegisterKerasMetrics();

    /// <summary>Every registered descriptor, sorted by name.</summary>
    public static IReadOnlyList<MetricDescriptor> Descriptors
    {
        get { lock (Gate) return [.. Entries.Values.Select(e => e.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal)]; }
    }

    /// <summary>Canonical names of every registered metric, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Descriptors.Select(d => d.Name)];

    /// <summary>
    /// Registers (or replaces) a metric. Aliases that another metric already owns stay with that metric, so a
    /// family registered later (losses as metrics) never takes a name from an earlier one.
    /// </summary>
    /// <exception cref="ArgumentException">An incomplete descriptor.</exception>
    public static void Register(MetricDescriptor descriptor, Factory factory)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(factory);
        descriptor.Validate();
        lock (Gate)
        {
            Entries[descriptor.Name] = (descriptor, factory);
            Aliases.Remove(descriptor.Name);
            foreach (string a in descriptor.Aliases)
            {
                string alias = SpecSyntax.NormalizeName(a);
                if (!Entries.ContainsKey(alias) && !Aliases.ContainsKey(alias)) Aliases[alias] = descriptor.Name;
            }
        }
    }

    /// <summary>The descriptor for a name or alias, or null when unknown.</summary>
    public static MetricDescriptor? Find(string name)
    {
        string n = SpecSyntax.NormalizeName(name);
        lock (Gate)
        {
            if (Entries.TryGetValue(n, out var e)) return e.Descriptor;
            return Aliases.TryGetValue(n, out string? c) ? Entries[c].Descriptor : null;
        }
    }

    /// <summary>Resolves a spec's text: name or alias, arguments checked and typed against the descriptor.</summary>
    /// <exception cref="ArgumentException">Malformed spec, unknown name or argument (with a suggestion), or a bad value.</exception>
    public static MetricSpec Resolve(string spec)
    {
        SpecSyntax syntax;
        try { syntax = SpecSyntax.Parse(spec); }
        catch (FormatException e) { throw new ArgumentException(e.Message, e); }
        MetricDescriptor d = Find(syntax.Name) ?? throw new ArgumentException(UnknownMessage(syntax.Name));
        return Bind(d, syntax, "metric");
    }

    /// <summary>Resolves a spec's text like <see cref="Resolve"/>; false (no exception) when it names no metric or has bad arguments.</summary>
    public static bool TryResolve(string spec, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricSpec? resolved)
    {
        try { resolved = Resolve(spec); return true; }
        catch (ArgumentException) { resolved = null; return false; }
    }

    /// <summary>Checks raw arguments against a descriptor's schema and types them (shared with Plumb's losses).</summary>
    /// <exception cref="ArgumentException">Unknown argument (with a suggestion), missing required argument, or bad value.</exception>
    internal static MetricSpec Bind(MetricDescriptor d, SpecSyntax syntax, string what) =>
        new(d, ArgumentSchema.BindAll(d.Arguments, syntax, what), syntax.Text);

    /// <summary>Creates a metric from a spec string.</summary>
    /// <exception cref="ArgumentException">Unknown name (with a suggestion) or bad arguments.</exception>
    public static IStreamingMetric Create(string spec, MetricOptions? options = null) => Create(Resolve(spec), options);

    /// <summary>Creates a metric from a resolved spec.</summary>
    /// <exception cref="ArgumentException">Arguments that do not fit the task (e.g. <c>bins</c> on a multiclass task).</exception>
    public static IStreamingMetric Create(MetricSpec spec, MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Factory f;
        lock (Gate) f = Entries[spec.Name].Factory;
        try { return f(spec, options ?? new MetricOptions()); }
        catch (FormatException e) { throw new ArgumentException(e.Message, e); }
    }

    /// <summary>
    /// What a metric object is: its own <see cref="IDescribedMetric.Descriptor"/>, else the descriptor declared by
    /// <see cref="PlumbMetricAttribute"/>, else — for Plumb's own metric types — the registered one; null for a
    /// custom metric that declares nothing.
    /// </summary>
    public static MetricDescriptor? Describe(IStreamingMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric is IDescribedMetric described) return described.Descriptor;
        if (metric.GetType().GetCustomAttribute<PlumbMetricAttribute>() is { } attr)
            return new MetricDescriptor
            {
                Name = SpecSyntax.NormalizeName(metric.Name), Family = attr.Family, Reads = attr.Reads,
                Direction = metric.Direction, Description = attr.Description,
            };
        return metric.GetType().Assembly == typeof(MetricRegistry).Assembly ? Find(metric.Name) : null;
    }

    /// <summary>"unknown metric 'x'; did you mean 'y'?"</summary>
    public static string UnknownMessage(string name)
    {
        string? best = Suggest(name);
        return best is null ? $"unknown metric '{name}' (see 'plumb metrics')" : $"unknown metric '{name}'; did you mean '{best}'?";
    }

    /// <summary>The known name or alias closest to <paramref name="name"/> by edit distance, if close enough.</summary>
    public static string? Suggest(string name)
    {
        List<string> all;
        lock (Gate) all = [.. Entries.Keys.Order(StringComparer.Ordinal), .. Aliases.Keys.Order(StringComparer.Ordinal)];
        return NameSuggestion.Closest(name, all);
    }
}

/// <summary>A metric that carries its own descriptor (Plumb's losses as metrics; any custom metric may too).</summary>
public interface IDescribedMetric : IStreamingMetric
{
    /// <summary>What the metric is.</summary>
    MetricDescriptor Descriptor { get; }
}
