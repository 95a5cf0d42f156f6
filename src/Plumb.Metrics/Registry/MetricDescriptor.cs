namespace Plumb.Metrics;

/// <summary>
/// Everything Plumb knows about a metric, in one place: its canonical name and aliases, family, what it reads,
/// which way it improves, the arguments its spec takes, and one line with its formula. The registry, the training
/// checks, callbacks, log keys, reports and <c>plumb metrics</c> all read it; nothing else keeps a list of names.
/// </summary>
/// <remarks>
/// <code>
/// MetricRegistry.Register(new MetricDescriptor
/// {
///     Name = "asymmetric_error", Family = MetricFamily.Regression, Reads = MetricInputs.RealValues,
///     Direction = MetricDirection.LowerIsBetter, Description = "mean error, under-predictions weigh 3×",
///     Formula = "mean(3·max(y − ŷ, 0) + max(ŷ − y, 0))",
/// }, (spec, options) =&gt; new AsymmetricError());
/// </code>
/// </remarks>
public sealed record MetricDescriptor
{
    /// <summary>Canonical name (lower case, <c>snake_case</c>); the log key of the metric without arguments.</summary>
    public required string Name { get; init; }

    /// <summary>Other accepted names: Keras', scikit-learn's and torchmetrics' spellings.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>What kind of quantity it judges.</summary>
    public required MetricFamily Family { get; init; }

    /// <summary>What it reads from targets and outputs.</summary>
    public required MetricInputs Reads { get; init; }

    /// <summary>Which way it improves (<see cref="MetricDirection.None"/> for structured results such as curves).</summary>
    public required MetricDirection Direction { get; init; }

    /// <summary>The spec arguments it takes.</summary>
    public IReadOnlyList<ArgumentSchema> Arguments { get; init; } = [];

    /// <summary>One line for listings.</summary>
    public required string Description { get; init; }

    /// <summary>The formula, or a reference to the definition it follows.</summary>
    public string Formula { get; init; } = "";

    /// <summary>The tasks it is defined for (all four by default).</summary>
    public IReadOnlyList<MetricTask> Tasks { get; init; } = [MetricTask.Binary, MetricTask.Multiclass, MetricTask.Multilabel, MetricTask.Regression];

    /// <summary>The result is not one number (a matrix, a report, curve points): never a monitor.</summary>
    public bool Structured { get; init; }

    /// <summary>Whether the metric judges real-valued predictions (and so fits a regression loss).</summary>
    public bool ReadsRealValues => Family == MetricFamily.Regression || (Family == MetricFamily.Loss && Reads.HasFlag(MetricInputs.RealValues));

    /// <summary>The argument named <paramref name="key"/> (or one of its aliases), or null.</summary>
    public ArgumentSchema? Argument(string key) => Arguments.FirstOrDefault(a => a.Matches(key));

    /// <summary>Checks that the descriptor is complete; the registry calls it on <c>Register</c>.</summary>
    /// <exception cref="ArgumentException">A missing name, description, reads or direction.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || SpecSyntax.NormalizeName(Name) != Name)
            throw new ArgumentException($"metric descriptor: name '{Name}' must be lower-case snake_case", nameof(Name));
        if (string.IsNullOrWhiteSpace(Description)) throw new ArgumentException($"metric '{Name}': descriptor has no description", nameof(Description));
        if (Reads == MetricInputs.None) throw new ArgumentException($"metric '{Name}': descriptor does not say what it reads", nameof(Reads));
        if (Direction == MetricDirection.None && !Structured)
            throw new ArgumentException($"metric '{Name}': a scalar metric must declare its direction", nameof(Direction));
        if (Tasks.Count == 0) throw new ArgumentException($"metric '{Name}': descriptor lists no task", nameof(Tasks));
    }
}

/// <summary>
/// Declares what a custom <see cref="IStreamingMetric"/> is, so it gets the same checks, monitoring and listing as
/// Plumb's own metrics when passed to <c>Compile</c> as an object or factory. Direction comes from the metric.
/// </summary>
/// <remarks>
/// <code>
/// [PlumbMetric(MetricFamily.Regression, MetricInputs.RealValues, Description = "mean error, under-predictions weigh 3×")]
/// sealed class AsymmetricError : IStreamingMetric { … }
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PlumbMetricAttribute(MetricFamily family, MetricInputs reads) : Attribute
{
    /// <summary>The metric's family.</summary>
    public MetricFamily Family { get; } = family;

    /// <summary>What it reads.</summary>
    public MetricInputs Reads { get; } = reads;

    /// <summary>One line for listings.</summary>
    public string Description { get; init; } = "custom metric";
}
