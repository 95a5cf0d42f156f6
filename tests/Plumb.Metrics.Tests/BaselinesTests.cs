using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>Trivial predictors, by hand: what a model must beat.</summary>
public class BaselinesTests
{
    private static MetricSpec[] Specs(params string[] specs) => [.. specs.Select(MetricRegistry.Resolve)];

    [Fact]
    public void At_500_to_1_the_prior_scores_accuracy_0_998_roc_auc_one_half_and_ap_the_prevalence()
    {
        // Train: 1 positive in 500 (p = 0.002); validation: 2 positives in 1000.
        var train = new double[500];
        train[7] = 1;
        var val = new double[1000];
        val[3] = val[900] = 1;
        var b = Baselines.Fit(MetricTask.Binary, train);
        Assert.Equal(0.002, b.Predictors.Single().Row[0], 15);
        var s = b.Evaluate(val, Specs("accuracy", "roc_auc", "pr_auc", "f1", "recall"), new MetricOptions { Task = MetricTask.Binary },
            loss: MetricRegistry.Resolve("log_loss")).Single();
        Assert.Equal("prior", s.Predictor);
        Assert.Equal(0.998, s.Values["accuracy"], 12);        // all negative: 998 of 1000 right
        Assert.Equal(0.5, s.Values["roc_auc"], 12);           // every score tied
        Assert.Equal(0.002, s.Values["average_precision"], 12); // one threshold: precision = prevalence, recall 1
        Assert.Equal(0, s.Values["f1"]);
        Assert.Equal(0, s.Values["recall"]);
        // BCE of the class balance: −(0.002·ln 0.002 + 0.998·ln 0.998) = 0.014430…
        double bce = -(0.002 * Math.Log(0.002) + 0.998 * Math.Log(0.998));
        Assert.Equal(bce, s.Values["loss"], 12);
        Assert.Equal(bce, Baselines.PriorLoss([s]), 12);
    }

    [Fact]
    public void Multiclass_prior_is_the_class_shares_and_its_argmax_the_majority()
    {
        var b = Baselines.Fit(MetricTask.Multiclass, [0, 0, 1, 2], columns: 3);
        Assert.Equal([0.5, 0.25, 0.25], b.Predictors.Single().Row);
        var s = b.Evaluate([0, 1, 2, 0], Specs("accuracy", "log_loss"), new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 3 }).Single();
        Assert.Equal(0.5, s.Values["accuracy"], 12);
        Assert.Equal((2 * Math.Log(2) + 2 * Math.Log(4)) / 4, s.Values["log_loss"], 12);
        Assert.False(s.Values.ContainsKey("loss"));
    }

    [Fact]
    public void Regression_has_a_mean_and_a_median_predictor_and_the_prior_loss_is_the_better_one()
    {
        // Train 1, 2, 3, 10: mean 4, median 2.5. Validation 2, 4.
        var b = Baselines.Fit(MetricTask.Regression, [1, 2, 3, 10]);
        Assert.Equal(["mean", "median"], b.Predictors.Select(p => p.Name));
        var s = b.Evaluate([2, 4], Specs("mae", "mse"), new MetricOptions { Task = MetricTask.Regression }, loss: MetricRegistry.Resolve("mse"));
        Assert.Equal(1, s[0].Values["mae"], 12);     // |2−4|, |4−4|
        Assert.Equal(2, s[0].Values["mse"], 12);     // (4 + 0) / 2
        Assert.Equal(1, s[1].Values["mae"], 12);     // 0.5, 1.5
        Assert.Equal(1.25, s[1].Values["mse"], 12);  // (0.25 + 2.25) / 2
        Assert.Equal(1.25, Baselines.PriorLoss(s), 12);
    }

    [Fact]
    public void Multilabel_prior_is_each_labels_prevalence()
    {
        // Two labels, 4 rows: label 0 positive in 1 row, label 1 in 3.
        var b = Baselines.Fit(MetricTask.Multilabel, [1, 1, 0, 1, 0, 1, 0, 0], columns: 2);
        Assert.Equal([0.25, 0.75], b.Predictors.Single().Row);
    }

    [Fact]
    public void Skill_is_one_minus_the_loss_over_the_priors()
    {
        Assert.Equal(0.5, Baselines.Skill(0.028, 0.056), 12);
        Assert.Equal(0, Baselines.Skill(0.056, 0.056), 12);
        Assert.Equal(-1, Baselines.Skill(0.112, 0.056), 12);
        Assert.True(double.IsNaN(Baselines.Skill(0.1, 0)));
    }

    [Fact]
    public void Bad_targets_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Baselines.Fit(MetricTask.Binary, [0, 2]));
        Assert.Throws<ArgumentException>(() => Baselines.Fit(MetricTask.Multiclass, [0, 3], columns: 3));
        Assert.Throws<ArgumentException>(() => Baselines.Fit(MetricTask.Binary, []));
    }
}
