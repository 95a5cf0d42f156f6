using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

public class CrossFittedThresholdTests
{
    [Fact]
    public void A_threshold_reported_on_the_rows_that_chose_it_is_optimistic_and_cross_fitting_is_not()
    {
        // Scores unrelated to the labels (seeded): any F1 above that of "all positive" is luck.
        var rng = new Random(11);
        var y = new double[400];
        var s = new double[400];
        for (int i = 0; i < y.Length; i++) (y[i], s[i]) = (i % 4 == 0 ? 1 : 0, rng.NextDouble());
        double allPositive = 2 * 100.0 / (2 * 100 + 300); // F1 of predicting every row positive: 0.4
        double tunedInSample = ThresholdSelection.Optimize("f1", y, s).F1;
        var cf = CrossFittedThreshold.Evaluate("f1", y, s, seed: 3)!;
        Assert.True(tunedInSample > allPositive, $"{tunedInSample}");
        Assert.True(cf.Pooled.F1 < tunedInSample, $"cross-fitted {cf.Pooled.F1} vs in-sample {tunedInSample}");
        Assert.Equal(400, cf.Pooled.TruePositives + cf.Pooled.FalsePositives + cf.Pooled.TrueNegatives + cf.Pooled.FalseNegatives);
        Assert.Equal(100, cf.Pooled.TruePositives + cf.Pooled.FalseNegatives);
        Assert.Equal(400, cf.RowsA + cf.RowsB);
        Assert.Equal(200, cf.RowsA); // stratified: 50 + 150 in each half
    }

    [Fact]
    public void Separable_scores_stay_perfect_and_too_few_of_a_class_gives_null()
    {
        double[] y = [1, 0, 1, 0, 1, 0];
        double[] s = [0.9, 0.1, 0.9, 0.1, 0.9, 0.1];
        var cf = CrossFittedThreshold.Evaluate("f1", y, s, seed: 1)!;
        Assert.Equal(1, cf.Pooled.F1);
        Assert.Equal(0.9, cf.ThresholdA);
        Assert.Null(CrossFittedThreshold.Evaluate("f1", [1, 0, 0, 0], [0.9, 0.1, 0.2, 0.3], seed: 1));
    }
}
