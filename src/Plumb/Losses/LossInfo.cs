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
    /// <summary>Margin m: a positive scored m and a negative scored 0.</summary>
    PairMargin,
    /// <summary>Log-rate error z − log y around y = 1 (predictions are log-rates).</summary>
    LogRateError,
    /// <summary>Angle θ between the target (1, 0) and the prediction (cos θ, sin θ).</summary>
    Angle,
}

/// <summary>Catalogue entry of a loss: names, formula, domains, when to use it, and how to build it from a spec.</summary>
/// <param name="Name">Canonical name, e.g. <c>huber</c>.</param>
/// <param name="Aliases">Other accepted names (Keras' long names and short forms).</param>
/// <param name="Category">What it is for.</param>
/// <param name="Formula">The formula in one line.</param>
/// <param name="TargetDomain">Expected targets.</param>
/// <param name="PredictionDomain">Expected predictions.</param>
/// <param name="WhenToUse">One line of advice.</param>
/// <param name="Arguments">Spec arguments accepted, e.g. <c>delta</c>.</param>
/// <param name="Target">Target layout for the metric adapter.</param>
/// <param name="Plot">The x-axis of its plot.</param>
/// <param name="PlotSpec">The spec plotted (e.g. with <c>from_logits=true</c>).</param>
public sealed record LossInfo(
    string Name,
    IReadOnlyList<string> Aliases,
    LossCategory Category,
    string Formula,
    string TargetDomain,
    string PredictionDomain,
    string WhenToUse,
    IReadOnlyList<string> Arguments,
    LossTarget Target,
    LossPlotInput Plot,
    string PlotSpec)
{
    internal Func<LossArgs, Loss> Factory { get; init; } = _ => throw new InvalidOperationException("no factory");
}
