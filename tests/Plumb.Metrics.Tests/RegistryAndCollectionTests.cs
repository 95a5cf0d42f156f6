namespace Plumb.Metrics.Tests;

public sealed class RegistryAndCollectionTests
{
    [Theory]
    [InlineData("acc", "accuracy")]
    [InlineData("f1_score", "f1")]
    [InlineData("mean_squared_error", "mse")]
    [InlineData("mean_absolute_error", "mae")]
    [InlineData("kappa", "cohen_kappa")]
    [InlineData("matthews_corrcoef", "mcc")]
    [InlineData("r2_score", "r2")]
    [InlineData("Balanced-Accuracy", "balanced_accuracy")]
    [InlineData("mean_pinball_loss", "pinball")]
    [InlineData("mean_tweedie_deviance", "tweedie_deviance")]
    [InlineData("top_k_accuracy_score", "top_k_accuracy")]
    public void AliasesResolve(string alias, string canonical)
    {
        Assert.Equal(canonical, MetricRegistry.Resolve(alias).Name);
        Assert.Equal(canonical, MetricRegistry.Find(alias)!.Name);
        Assert.Equal(canonical == "accuracy" ? "accuracy" : canonical, MetricRegistry.Create(alias).Name);
    }

    [Fact]
    public void EveryMetricOfPartAIsRegisteredWithItsDirection()
    {
        (string Name, MetricDirection Direction)[] expected =
        [
            ("accuracy", MetricDirection.HigherIsBetter), ("balanced_accuracy", MetricDirection.HigherIsBetter),
            ("precision", MetricDirection.HigherIsBetter), ("recall", MetricDirection.HigherIsBetter), ("f1", MetricDirection.HigherIsBetter),
            ("fbeta(beta=2)", MetricDirection.HigherIsBetter), ("specificity", MetricDirection.HigherIsBetter), ("npv", MetricDirection.HigherIsBetter),
            ("jaccard", MetricDirection.HigherIsBetter), ("mcc", MetricDirection.HigherIsBetter), ("cohen_kappa", MetricDirection.HigherIsBetter),
            ("hamming_loss", MetricDirection.LowerIsBetter), ("confusion_matrix", MetricDirection.None), ("classification_report", MetricDirection.None),
            ("top_k_accuracy(k=3)", MetricDirection.HigherIsBetter),
            ("mse", MetricDirection.LowerIsBetter), ("rmse", MetricDirection.LowerIsBetter), ("mae", MetricDirection.LowerIsBetter),
            ("r2", MetricDirection.HigherIsBetter), ("explained_variance", MetricDirection.HigherIsBetter), ("max_error", MetricDirection.LowerIsBetter),
            ("median_absolute_error", MetricDirection.LowerIsBetter), ("mape", MetricDirection.LowerIsBetter), ("msle", MetricDirection.LowerIsBetter),
            ("pinball(alpha=0.9)", MetricDirection.LowerIsBetter), ("poisson_deviance", MetricDirection.LowerIsBetter),
            ("gamma_deviance", MetricDirection.LowerIsBetter), ("tweedie_deviance(power=1.5)", MetricDirection.LowerIsBetter),
            ("d2_absolute_error", MetricDirection.HigherIsBetter),
        ];
        foreach (var (spec, dir) in expected)
        {
            var m = MetricRegistry.Create(spec);
            Assert.Equal(dir, m.Direction);
            Assert.IsAssignableFrom<IMergeableMetric>(m);
        }
    }

    [Fact]
    public void ArgumentsAreParsed()
    {
        Assert.Equal(2.0, Assert.IsType<FBeta>(MetricRegistry.Create("fbeta(beta=2)")).Beta);
        Assert.Equal(3, Assert.IsType<TopKAccuracy>(MetricRegistry.Create("top_k_accuracy(k=3)")).K);
        Assert.Equal(0.9, Assert.IsType<PinballLoss>(MetricRegistry.Create("pinball(alpha=0.9)")).Alpha);
        Assert.Equal(1.5, Assert.IsType<TweedieDeviance>(MetricRegistry.Create("tweedie_deviance(power=1.5)")).Power);
        var mc = new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Weighted };
        Assert.Equal(Average.Macro, Assert.IsType<F1>(MetricRegistry.Create("f1(average=macro)", mc)).Average);
        Assert.Equal(Average.Weighted, Assert.IsType<F1>(MetricRegistry.Create("f1", mc)).Average);
        Assert.Equal(Average.Binary, Assert.IsType<F1>(MetricRegistry.Create("f1")).Average);
        Assert.Equal(0.3, Assert.IsType<Precision>(MetricRegistry.Create("precision(threshold=0.3)")).Options.Threshold);
        Assert.Equal(1.0, Assert.IsType<Recall>(MetricRegistry.Create("recall(zero_division=1)")).Options.ZeroDivision);
        // quadratic κ on [0, 1, 2] vs predicted [0, 2, 2] is 0.8 (worked in LabelMetricsHandTests)
        var k = (LabelMetric)MetricRegistry.Create("cohen_kappa(weights=quadratic)", new MetricOptions { Task = MetricTask.Multiclass });
        Assert.Equal(0.8, (double)k.Evaluate(new MetricBatch([0, 1, 2], [0, 2, 2])), 15);
    }

    [Theory]
    [InlineData("fbeta", "beta")]
    [InlineData("fbeta(beta=x)", "not a number")]
    [InlineData("f1(average=mean)", "average='mean'")]
    [InlineData("f1(bta=2)", "unknown argument 'bta'")]
    [InlineData("max_error(alpha=1)", "takes no argument")]
    [InlineData("cohen_kappa(weights=cubic)", "cubic")]
    [InlineData("top_k_accuracy(k=1.5)", "k=1.5")]
    [InlineData("f1_scor", "did you mean 'f1_score'")]
    [InlineData("mean_squared_eror", "did you mean 'mean_squared_error'")]
    public void BadSpecsAreExplained(string spec, string fragment) =>
        Assert.Contains(fragment, Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create(spec)).Message);

    [Fact]
    public void CollectionSharesOneConfusionMatrix()
    {
        var o = new MetricOptions { Task = MetricTask.Multiclass };
        var c = new MetricCollection(["accuracy", "f1(average=macro)", "precision(average=none)", "mcc", "confusion_matrix", "top_k_accuracy(k=2)", "f1(threshold=0.3)"], o);
        Assert.Equal(1, c.SharedStates); // the threshold does not change an argmax decoding: one matrix for all six
        // predicted labels by argmax: [0, 1, 2] for targets [0, 2, 2] (worked in LabelMetricsHandTests)
        double[] scores = [0.4, 0.4, 0.2, 0.1, 0.5, 0.5, 0.1, 0.2, 0.7];
        c.Update(new MetricBatch([0, 2], scores.AsSpan(0, 6), 3));
        c.Update(new MetricBatch([2], scores.AsSpan(6, 3), 3));
        var v = c.Compute();
        Assert.Equal(["accuracy", "f1_macro", "precision_none", "mcc", "confusion_matrix", "top_k_accuracy_k2", "f1_threshold0.3"], v.Keys);
        Assert.Equal(2.0 / 3, (double)v["accuracy"], 15);
        Assert.Equal((1 + 0 + 2.0 / 3) / 3, (double)v["f1(average=macro)"], 15);
        Assert.Equal([1.0, 0.0, 1.0], (double[])v["precision(average=none)"]);
        Assert.Equal([[1.0, 0, 0], [0, 0, 0], [0, 1, 1]], (double[][])v["confusion_matrix"]);

        // merge two halves, through bytes, equals the one pass
        var a = new MetricCollection(c.Specs, o);
        var b = new MetricCollection(c.Specs, o);
        a.Update(new MetricBatch([0, 2], scores.AsSpan(0, 6), 3));
        b.Update(new MetricBatch([2], scores.AsSpan(6, 3), 3));
        var b2 = new MetricCollection(c.Specs, o);
        b2.LoadState(b.SaveState());
        a.Merge(b2);
        Assert.Equal(Flat.Of(v), Flat.Of(a.Compute()));
        c.Reset();
        Assert.True(double.IsNaN((double)c.Compute()["accuracy"]));
    }

    [Fact]
    public void CollectionRejectsDuplicates() =>
        Assert.Throws<ArgumentException>(() => new MetricCollection(["f1", "f1"]));
}
