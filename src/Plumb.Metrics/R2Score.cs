namespace Plumb.Metrics;

/// <summary>
/// Coefficient of determination R², as scikit-learn's <c>r2_score</c> (with <c>force_finite=True</c>).
/// </summary>
/// <remarks>
/// R² = 1 − Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ (yᵢ − ȳ)², ȳ the weighted mean of the targets. When the targets are
/// constant: 1 for a perfect prediction, else 0. NaN with fewer than two samples. Higher is better. State: a
/// compensated sum of squared errors and the weighted Welford moments of y (mergeable, no cancellation).
/// <para>Adjusted R² (Keras' <c>R2Score(num_regressors=p)</c>): 1 − (1 − R²)·(n − 1)/(n − p − 1), n the number of
/// samples (rows, whatever their weights — as Keras). Undefined when n − p − 1 ≤ 0: Plumb returns NaN where Keras
/// warns and returns the unadjusted R².</para>
/// <code>
/// double r2 = R2Score.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486081370…
/// var adjusted = new R2Score(numRegressors: 1); // on y = [1, 4, 3], ŷ = [2, 4, 4]: 1 − (3/7)·2/1 = 1/7
/// </code>
/// </remarks>
public sealed class R2Score : RegressionMetric
{
    private readonly SumState _sse;
    private readonly MomentsState _y;

    /// <summary>Creates a streaming R²; adjusted for <paramref name="numRegressors"/> regressors when &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numRegressors"/> is negative.</exception>
    public R2Score(int numRegressors = 0) : base("r2", MetricDirection.HigherIsBetter)
    {
        NumRegressors = numRegressors >= 0 ? numRegressors
            : throw new ArgumentOutOfRangeException(nameof(numRegressors), numRegressors, "r2: num_regressors must be ≥ 0");
        _sse = Declare(new SumState());
        _y = Declare(new MomentsState());
    }

    /// <summary>Regressors p of the adjusted R² (0: plain R²).</summary>
    public int NumRegressors { get; }

    private protected override string ConfigKey => NumRegressors == 0 ? "r2" : $"r2(num_regressors={NumRegressors})";

    /// <summary>R² of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new R2Score().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute()
    {
        if (Count < 2) return double.NaN;
        double r2 = Assemble(_sse.Value, _y.M2);
        if (NumRegressors == 0) return r2;
        double n = Count, dof = n - NumRegressors - 1;
        return dof > 0 ? 1 - (1 - r2) * (n - 1) / dof : double.NaN;
    }

    /// <summary>scikit-learn's <c>_assemble_r2_explained_variance</c> with <c>force_finite=True</c>.</summary>
    internal override double VarianceWeight => _y.M2;

    internal static double Assemble(double numerator, double denominator)
    {
        if (numerator == 0) return 1;
        if (denominator == 0) return 0;
        return 1 - numerator / denominator;
    }

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            double e = y[i] - p[i];
            _sse.Add(wi * (e * e));
            _y.Add(y[i], wi);
        }
    }
}
