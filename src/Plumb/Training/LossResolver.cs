using System.Globalization;
using System.Reflection;
using Plumb.Losses;
using Plumb.Metrics;

namespace Plumb.Training;

/// <summary>What a loss expects of the model's output; drives Compile's checks and the metrics' task.</summary>
public enum LossKind
{
    /// <summary>Not in Plumb's catalogue (a custom loss): only the shape-independent checks apply.</summary>
    Unknown = 0,
    /// <summary>Real-valued targets (<c>mse</c>, <c>mae</c>, <c>huber</c>, …).</summary>
    Regression,
    /// <summary>Probabilities of independent 0/1 labels (<c>binary_crossentropy</c>, binary focal, soft-F1, …).</summary>
    BinaryProbability,
    /// <summary>A probability distribution over classes (<c>categorical_crossentropy</c>, sparse, KL, …).</summary>
    CategoricalProbability,
    /// <summary>Probabilities, binary or categorical by shape (<c>focal</c>).</summary>
    Probability,
    /// <summary>Raw margins / scores (<c>hinge</c>, <c>exponential</c>, <c>lovasz_hinge</c>, …).</summary>
    Margin,
}

/// <summary>
/// The one place where the training loop resolves loss names and reads what a loss expects. The integrator
/// can point <see cref="Create"/> at the losses' registry; everything else in training goes through here.
/// </summary>
internal static class LossResolver
{
    private static readonly Dictionary<string, LossKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mse"] = LossKind.Regression, ["mean_squared_error"] = LossKind.Regression,
        ["mae"] = LossKind.Regression, ["mean_absolute_error"] = LossKind.Regression,
        ["huber"] = LossKind.Regression, ["log_cosh"] = LossKind.Regression, ["logcosh"] = LossKind.Regression,
        ["quantile"] = LossKind.Regression, ["pinball"] = LossKind.Regression,
        ["msle"] = LossKind.Regression, ["mean_squared_logarithmic_error"] = LossKind.Regression,
        ["mape"] = LossKind.Regression, ["mean_absolute_percentage_error"] = LossKind.Regression,
        ["poisson"] = LossKind.Regression, ["tweedie"] = LossKind.Regression, ["cosine_similarity"] = LossKind.Regression,
        ["binary_crossentropy"] = LossKind.BinaryProbability, ["bce"] = LossKind.BinaryProbability,
        ["binary_focal_crossentropy"] = LossKind.BinaryProbability, ["binary_focal"] = LossKind.BinaryProbability,
        ["soft_f1"] = LossKind.BinaryProbability, ["soft_fbeta"] = LossKind.BinaryProbability,
        ["dice"] = LossKind.BinaryProbability, ["tversky"] = LossKind.BinaryProbability,
        ["categorical_crossentropy"] = LossKind.CategoricalProbability, ["cce"] = LossKind.CategoricalProbability,
        ["sparse_categorical_crossentropy"] = LossKind.CategoricalProbability, ["scce"] = LossKind.CategoricalProbability,
        ["categorical_focal_crossentropy"] = LossKind.CategoricalProbability, ["categorical_focal"] = LossKind.CategoricalProbability,
        ["kl_divergence"] = LossKind.CategoricalProbability, ["kld"] = LossKind.CategoricalProbability,
        ["focal"] = LossKind.Probability,
        ["hinge"] = LossKind.Margin, ["squared_hinge"] = LossKind.Margin, ["categorical_hinge"] = LossKind.Margin,
        ["exponential"] = LossKind.Margin, ["lovasz_hinge"] = LossKind.Margin, ["pairwise_auc"] = LossKind.Margin,
    };

    /// <summary>
    /// Builds a loss from a spec such as <c>binary_crossentropy(from_logits=true, label_smoothing=0.1)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name or bad argument.</exception>
    public static Loss Create(string spec) => LossRegistry.Create(spec);

    /// <summary>What <paramref name="loss"/> expects, from its registry name.</summary>
    public static LossKind KindOf(Loss loss) => Kinds.TryGetValue(loss.Name, out var k) ? k : LossKind.Unknown;

    /// <summary>Whether the loss reads raw scores (a public <c>bool FromLogits</c> property set to true).</summary>
    public static bool FromLogits(Loss loss) =>
        loss.GetType().GetProperty("FromLogits", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } p
        && t == typeof(bool) && (bool)p.GetValue(loss)!;

    /// <summary>A spec that rebuilds <paramref name="loss"/> (used by Save): the spec it was created from, else its name
    /// and <c>from_logits</c> (other constructor arguments of a loss built directly are not recoverable).</summary>
    public static string SpecOf(Loss loss) =>
        loss.Spec is { } spec ? spec
        : FromLogits(loss) ? string.Create(CultureInfo.InvariantCulture, $"{loss.Name}(from_logits=true)") : loss.Name;
}
