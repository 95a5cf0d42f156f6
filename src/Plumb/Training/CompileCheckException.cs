namespace Plumb.Training;

/// <summary>
/// A loss / metric / output combination that would train or report silently wrong numbers, refused by
/// <see cref="Model.Compile(OptimizerRef, double, LossRef, IEnumerable{MetricRef}?, IEnumerable{MetricRef}?, bool)"/>
/// or at the first batch of <c>Model.Fit</c> / <c>Model.Evaluate</c>.
/// Experts opt out with <c>validate: false</c> in Compile.
/// </summary>
public sealed class CompileCheckException(string check, string message) : ArgumentException(message + " (to train anyway, pass validate: false to Compile)")
{
    /// <summary>Which check refused: <c>accuracy_with_regression_loss</c>, <c>bce_on_softmax</c>,
    /// <c>from_logits_on_probabilities</c>, <c>probability_loss_on_linear_output</c>,
    /// <c>probability_loss_on_unbounded_output</c>, <c>probability_loss_on_log_probabilities</c>,
    /// <c>probability_rows_do_not_sum_to_one</c>, <c>nll_on_non_log_probabilities</c>,
    /// <c>label_metric_on_regression_target</c>.</summary>
    public string Check { get; } = check;
}
