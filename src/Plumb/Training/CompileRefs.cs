using Plumb.Losses;
using Plumb.Metrics;
using TorchSharp;

namespace Plumb.Training;

/// <summary>An optimizer given by name/spec (<c>"adam"</c>, <c>"sgd(momentum=0.9)"</c>) or as a TorchSharp object.</summary>
public sealed class OptimizerRef
{
    private OptimizerRef(string? spec, torch.optim.Optimizer? instance) => (Spec, Instance) = (spec, instance);

    /// <summary>The spec, when given by name.</summary>
    public string? Spec { get; }

    /// <summary>The object, when given as one.</summary>
    public torch.optim.Optimizer? Instance { get; }

    /// <summary>By name or spec.</summary>
    public static implicit operator OptimizerRef(string spec) => new(spec ?? throw new ArgumentNullException(nameof(spec)), null);

    /// <summary>As an object built over the model's parameters.</summary>
    public static implicit operator OptimizerRef(torch.optim.Optimizer optimizer) => new(null, optimizer ?? throw new ArgumentNullException(nameof(optimizer)));
}

/// <summary>A loss given by name/spec (<c>"binary_crossentropy(from_logits=true)"</c>) or as a <see cref="Losses.Loss"/>.</summary>
public sealed class LossRef
{
    private LossRef(string? spec, Loss? instance) => (Spec, Instance) = (spec, instance);

    /// <summary>The spec, when given by name.</summary>
    public string? Spec { get; }

    /// <summary>The object, when given as one.</summary>
    public Loss? Instance { get; }

    /// <summary>By name or spec.</summary>
    public static implicit operator LossRef(string spec) => new(spec ?? throw new ArgumentNullException(nameof(spec)), null);

    /// <summary>As an object.</summary>
    public static implicit operator LossRef(Loss loss) => new(null, loss ?? throw new ArgumentNullException(nameof(loss)));
}

/// <summary>
/// A metric given by registry spec (<c>"f1"</c>, <c>"pr_auc"</c>, <c>"acc"</c>), by factory
/// (<c>() =&gt; new RocAuc()</c>) or as an instance (reset every epoch). Specs report under the text written;
/// factories and instances under the metric's <see cref="IStreamingMetric.Name"/>.
/// </summary>
public sealed class MetricRef
{
    private MetricRef(string? spec, Func<IStreamingMetric>? factory) => (Spec, Factory) = (spec, factory);

    /// <summary>The registry spec, when given by name.</summary>
    public string? Spec { get; }

    /// <summary>The factory, when given as code.</summary>
    public Func<IStreamingMetric>? Factory { get; }

    /// <summary>By registry spec.</summary>
    public static implicit operator MetricRef(string spec) => new(spec ?? throw new ArgumentNullException(nameof(spec)), null);

    /// <summary>By factory.</summary>
    public static implicit operator MetricRef(Func<IStreamingMetric> factory) => new(null, factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>As an instance (the same object is reset and reused).</summary>
    public static MetricRef From(IStreamingMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new(null, () => metric);
    }
}

/// <summary>Per-class loss weights: <see cref="Balanced"/> (scikit-learn's <c>compute_class_weight</c>) or a map.</summary>
/// <remarks>
/// Balanced: w_c = n / (k · n_c) over the k classes present in the training targets. Applied to the training
/// loss as per-sample weights (multiplied with any sample weights) and to <c>weightedMetrics</c>, as Keras does.
/// Sequence and image targets get one weight per element (timestep, pixel): class indices [B, T] / [B, H, W] with a
/// class-index loss (sparse categorical cross-entropy, nll; elements at its ignore index weigh 1 and are not counted
/// for balanced weights), one-hot [B, T, K] / [B, H, W, K] by the argmax of the last axis (Keras 3's tf.data
/// class-weight map); "balanced" counts elements. Per-element sample weights multiply them element by element.
/// <code>
/// model.Fit(x, y, epochs: 10, classWeight: "balanced");
/// model.Fit(x, y, epochs: 10, classWeight: new Dictionary&lt;int, double&gt; { [0] = 1, [1] = 20 });
/// </code>
/// </remarks>
public sealed class ClassWeight
{
    private ClassWeight(IReadOnlyDictionary<int, double>? map) => Map = map;

    /// <summary>The explicit map, or null for balanced.</summary>
    public IReadOnlyDictionary<int, double>? Map { get; }

    /// <summary>n / (k · n_c).</summary>
    public static ClassWeight Balanced { get; } = new(null);

    /// <summary><c>"balanced"</c>.</summary>
    public static implicit operator ClassWeight(string mode) =>
        string.Equals(mode, "balanced", StringComparison.OrdinalIgnoreCase) ? Balanced
        : throw new ArgumentException($"class weight '{mode}': only \"balanced\" or a map class → weight is accepted", nameof(mode));

    /// <summary>An explicit map class → weight (classes not in the map weigh 1).</summary>
    public static implicit operator ClassWeight(Dictionary<int, double> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var (c, w) in map)
            if (!(w >= 0) || !double.IsFinite(w)) throw new ArgumentException($"class weight for class {c} is {w}; weights must be finite and ≥ 0", nameof(map));
        return new(new Dictionary<int, double>(map));
    }

    /// <summary>
    /// scikit-learn's <c>compute_class_weight("balanced", …)</c>: n / (k · count_c) for each class c present.
    /// </summary>
    public static Dictionary<int, double> ComputeBalanced(ReadOnlySpan<int> labels)
    {
        var counts = new SortedDictionary<int, long>();
        foreach (int l in labels) counts[l] = counts.GetValueOrDefault(l) + 1;
        var result = new Dictionary<int, double>();
        foreach (var (c, n) in counts) result[c] = labels.Length / ((double)counts.Count * n);
        return result;
    }
}
