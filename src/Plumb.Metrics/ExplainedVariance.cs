namespace Plumb.Metrics;

/// <summary>
/// Explained variance score, as scikit-learn's <c>explained_variance_score</c> (with <c>force_finite=True</c>):
/// like R² but blind to a constant bias.
/// </summary>
/// <remarks>
/// EV = 1 − Var_w(y − ŷ) / Var_w(y), weighted population variances. When the targets are constant: 1 if the
/// residual variance is 0, else 0. Higher is better. State: weighted Welford moments of y and of y − ŷ.
/// <code>
/// double ev = ExplainedVariance.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9571734475…
/// </code>
/// </remarks>
public sealed class ExplainedVariance : RegressionMetric
{
    private readonly MomentsState _residual, _y;

    /// <summary>Creates a streaming explained variance.</summary>
    public ExplainedVariance() : base("explained_variance", MetricDirection.HigherIsBetter)
    {
        _residual = Declare(new MomentsState());
        _y = Declare(new MomentsState());
    }

    /// <summary>Explained variance of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new ExplainedVariance().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute()
    {
        if (_y.Weight == 0) return double.NaN;
        return R2Score.Assemble(_residual.M2 / _residual.Weight, _y.M2 / _y.Weight);
    }

    internal override double VarianceWeight => _y.Weight == 0 ? 0 : _y.M2 / _y.Weight;

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            _residual.Add(y[i] - p[i], wi);
            _y.Add(y[i], wi);
        }
    }
}
