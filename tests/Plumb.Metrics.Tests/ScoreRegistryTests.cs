using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

public class ScoreRegistryTests
{
    [Theory]
    [InlineData("auc", "roc_auc", typeof(RocAuc))]
    [InlineData("roc_auc(multi_class=ovr)", "roc_auc", typeof(RocAuc))]
    [InlineData("pr_auc", "average_precision", typeof(AveragePrecision))]
    [InlineData("ap", "average_precision", typeof(AveragePrecision))]
    [InlineData("roc_auc(bins=200)", "roc_auc", typeof(BinnedRanking))]
    [InlineData("average_precision(bins=200)", "average_precision", typeof(BinnedRanking))]
    [InlineData("logloss", "log_loss", typeof(LogLoss))]
    [InlineData("cross_entropy", "log_loss", typeof(LogLoss))]
    [InlineData("brier_score", "brier", typeof(Brier))]
    [InlineData("roc_curve", "roc_curve", typeof(RocCurve))]
    [InlineData("precision_recall_curve", "pr_curve", typeof(PrCurve))]
    [InlineData("precision_at_recall(r=0.9)", "precision_at_recall", typeof(OperatingPoint))]
    [InlineData("recall_at_precision(p=0.8)", "recall_at_precision", typeof(OperatingPoint))]
    [InlineData("calibration(bins=15)", "calibration", typeof(Calibration))]
    [InlineData("ece(bins=15)", "ece", typeof(Calibration))]
    public void Specs_and_aliases_create_score_metrics(string spec, string name, Type type)
    {
        var m = MetricRegistry.Create(spec);
        Assert.IsType(type, m);
        Assert.Equal(name, m.Name);
    }

    [Fact]
    public void Directions_are_declared()
    {
        Assert.Equal(MetricDirection.HigherIsBetter, MetricRegistry.Create("auc").Direction);
        Assert.Equal(MetricDirection.LowerIsBetter, MetricRegistry.Create("log_loss").Direction);
        Assert.Equal(MetricDirection.LowerIsBetter, MetricRegistry.Create("brier").Direction);
        Assert.Equal(MetricDirection.LowerIsBetter, MetricRegistry.Create("ece").Direction);
        Assert.Equal(MetricDirection.None, MetricRegistry.Create("roc_curve").Direction);
    }

    [Theory]
    [InlineData("roc_auc(foo=1)", "foo")]
    [InlineData("roc_auc(multi_class=ovx)", "ovx")]
    [InlineData("precision_at_recall", "r")]
    [InlineData("precision_at_recall(r=1.5)", "1.5")]
    [InlineData("ece(bins=0)", "bins")]
    [InlineData("roc_auc(bins=2.5)", "bins")]
    [InlineData("log_loss(normalize=maybe)", "normalize")]
    [InlineData("roc_aux", "roc_auc")]
    public void Bad_specs_are_argument_errors_naming_the_problem(string spec, string mention)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create(spec));
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Binned_mode_is_binary_only() =>
        Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create("roc_auc(bins=10)", new MetricOptions { Task = MetricTask.Multiclass }));

    [Fact]
    public void Ovo_has_no_per_class_or_micro_average() =>
        Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create("roc_auc(multi_class=ovo)", new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Micro }));
}
