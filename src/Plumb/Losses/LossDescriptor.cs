using Plumb.Metrics;

namespace Plumb.Losses;

/// <summary>What a loss is for, as listed by <c>plumb losses</c>.</summary>
public enum LossCategory
{
    /// <summary>Real-valued targets.</summary>
    Regression,
    /// <summary>Class labels or distributions.</summary>
    Classification,
    /// <summary>Classification losses designed for imbalanced classes.</summary>
    Imbalance,
    /// <summary>Differentiable surrogates of a metric (F1, Dice, IoU, AUC); non-decomposable.</summary>
    MetricSurrogate,
    /// <summary>Learning-to-rank losses over padded query lists (pairwise, listwise, NDCG surrogates); non-decomposable.</summary>
    Ranking,
}

/// <summary>How the targets of a loss are laid out, so that a <see cref="MetricBatch"/> can be turned into tensors.</summary>
public enum LossTarget
{
    /// <summary>One target value per score value (regression, binary, multilabel).</summary>
    Values,
    /// <summary>One-hot rows [N, K]; class indices are expanded.</summary>
    OneHot,
    /// <summary>One class index per sample; one-hot rows are reduced by argmax.</summary>
    ClassIndex,
}

/// <summary>What the x-axis of a loss' plot is.</summary>
public enum LossPlotInput
{
    /// <summary>Error e = ŷ − y around y = 1 (e from −3 to 3).</summary>
    Error,
    /// <summary>Error e = ŷ − y around y = 1, restricted to ŷ ≥ 0 (e from −1 to 3).</summary>
    ErrorNonNegative,
    /// <summary>Margin m: a positive sample with logit m (or score m).</summary>
    Margin,
    /// <summary>Margin m: a positive sample with probability σ(m).</summary>
    MarginProbability,
    /// <summary>Margin m: two classes, the true one with logit m, the other 0.</summary>
    TwoClassMargin,
    /// <summary>Margin m: two classes with probabilities softmax([m, 0]).</summary>
    TwoClassProbability,
    /// <summary>Margin m: two classes with log-probabilities log_softmax([m, 0]).</summary>
    TwoClassLogProbability,
    /// <summary>Margin m: a positive scored m and a negative scored 0.</summary>
    PairMargin,
    /// <summary>Log-rate error z − log y around y = 1 (predictions are log-rates).</summary>
    LogRateError,
    /// <summary>Angle θ between the target (1, 0) and the prediction (cos θ, sin θ).</summary>
    Angle,
}

/// <summary>What a loss expects of the model's output; drives Compile's checks and the metrics' task.</summary>
public enum LossKind
{
    /// <summary>Not declared (a custom loss without <see cref="PlumbLossAttribute"/>): only the shape-independent checks apply.</summary>
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
    /// <summary>Ranking scores of padded query lists against graded relevance (<c>pairwise_logistic</c>, <c>listnet</c>, …).</summary>
    Ranking,
    /// <summary>Log-probabilities of classes, rows with logsumexp 0 (<c>nll</c> after a <c>log_softmax</c> output).</summary>
    LogProbabilities,
}

/// <summary>
/// Everything Plumb knows about a loss, in one place: names, what it is for, formula, domains, when to use it,
/// the arguments its spec takes (typed, with defaults), what it expects of the model's output and how to build it.
/// <c>plumb losses</c>, <c>Compile</c>'s checks, saved models and the loss-as-metric registration all read it.
/// </summary>
/// <param name="Name">Canonical name, e.g. <c>huber</c>.</param>
/// <param name="Aliases">Other accepted names (Keras' long names and short forms).</param>
/// <param name="Category">What it is for.</param>
/// <param name="Formula">The formula in one line.</param>
/// <param name="TargetDomain">Expected targets.</param>
/// <param name="PredictionDomain">Expected predictions.</param>
/// <param name="WhenToUse">One line of advice.</param>
/// <param name="Arguments">Spec arguments accepted, with type, range and default.</param>
/// <param name="Target">Target layout for the metric adapter.</param>
/// <param name="Plot">The x-axis of its plot.</param>
/// <param name="PlotSpec">The spec plotted (e.g. with <c>from_logits=true</c>).</param>
/// <param name="Expects">What it expects of the model's output.</param>
public sealed record LossDescriptor(
    string Name,
    IReadOnlyList<string> Aliases,
    LossCategory Category,
    string Formula,
    string TargetDomain,
    string PredictionDomain,
    string WhenToUse,
    IReadOnlyList<ArgumentSchema> Arguments,
    LossTarget Target,
    LossPlotInput Plot,
    string PlotSpec,
    LossKind Expects)
{
    /// <summary>Builds the loss from its resolved spec.</summary>
    internal Func<LossArgs, Loss> Factory { get; init; } = _ => throw new InvalidOperationException("no factory");

    /// <summary>The argument named <paramref name="key"/> (or an alias), or null.</summary>
    public ArgumentSchema? Argument(string key) => Arguments.FirstOrDefault(a => a.Matches(key));

    /// <summary>What it reads: real values, or labels with probabilities (and logits where it takes <c>from_logits</c>) or margins.</summary>
    public MetricInputs Reads => Expects switch
    {
        LossKind.Regression => MetricInputs.RealValues,
        LossKind.Margin => MetricInputs.Labels | MetricInputs.Logits,
        LossKind.Ranking => MetricInputs.Relevance,
        LossKind.Unknown => MetricInputs.None,
        LossKind.LogProbabilities => MetricInputs.Labels | MetricInputs.LogProbabilities,
        _ => MetricInputs.Labels | MetricInputs.Probabilities | (Arguments.Any(a => a.Name == "from_logits") ? MetricInputs.Logits : MetricInputs.None),
    };

    /// <summary>The descriptor of this loss used as a metric (family <see cref="MetricFamily.Loss"/>, lower is better).</summary>
    public MetricDescriptor AsMetric() => new()
    {
        Name = Name, Aliases = Aliases, Family = MetricFamily.Loss, Reads = Reads == MetricInputs.None ? MetricInputs.RealValues : Reads,
        Direction = MetricDirection.LowerIsBetter, Arguments = Arguments, Description = WhenToUse, Formula = Formula,
    };
}

/// <summary>
/// Declares what a custom <see cref="Loss"/> expects of the model's output, so <c>Compile</c> runs the same checks
/// as for Plumb's losses (and metrics that read class labels are refused beside a regression loss).
/// </summary>
/// <remarks>
/// <code>
/// [PlumbLoss(LossKind.Regression)]
/// sealed class AsymmetricMse : Loss { … }
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PlumbLossAttribute(LossKind expects) : Attribute
{
    /// <summary>What the loss expects.</summary>
    public LossKind Expects { get; } = expects;
}
