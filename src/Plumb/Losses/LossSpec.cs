using Plumb.Metrics;

namespace Plumb.Losses;

/// <summary>
/// A loss spec resolved once against its descriptor: canonical name, typed arguments checked against the
/// descriptor's schema (unknown keys are refused with a suggestion), and the canonical text a saved model keeps.
/// </summary>
/// <remarks>
/// <code>
/// LossSpec s = LossSpec.Parse("Huber(delta=1.5)");   // s.Name == "huber", s.Number("delta") == 1.5
/// Loss loss = LossRegistry.Create(s);
/// </code>
/// </remarks>
public sealed class LossSpec
{
    internal LossSpec(LossDescriptor descriptor, MetricSpec arguments)
    {
        Descriptor = descriptor;
        Bound = arguments;
    }

    /// <summary>The loss's descriptor.</summary>
    public LossDescriptor Descriptor { get; }

    /// <summary>The canonical name.</summary>
    public string Name => Descriptor.Name;

    /// <summary>The spec as the user wrote it.</summary>
    public string Text => Bound.Text;

    /// <summary>The spec in canonical form, <c>name(arg=value, …)</c>: what a saved model records.</summary>
    public string Canonical => Bound.Canonical;

    /// <summary>The arguments given (canonical names, typed values); defaults are not included.</summary>
    public IReadOnlyDictionary<string, object> Arguments => Bound.Arguments;

    /// <summary>The same arguments, bound to the loss's metric descriptor (for the loss used as a metric).</summary>
    internal MetricSpec Bound { get; }

    /// <summary>Resolves a spec's text through <see cref="LossRegistry"/>.</summary>
    /// <exception cref="ArgumentException">Malformed spec, unknown loss or argument (with a suggestion), or a bad value.</exception>
    public static LossSpec Parse(string text) => LossRegistry.Resolve(text);

    /// <summary>Whether the spec gives <paramref name="key"/>.</summary>
    public bool Has(string key) => Bound.Has(key);

    /// <summary>A number argument: the value given, else the schema's default.</summary>
    public double Number(string key) => Bound.Number(key);

    /// <summary>A number argument, or null when neither given nor defaulted.</summary>
    public double? OptionalNumber(string key) => Bound.OptionalNumber(key);

    /// <summary>An integer argument, or null when neither given nor defaulted.</summary>
    public long? OptionalInteger(string key) => Bound.OptionalInteger(key);

    /// <summary>A flag argument: the value given, else the schema's default.</summary>
    public bool Flag(string key) => Bound.Flag(key);

    /// <summary>A choice argument (canonical spelling), or null.</summary>
    public string? Choice(string key) => Bound.Choice(key);

    /// <summary>A list argument, or null when not given.</summary>
    public double[]? Numbers(string key) => Bound.Numbers(key);

    /// <summary>The same loss with one more (or a replaced) argument.</summary>
    public LossSpec With(string key, string value) => new(Descriptor, Bound.With(key, value));

    /// <inheritdoc />
    public override string ToString() => Canonical;
}
