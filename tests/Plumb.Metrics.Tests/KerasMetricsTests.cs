using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>
/// Keras' metric names and options. Reference values are the examples in Keras 3's docstrings (keras/src/metrics:
/// accuracy_metrics.py, iou_metrics.py — BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
/// TopKCategoricalAccuracy(k=1), SparseTopKCategoricalAccuracy(k=1), MeanIoU, IoU, BinaryIoU), checked by hand
/// (confusion matrices in the comments); Keras itself is not installed here.
/// </summary>
public class KerasMetricsTests
{
    private static readonly MetricOptions Multiclass = new() { Task = MetricTask.Multiclass };

    private static double Value(string spec, MetricOptions options, double[] target, double[] score, int columns = 1, double[]? weight = null)
    {
        var m = MetricRegistry.Create(spec, options);
        m.Update(new MetricBatch(target, score, columns, weight ?? default(ReadOnlySpan<double>)));
        return m.Compute();
    }

    [Fact]
    public void Binary_accuracy_matches_keras_and_counts_label_cells_on_multilabel_data()
    {
        var binary = new MetricOptions { Task = MetricTask.Binary };
        Assert.Equal(0.75, Value("binary_accuracy", binary, [1, 1, 0, 0], [0.98, 1, 0, 0.6]), 12);
        Assert.Equal(0.5, Value("binary_accuracy", binary, [1, 1, 0, 0], [0.98, 1, 0, 0.6], weight: [1, 0, 0, 1]), 12);
        // Hand: y = [[1, 0], [1, 1]], ŷ = [[1, 1], [0, 1]] → 2 of 4 cells right (subset accuracy would be 0).
        var multilabel = new MetricOptions { Task = MetricTask.Multilabel };
        Assert.Equal(0.5, Value("binary_accuracy", multilabel, [1, 0, 1, 1], [0.7, 0.6, 0.2, 0.9], 2), 12);
        Assert.Equal(0.0, Value("accuracy", multilabel, [1, 0, 1, 1], [0.7, 0.6, 0.2, 0.9], 2), 12);
    }

    [Theory]
    [InlineData("categorical_accuracy", true)]
    [InlineData("sparse_categorical_accuracy", false)]
    [InlineData("top_k_categorical_accuracy(k=1)", true)]
    [InlineData("sparse_top_k_categorical_accuracy(k=1)", false)]
    public void Categorical_accuracies_match_keras(string spec, bool oneHot)
    {
        double[] scores = [0.1, 0.9, 0.8, 0.05, 0.95, 0];
        double[] target = oneHot ? [0, 0, 1, 0, 1, 0] : [2, 1];
        Assert.Equal(0.5, Value(spec, Multiclass, target, scores, 3), 12);
        Assert.Equal(0.3, Value(spec, Multiclass, target, scores, 3, [0.7, 0.3]), 12);
    }

    [Fact]
    public void Top_k_categorical_accuracies_take_one_hot_or_index_targets()
    {
        double[] scores = [0.1, 0.9, 0.8, 0.05, 0.95, 0];
        Assert.Equal(1.0, Value("top_k_categorical_accuracy", Multiclass, [0, 0, 1, 0, 1, 0], scores, 3), 12); // k = 5 by default (Keras)
        // top_k_accuracy itself now accepts one-hot rows too; a row with two ones is refused.
        Assert.Equal(0.5, Value("top_k_accuracy", Multiclass, [0, 0, 1, 0, 1, 0], scores, 3), 12);
        var e = Assert.Throws<ArgumentException>(() => Value("top_k_accuracy", Multiclass, [0, 1, 1, 0, 1, 0], scores, 3));
        Assert.Contains("index 0", e.Message);
    }

    [Fact]
    public void Mean_iou_averages_over_classes_present_and_num_classes_only_validates()
    {
        // cm = [[1, 1], [1, 1]] → IoU = [1/3, 1/3].
        Assert.Equal(1.0 / 3, Value("mean_iou(num_classes=2)", Multiclass, [0, 0, 1, 1], [0, 1, 0, 1]), 12);
        // cm = [[0.3, 0.3], [0.3, 0.1]] → IoU = [0.3/0.9, 0.1/0.7], mean 0.23809524 (Keras' MeanIoU example).
        Assert.Equal((0.3 / 0.9 + 0.1 / 0.7) / 2, Value("mean_iou(num_classes=2)", Multiclass, [0, 0, 1, 1], [0, 1, 0, 1], weight: [0.3, 0.3, 0.3, 0.1]), 12);
        // IoU(num_classes=2, target_class_ids=[0]) → 0.33333334 for both weightings.
        Assert.Equal(1.0 / 3, Value("one_hot_iou(num_classes=2, target_class_ids=[0])", Multiclass, [0, 0, 1, 1], [0, 1, 0, 1], weight: [0.3, 0.3, 0.3, 0.1]), 12);
        // Keras averages over classes with a non-zero denominator: K = 4 declared, classes 2 and 3 never appear.
        Assert.Equal(1.0 / 3, Value("mean_iou(num_classes=4)", Multiclass, [0, 0, 1, 1], [0, 1, 0, 1]), 12);
        // jaccard(average=macro) with NumClasses declared averages over all four (absent ones score 0), as scikit-learn's labels=.
        Assert.Equal(1.0 / 6, Value("jaccard(average=macro)", Multiclass with { NumClasses = 4 }, [0, 0, 1, 1], [0, 1, 0, 1]), 12);
        Assert.ThrowsAny<ArgumentException>(() => Value("mean_iou(num_classes=2)", Multiclass, [0, 2], [0, 1]));
        // one_hot_mean_iou: one-hot targets, score rows (argmax): rows → predicted [1, 1], true [2, 1] → IoU_1 = 1/2, IoU_2 = 0.
        Assert.Equal(0.25, Value("one_hot_mean_iou(num_classes=3)", Multiclass, [0, 0, 1, 0, 1, 0], [0.1, 0.9, 0.8, 0.05, 0.95, 0], 3), 12);
    }

    [Fact]
    public void Cosine_similarity_metric_matches_keras()
    {
        var regression = new MetricOptions { Task = MetricTask.Regression };
        // Keras' CosineSimilarity example: rows ([0, 1], [1, 0]) → 0 and ([1, 1], [1, 1]) → 1; mean 0.5; weights [0.3, 0.7] → 0.7.
        Assert.Equal(0.5, Value("cosine_similarity", regression, [0, 1, 1, 1], [1, 0, 1, 1], 2), 12);
        Assert.Equal(0.7, Value("cosine_similarity", regression, [0, 1, 1, 1], [1, 0, 1, 1], 2, [0.3, 0.7]), 12);
        Assert.Equal(0.0, Value("cosine_similarity", regression, [0, 0], [1, 2], 2), 12); // a zero row scores 0 (Keras' l2_normalize)
        Assert.Equal(MetricDirection.HigherIsBetter, MetricRegistry.Find("cosine_similarity")!.Direction);
    }

    [Fact]
    public void Sensitivity_at_specificity_and_back_match_keras()
    {
        var binary = new MetricOptions { Task = MetricTask.Binary };
        double[] y = [0, 0, 0, 1, 1], s = [0, 0.3, 0.8, 0.3, 0.8];
        // Keras' SensitivityAtSpecificity(0.5) example: 0.5; weights [1, 1, 2, 2, 1] → 0.333333 (threshold 0.8: TPR 1/3, specificity 2/4).
        Assert.Equal(0.5, Value("sensitivity_at_specificity(specificity=0.5)", binary, y, s), 12);
        Assert.Equal(1.0 / 3, Value("sensitivity_at_specificity(specificity=0.5)", binary, y, s, weight: [1, 1, 2, 2, 1]), 12);
        // Keras' SpecificityAtSensitivity(0.5) example: 0.66666667; weights [1, 1, 2, 2, 2] → 0.5.
        Assert.Equal(2.0 / 3, Value("specificity_at_sensitivity(sensitivity=0.5)", binary, y, s), 12);
        Assert.Equal(0.5, Value("specificity_at_sensitivity(sensitivity=0.5)", binary, y, s, weight: [1, 1, 2, 2, 2]), 12);
    }

    [Fact]
    public void Precision_and_recall_of_one_class_id()
    {
        // Hand: multilabel y = [[1,0,1],[0,1,1],[1,1,0]], ŷ (≥ 0.5) = [[1,0,0],[1,1,1],[0,1,0]].
        var multilabel = new MetricOptions { Task = MetricTask.Multilabel };
        double[] y = [1, 0, 1, 0, 1, 1, 1, 1, 0], sc = [0.9, 0.2, 0.4, 0.6, 0.7, 0.8, 0.3, 0.9, 0.1];
        Assert.Equal(0.5, Value("precision(class_id=0)", multilabel, y, sc, 3), 12);  // tp 1, fp 1
        Assert.Equal(1.0, Value("precision(class_id=2)", multilabel, y, sc, 3), 12);  // tp 1, fp 0
        Assert.Equal(0.5, Value("recall(class_id=2)", multilabel, y, sc, 3), 12);     // tp 1, fn 1
        // Multiclass y = [0, 2, 1, 2], argmax = [0, 2, 0, 1].
        double[] yc = [0, 2, 1, 2], sm = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.5, 0.4, 0.1, 0.2, 0.5, 0.3];
        Assert.Equal(0.5, Value("precision(class_id=0)", Multiclass, yc, sm, 3), 12);
        Assert.Equal(1.0, Value("recall(class_id=0)", Multiclass, yc, sm, 3), 12);
        Assert.Equal(0.5, Value("recall(class_id=2)", Multiclass, yc, sm, 3), 12);
        Assert.ThrowsAny<ArgumentException>(() => Value("recall(class_id=5)", Multiclass, yc, sm, 3));
    }

    [Fact]
    public void Adjusted_r2_matches_keras()
    {
        var regression = new MetricOptions { Task = MetricTask.Regression };
        // Keras' R2Score example: y = [1, 4, 3], ŷ = [2, 4, 4] → 0.57142854 (= 1 − 2 / (42/9), by hand).
        Assert.Equal(4.0 / 7, Value("r2", regression, [1, 4, 3], [2, 4, 4]), 12);
        // Adjusted, p = 1: 1 − (3/7)·(3 − 1)/(3 − 1 − 1) = 1/7; p = 2 leaves no degree of freedom.
        Assert.Equal(1.0 / 7, Value("r2(num_regressors=1)", regression, [1, 4, 3], [2, 4, 4]), 12);
        Assert.True(double.IsNaN(Value("r2(num_regressors=2)", regression, [1, 4, 3], [2, 4, 4])));
    }

    [Fact]
    public void Binary_iou_matches_keras()
    {
        var binary = new MetricOptions { Task = MetricTask.Binary };
        Assert.Equal(1.0 / 3, Value("binary_iou(threshold=0.3)", binary, [0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7]), 12);
        // cm = [[0.2, 0.4], [0.3, 0.1]] → IoU = [0.2/0.9, 0.1/0.8], mean 0.17361112.
        Assert.Equal((0.2 / 0.9 + 0.1 / 0.8) / 2, Value("binary_iou(threshold=0.3)", binary, [0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], weight: [0.2, 0.3, 0.4, 0.1]), 12);
        Assert.Equal(0.1 / 0.8, Value("binary_iou(threshold=0.3, target_class_ids=[1])", binary, [0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], weight: [0.2, 0.3, 0.4, 0.1]), 12);
        Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create("binary_iou(target_class_ids=[2])", binary));
    }

    [Fact]
    public void Keras_r2_class_aggregation_is_scikit_learns_multioutput()
    {
        var keras = MetricRegistry.Resolve("r2(class_aggregation=variance_weighted)");
        Assert.Equal(MetricRegistry.Resolve("r2(multioutput=variance_weighted)").Canonical, keras.Canonical);
        Assert.Equal("output", MetricRegistry.Resolve("r2_score(class_aggregation=raw_values)").ArrayOf);
    }
}
