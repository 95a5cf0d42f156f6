using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

public class ThresholdSelectionTests
{
    // 12 samples, 6 positives. Reference values from scikit-learn 1.2.1 (/usr/bin/python3):
    //   p, r, t = precision_recall_curve(y, s); f = 2*p*r/(p+r); t[nanargmax(f[:-1])] -> 0.3, F1 0.8
    //   max over thresholds of matthews_corrcoef(y, s >= t) -> 0.5773502691896257 at 0.3
    //   fpr, tpr, th = roc_curve(y, s); th[argmax(tpr - fpr)] -> 0.3, J = 0.5
    //   max fbeta_score(y, s >= t, beta=0.5) -> 0.7142857142857143 at 0.8 only
    //   min over t of 1·FP + 5·FN -> 3 at 0.3
    private static readonly double[] Y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
    private static readonly double[] S = [0.1, 0.4, 0.35, 0.8, 0.65, 0.9, 0.5, 0.2, 0.55, 0.7, 0.3, 0.05];

    [Theory]
    [InlineData("f1", 0.3, 0.8)]
    [InlineData("mcc", 0.3, 0.5773502691896257)]
    [InlineData("youden", 0.3, 0.5)]
    [InlineData("fbeta(beta=0.5)", 0.8, 0.7142857142857143)]
    [InlineData("cost(fp=1,fn=5)", 0.3, 3)]
    public void Optimum_matches_scikit_learn(string objective, double threshold, double value)
    {
        var best = ThresholdSelection.Optimize(objective, Y, S);
        Assert.Equal(threshold, best.Threshold);
        Assert.Equal(value, best.Objective, 12);
    }

    [Fact]
    public void Precision_at_recall_keeps_the_highest_of_tied_thresholds()
    {
        // Hand sweep: recall ≥ 0.5 holds from t = 0.55 down; precision there is 3/5, 4/6, 4/7, 5/8, 6/9:
        // the best, 2/3, is reached at t = 0.5 and t = 0.3; the higher one is kept.
        var best = ThresholdSelection.Optimize("precision_at_recall(r=0.5)", Y, S);
        Assert.Equal(0.5, best.Threshold);
        Assert.Equal(2.0 / 3, best.Precision, 15);
        Assert.Equal((4.0, 2.0, 4.0, 2.0), (best.TruePositives, best.FalsePositives, best.TrueNegatives, best.FalseNegatives));
    }

    [Fact]
    public void Weights_of_two_equal_duplicated_rows()
    {
        double[] w = [2, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 1];
        var y2 = new List<double>(); var s2 = new List<double>();
        for (int i = 0; i < Y.Length; i++)
            for (int k = 0; k < w[i]; k++) { y2.Add(Y[i]); s2.Add(S[i]); }
        foreach (var obj in new[] { "f1", "mcc", "youden", "cost(fp=2,fn=3)" })
        {
            var a = ThresholdSelection.Optimize(obj, Y, S, w);
            var b = ThresholdSelection.Optimize(obj, y2.ToArray(), s2.ToArray());
            Assert.Equal(b.Threshold, a.Threshold);
            Assert.Equal(b.Objective, a.Objective, 12);
        }
    }

    [Fact]
    public void Optimum_is_the_best_over_every_threshold_by_brute_force()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 50;
            var y = new double[n]; var s = new double[n];
            for (int i = 0; i < n; i++) { y[i] = rng.Next(2); s[i] = Math.Round(rng.NextDouble() + 0.3 * y[i], 1); }
            if (!y.Contains(1)) y[0] = 1;
            var best = ThresholdSelection.Optimize("f1", y, s);
            foreach (double t in s.Distinct())
            {
                double tp = 0, fp = 0, fn = 0;
                for (int i = 0; i < n; i++)
                {
                    bool p = s[i] >= t;
                    if (p && y[i] == 1) tp++; else if (p) fp++; else if (y[i] == 1) fn++;
                }
                Assert.True(2 * tp / (2 * tp + fp + fn) <= best.F1 + 1e-15);
            }
        }
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("fbeta")]
    [InlineData("fbeta(beta=x)")]
    [InlineData("precision_at_recall(r=2)")]
    public void Bad_objectives_are_refused(string objective) =>
        Assert.Throws<ArgumentException>(() => ThresholdSelection.Optimize(objective, Y, S));

    [Fact]
    public void Bad_data_is_refused_with_the_index()
    {
        var e = Assert.Throws<ArgumentException>(() => ThresholdSelection.Optimize("f1", [0, 2], [0.1, 0.2]));
        Assert.Contains("index 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => ThresholdSelection.Optimize("f1", [0, 1], [double.NaN, 0.2]));
        Assert.Contains("index 0", e.Message);
    }
}
