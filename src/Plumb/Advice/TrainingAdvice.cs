using Plumb.Metrics;

namespace Plumb.Advice;

/// <summary>One recommendation (an output activation, a loss spec, a metric spec, a monitor key…) with its reason.</summary>
/// <param name="Value">What to use, as Plumb spells it (a spec or a log key).</param>
/// <param name="Reason">One paragraph: why, from the data and from the metric's or loss' descriptor.</param>
public sealed record Recommendation(string Value, string Reason)
{
    /// <summary>Other choices worth knowing, each with when it is the better one.</summary>
    public IReadOnlyList<Recommendation> Alternatives { get; init; } = [];
}

/// <summary>A trap that applies to this data, e.g. accuracy at 1 % prevalence.</summary>
/// <param name="Id">Stable <c>snake_case</c> id (<c>accuracy_at_prevalence</c>, <c>roc_auc_under_imbalance</c>, …).</param>
/// <param name="Message">What goes wrong here, with this data's numbers.</param>
public sealed record Pitfall(string Id, string Message);

/// <summary>One class (or, for multilabel, one label's positives) and its count.</summary>
/// <param name="Name">Class name as written in the target column (multilabel: the label column).</param>
/// <param name="Count">Rows of the class (multilabel: rows where the label is 1).</param>
/// <param name="Fraction">Count over rows.</param>
public sealed record ClassCount(string Name, int Count, double Fraction);

/// <summary>The shape of a regression target.</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Std">Standard deviation (population).</param>
/// <param name="Median">Median.</param>
/// <param name="RobustStd">1.4826 × the median absolute deviation: the standard deviation a Gaussian with the same MAD would have.</param>
/// <param name="Skewness">Sample skewness g₁ = m₃ / m₂^1.5.</param>
/// <param name="Outliers">Rows more than <see cref="Advisor.OutlierZ"/> robust standard deviations from the median.</param>
/// <param name="OutlierFraction">Outliers over rows.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record TargetShape(double Mean, double Std, double Median, double RobustStd, double Skewness, int Outliers, double OutlierFraction, double Min, double Max);

/// <summary>What the advice is based on: the task, the classes and their balance, label noise, the target's shape.</summary>
public sealed record DataProfile
{
    /// <summary>The task.</summary>
    public required MetricTask Task { get; init; }
    /// <summary>Why that task (from <c>TaskDetection</c>).</summary>
    public required string TaskReason { get; init; }
    /// <summary>Rows.</summary>
    public required int Rows { get; init; }
    /// <summary>Feature columns (every column but the targets).</summary>
    public required int Features { get; init; }
    /// <summary>Classes in index order with counts (multilabel: each label's positives; regression: empty).</summary>
    public required IReadOnlyList<ClassCount> Classes { get; init; }
    /// <summary>Binary: the minority class' share; multiclass: the smallest class' share; multilabel: the rarest label's prevalence; regression: NaN.</summary>
    public required double MinorityFraction { get; init; }
    /// <summary>Largest over smallest class count (500 at 500:1); NaN for regression and multilabel.</summary>
    public required double ImbalanceRatio { get; init; }
    /// <summary>Groups of rows with identical features but different targets (a label-noise hint).</summary>
    public required int ConflictGroups { get; init; }
    /// <summary>Rows in those groups.</summary>
    public required int ConflictRows { get; init; }
    /// <summary>Regression: the target's shape; else null.</summary>
    public TargetShape? Target { get; init; }
}

/// <summary>The minimum patience and why.</summary>
/// <param name="Epochs">Epochs without improvement before stopping.</param>
/// <param name="Reason">Why that many.</param>
public sealed record PatienceAdvice(int Epochs, string Reason);

/// <summary>
/// What to train and judge with on this data, each with a reason: <c>plumb advise</c> prints it and <c>plumb train</c>
/// takes its defaults from it (see <see cref="Advisor"/>).
/// </summary>
public sealed record TrainingAdvice
{
    /// <summary>The data the advice is about.</summary>
    public required DataProfile Profile { get; init; }
    /// <summary>Validation rows the monitor is judged on (the advice for the monitor depends on it).</summary>
    public required int ValidationRows { get; init; }
    /// <summary>Output activation: sigmoid, softmax or linear.</summary>
    public required Recommendation OutputActivation { get; init; }
    /// <summary>The loss spec that steers.</summary>
    public required Recommendation Loss { get; init; }
    /// <summary>Metric specs to report, in order.</summary>
    public required IReadOnlyList<Recommendation> Metrics { get; init; }
    /// <summary>The metric that judges this task (the one the summary leads with), a spec.</summary>
    public required Recommendation Judge { get; init; }
    /// <summary>The log key that picks the epoch and stops training (<c>val_loss</c> or <c>val_</c> + the judge's key).</summary>
    public required Recommendation Monitor { get; init; }
    /// <summary>The key that breaks ties of the monitor (<c>val_loss</c>), or null when the monitor is the loss.</summary>
    public Recommendation? TieBreak { get; init; }
    /// <summary>Early-stopping patience.</summary>
    public required PatienceAdvice Patience { get; init; }
    /// <summary>How the decision threshold is chosen and where it is measured.</summary>
    public required Recommendation Threshold { get; init; }
    /// <summary>The traps that apply.</summary>
    public required IReadOnlyList<Pitfall> Pitfalls { get; init; }
}
