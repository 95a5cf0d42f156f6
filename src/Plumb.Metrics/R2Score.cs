namespace Plumb.Metrics;

/// <summary>
/// Coefficient of determination R², as scikit-learn's <c>r2_score</c> (with <c>force_finite=True</c>).
/// </summary>
/// <remarks>
/// R² = 1 − Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ (yᵢ − ȳ)², ȳ the weighted mean of the targets. When the targets are
/// constant: 1 for a perfect prediction, else 0. NaN with fewer than two samples. Higher is better. State: a
/// compensated sum of squared errors and the weighted Welford moments of y (mergeable, no cancellation).
/// <code>
/// double r2 = R2Score.Of([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486081370…
/// </code>
/// </remarks>
public sealed class R2Score : RegressionMetric
{
    private CompensatedSum _sse;
    private WeightedMoments _y;

    /// <summary>Creates a streaming R².</summary>
    public R2Score() : base("r2", MetricDirection.HigherIsBetter) { }

    /// <summary>R² of the predictions.</summary>
    public static double Of(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default) =>
        new R2Score().Evaluate(target, prediction, weight);

    /// <inheritdoc />
    public override double Compute()
    {
        if (Count < 2) return double.NaN;
        return Assemble(_sse.Value, _y.M2);
    }

    /// <summary>scikit-learn's <c>_assemble_r2_explained_variance</c> with <c>force_finite=True</c>.</summary>
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

    private protected override void ResetCore() => (_sse, _y) = (default, default);

    private protected override void MergeCore(RegressionMetric other)
    {
        var o = (R2Score)other;
        _sse.Add(o._sse);
        _y.Add(o._y);
    }

    private protected override void Write(BinaryWriter w)
    {
        _sse.Write(w);
        _y.Write(w);
    }

    private protected override void Read(BinaryReader r)
    {
        _sse = CompensatedSum.Read(r);
        _y = WeightedMoments.Read(r);
    }
}
