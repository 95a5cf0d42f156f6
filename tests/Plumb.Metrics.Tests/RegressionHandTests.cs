namespace Plumb.Metrics.Tests;

/// <summary>Regression examples worked by hand, plus the documentation examples (checked against scikit-learn 1.2.1).</summary>
public sealed class RegressionHandTests
{
    private static readonly double[] Y = [3, -0.5, 2, 7];
    private static readonly double[] P = [2.5, 0, 2, 8];

    [Fact]
    public void HandWorked()
    {
        // errors y − p: 0.5, −0.5, 0, −1
        Assert.Equal(0.375, Mse.Regression(Y, P));               // (0.25 + 0.25 + 0 + 1) / 4
        Assert.Equal(Math.Sqrt(0.375), Rmse.Regression(Y, P));
        Assert.Equal(0.5, Mae.Regression(Y, P));                // (0.5 + 0.5 + 0 + 1) / 4
        Assert.Equal(1.0, MaxError.Regression(Y, P));
        Assert.Equal(0.5, MedianAbsoluteError.Regression(Y, P));              // sorted |e| 0, 0.5, 0.5, 1 → (0.5 + 0.5) / 2
        // weighted MSE with weights 1, 1, 1, 3: (0.25 + 0.25 + 0 + 3) / 6
        Assert.Equal(3.5 / 6, Mse.Regression(Y, P, [1, 1, 1, 3]), 15);
        // R²: ȳ = 2.875, Σ(y − ȳ)² = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SSE = 1.5
        Assert.Equal(1 - 1.5 / 29.1875, R2Score.Regression(Y, P), 14);
        // pinball α = 0.9 on y [1, 2, 3], p 2: (0.1·1 + 0 + 0.9·1) / 3
        Assert.Equal(1.0 / 3, PinballLoss.Regression([1, 2, 3], [2, 2, 2], 0.9), 15);
        // MAPE: |p − y| / |y| = 0.5/3, 0.5/0.5, 0, 1/7
        Assert.Equal((0.5 / 3 + 1 + 0 + 1.0 / 7) / 4, Mape.Regression(Y, P), 15);
        // Tweedie power 0 is the MSE
        Assert.Equal(0.375, TweedieDeviance.Regression(Y, P, 0));
        // Gamma deviance, y = 2, p = 1: 2(ln(1/2) + 2 − 1) = 2(1 − ln 2)
        Assert.Equal(2 * (1 - Math.Log(2)), TweedieDeviance.Gamma().Evaluate([2], [1]), 15);
        // Poisson, y = 0, p = 2: 2(0 − 0 + 2) = 4
        Assert.Equal(4.0, TweedieDeviance.Poisson().Evaluate([0], [2]));
    }

    [Fact]
    public void DocumentationExamples()
    {
        // provenance: /usr/bin/python3, scikit-learn 1.2.1, y = [3, -0.5, 2, 7], p = [2.5, 0, 2, 8]
        Assert.Equal(0.3273809523809524, Mape.Regression(Y, P), 15); // mean_absolute_percentage_error(y, p)
        Assert.Equal(0.9486081370449679, R2Score.Regression(Y, P), 14);                     // r2_score(y, p)
        Assert.Equal(0.9571734475374732, ExplainedVariance.Regression(Y, P), 14);           // explained_variance_score(y, p)
        Assert.Equal(0.7647058823529411, D2AbsoluteError.Regression(Y, P), 14);             // d2_absolute_error_score(y, p)
        Assert.Equal(0.03973012298459376, Msle.Regression([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 15); // mean_squared_log_error
        Assert.Equal(1.4260151319598084, TweedieDeviance.Regression([2, 0, 1, 4], [0.5, 0.5, 2, 2], 1), 14);    // mean_poisson_deviance
    }

    [Fact]
    public void FewSamplesAndConstantTargets()
    {
        Assert.True(double.IsNaN(R2Score.Regression([1], [2])));               // fewer than two samples
        Assert.True(double.IsNaN(D2AbsoluteError.Regression([1], [2])));
        Assert.Equal(0.0, R2Score.Regression([3, 3], [2, 4]));                 // constant y, imperfect → 0
        Assert.Equal(1.0, R2Score.Regression([3, 3], [3, 3]));                 // constant y, perfect → 1
        Assert.True(double.IsNaN(Mse.Regression([], [])));
    }

    [Fact]
    public void MaxErrorIgnoresZeroWeightRows()
    {
        Assert.Equal(1.0, MaxError.Regression([0, 0], [1, 10], [1, 0]));
        Assert.Equal(10.0, MaxError.Regression([0, 0], [1, 10], [1, 0.5]));
    }

    [Fact]
    public void WeightedMedianIsTheLowerWeightedPercentile()
    {
        // |e| = 1, 2, 3, 4 with weights 1, 1, 1, 1: cumulative 1, 2, 3, 4; half = 2 → first cdf ≥ 2 is e = 2
        // (unweighted np.median would give 2.5)
        Assert.Equal(2.0, MedianAbsoluteError.Regression([0, 0, 0, 0], [1, 2, 3, 4], [1, 1, 1, 1]));
        Assert.Equal(2.5, MedianAbsoluteError.Regression([0, 0, 0, 0], [1, 2, 3, 4]));
        // weights 1, 1, 1, 5: total 8, half 4 → e = 4
        Assert.Equal(4.0, MedianAbsoluteError.Regression([0, 0, 0, 0], [1, 2, 3, 4], [1, 1, 1, 5]));
    }
}
