using System.Text;

namespace Plumb.Metrics;

/// <summary>
/// A metric spec resolved once against its descriptor: the canonical name, the arguments given (typed, checked
/// against the descriptor's schema) and the log key. The CLI, <c>Compile</c>, callbacks, <c>History</c>, reports and
/// saved models pass this object along instead of re-reading the text.
/// </summary>
/// <remarks>
/// <para>Aliases resolve to the canonical metric: <c>auc</c>, <c>AUROC</c> and <c>roc_auc</c> are one spec.</para>
/// <para><see cref="Key"/> — the name the value is logged and monitored under — is the canonical name, followed by the
/// arguments given, in the descriptor's order: a word as itself (<c>f1(average=macro)</c> → <c>f1_macro</c>), a
/// number after its key (<c>fbeta(beta=2)</c> → <c>fbeta_beta2</c>), a flag as its key (<c>log_loss(normalize=true)</c>
/// → <c>log_loss_normalize</c>). Monitors accept the key or any spelling of the spec
/// (<c>val_auc</c>, <c>val_f1(average=macro)</c>); both resolve to the key.</para>
/// <code>
/// MetricSpec s = MetricSpec.Parse("AUC");            // s.Name == "roc_auc", s.Key == "roc_auc"
/// MetricSpec f = MetricSpec.Parse("fbeta(beta=2)");  // f.Number("beta") == 2, f.Key == "fbeta_beta2"
/// </code>
/// </remarks>
public sealed class MetricSpec : IEquatable<MetricSpec>
{
    private readonly Dictionary<string, object> _arguments;

    internal MetricSpec(MetricDescriptor descriptor, Dictionary<string, object> arguments, string text)
    {
        Descriptor = descriptor;
        _arguments = arguments;
        Text = text;
        Canonical = BuildCanonical();
        Key = BuildKey();
    }

    /// <summary>The metric's descriptor.</summary>
    public MetricDescriptor Descriptor { get; }

    /// <summary>The canonical name.</summary>
    public string Name => Descriptor.Name;

    /// <summary>The spec as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>The spec in canonical form: <c>name(arg=value, …)</c> in the descriptor's argument order.</summary>
    public string Canonical { get; }

    /// <summary>The key the value is logged and monitored under (see remarks).</summary>
    public string Key { get; }

    /// <summary>The arguments given in the spec (canonical names, typed values); defaults are not included.</summary>
    public IReadOnlyDictionary<string, object> Arguments => _arguments;

    /// <summary>Resolves a spec's text through <see cref="MetricRegistry"/>.</summary>
    /// <exception cref="ArgumentException">Malformed spec, unknown metric or argument (with a suggestion), or a bad value.</exception>
    public static MetricSpec Parse(string text) => MetricRegistry.Resolve(text);

    /// <summary>Whether the spec gives <paramref name="key"/>.</summary>
    public bool Has(string key) => _arguments.ContainsKey(Schema(key).Name);

    /// <summary>A number argument: the value given, else the schema's default.</summary>
    /// <exception cref="InvalidOperationException">Neither given nor defaulted.</exception>
    public double Number(string key) => Value(key) switch
    {
        double d => d,
        long l => l,
        _ => throw NoValue(key),
    };

    /// <summary>A number argument, or null when neither given nor defaulted.</summary>
    public double? OptionalNumber(string key) => Value(key) switch { double d => d, long l => l, _ => null };

    /// <summary>An integer argument: the value given, else the schema's default.</summary>
    public long Integer(string key) => Value(key) is long l ? l : throw NoValue(key);

    /// <summary>An integer argument, or null when neither given nor defaulted.</summary>
    public long? OptionalInteger(string key) => Value(key) is long l ? l : null;

    /// <summary>A flag argument: the value given, else the schema's default (false when none).</summary>
    public bool Flag(string key) => Value(key) is true;

    /// <summary>A choice argument (canonical spelling), or null when neither given nor defaulted.</summary>
    public string? Choice(string key) => Value(key) as string;

    /// <summary>A list argument, or null when not given.</summary>
    public double[]? Numbers(string key) => Value(key) as double[];

    /// <summary>The same metric with one more (or a replaced) argument, checked against the schema.</summary>
    public MetricSpec With(string key, string value)
    {
        ArgumentSchema s = Schema(key);
        var args = new Dictionary<string, object>(_arguments) { [s.Name] = s.Parse(value, $"metric '{Text}'") };
        return new MetricSpec(Descriptor, args, Text);
    }

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <inheritdoc />
    public bool Equals(MetricSpec? other) => other is not null && Canonical == other.Canonical;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MetricSpec);

    /// <inheritdoc />
    public override int GetHashCode() => Canonical.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// What one value of the result stands for ("class", "threshold", "output") when the arguments make the result an
    /// array (<c>average=none</c>, a thresholds list, <c>multioutput=raw_values</c>; declared by
    /// <see cref="ArgumentSchema.ArrayOf"/>); null when it is one number.
    /// </summary>
    public string? ArrayOf => Descriptor.Arguments.Select(a => a.ArrayResult(Value(a.Name))).FirstOrDefault(x => x is not null);

    private object? Value(string key)
    {
        ArgumentSchema s = Schema(key);
        return _arguments.TryGetValue(s.Name, out object? v) ? v : s.Default;
    }

    private ArgumentSchema Schema(string key) =>
        Descriptor.Argument(key) ?? throw new InvalidOperationException($"metric '{Name}' declares no argument '{key}'");

    private InvalidOperationException NoValue(string key) => new($"metric '{Text}' needs argument {key}=…");

    private IEnumerable<(ArgumentSchema Schema, object Value)> Given() =>
        Descriptor.Arguments.Where(a => _arguments.ContainsKey(a.Name)).Select(a => (a, _arguments[a.Name]));

    private string BuildCanonical() =>
        _arguments.Count == 0 ? Name
        : $"{Name}({string.Join(", ", Given().Select(g => $"{g.Schema.Name}={ArgumentSchema.FormatValue(g.Value)}"))})";

    private string BuildKey()
    {
        var sb = new StringBuilder(Name);
        foreach (var (schema, value) in Given())
        {
            sb.Append('_');
            switch (value)
            {
                case string word: sb.Append(word); break;
                case bool flag: sb.Append(flag ? schema.Name : "no_" + schema.Name); break;
                default: sb.Append(schema.Name).Append(ArgumentSchema.FormatValue(value).Replace('|', '_')); break;
            }
        }
        return sb.ToString();
    }
}
