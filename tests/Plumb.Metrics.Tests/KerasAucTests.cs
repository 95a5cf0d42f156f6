using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>
/// Keras 3's AUC (<c>keras_auc</c>) and element-wise Precision/Recall (<c>thresholds</c>, <c>top_k</c>). Reference
/// values: Keras' docstring examples, hand-worked cases, and Reference/keras_auc_reference.py — a numpy transcription
/// of keras/src/metrics/confusion_metrics.py and metrics_utils.py (Keras is not installed here), run with
/// /usr/bin/python3 (numpy 1.x); its output lines are quoted next to each value.
/// </summary>
public class KerasAucTests
{
    private static readonly double[] BinaryY = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
    private static readonly double[] BinaryS = [0.1, 0.35, 0.8, 0.5, 0.65, 0.2, 0.9, 0.55, 0.5, 0.05, 0.3, 0.75];
    private static readonly double[] BinaryW = [1.0, 0.5, 2.0, 1.5, 1.0, 0.25, 1.0, 3.0, 0.5, 1.0, 2.0, 0.75];

    private static readonly double[] MultiY = [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0];
    private static readonly double[] MultiS =
        [0.9, 0.2, 0.6, 0.3, 0.4, 0.7, 0.6, 0.8, 0.1, 0.45, 0.55, 0.35, 0.7, 0.1, 0.2, 0.2, 0.6, 0.9, 0.4, 0.3, 0.5, 0.1, 0.5, 0.45];

    private static readonly MetricOptions Multilabel = new() { Task = MetricTask.Multilabel };

    private static object Value(string spec, double[] target, double[] score, int columns = 1, double[]? weight = null, MetricOptions? options = null)
    {
        var m = (IStreamingMetric)MetricRegistry.Create(spec, options ?? new MetricOptions());
        m.Update(new MetricBatch(target, score, columns, weight ?? default(ReadOnlySpan<double>)));
        return m is IStructuredMetric s ? s.ComputeStructured() : m.Compute();
    }

    private static double Number(string spec, double[] target, double[] score, int columns = 1, double[]? weight = null, MetricOptions? options = null) =>
        (double)Value(spec, target, score, columns, weight, options);

    [Fact]
    public void Docstring_examples_and_hand_worked_three_threshold_cases()
    {
        double[] y = [0, 0, 1, 1], s = [0, 0.5, 0.3, 0.9];
        // keras.metrics.AUC(num_thresholds=3) docstring: 0.75, and 1.0 with sample_weight=[1, 0, 0, 1].
        Assert.Equal(0.75, Number("keras_auc(num_thresholds=3)", y, s), 15);
        Assert.Equal(1.0, Number("keras_auc(num_thresholds=3)", y, s, weight: [1, 0, 0, 1]), 15);
        // Hand: thresholds −1e−7, 0.5, 1+1e−7 → TPR [1, ½, 0], FPR [1, 0, 0], precision [½, 1, 0], recall [1, ½, 0].
        Assert.Equal(0.5, Number("keras_auc(num_thresholds=3, summation_method=minoring)", y, s), 15);   // 1·min(1, ½)
        Assert.Equal(1.0, Number("keras_auc(num_thresholds=3, summation_method=majoring)", y, s), 15);   // 1·max(1, ½)
        Assert.Equal(0.25, Number("keras_auc(num_thresholds=3, curve=pr, summation_method=minoring)", y, s), 15); // ½·min(½, 1) + ½·min(1, 0)
        Assert.Equal(1.0, Number("keras_auc(num_thresholds=3, curve=pr, summation_method=majoring)", y, s), 15);
        // Davis–Goadrich: interval 1: ΔTP 1, P 4 → 1, slope ⅓, intercept ⅔: ⅓(1 + ⅔ ln 4)/2; interval 2: P 1 → 0, slope 1: 1·1/2.
        Assert.Equal((1 + 2.0 / 3 * Math.Log(4)) / 6 + 0.5, Number("keras_auc(num_thresholds=3, curve=pr)", y, s), 15);
    }

    [Fact]
    public void From_logits_applies_a_sigmoid_first()
    {
        // Hand: σ of these logits is ≈ 0 (9e−14), 0.5 exactly, 0.3 and 0.9 — the docstring's scores on the same sides of
        // the thresholds −1e−7, 0.5, 1 + 1e−7 — so the value is the docstring's 0.75.
        double[] logits = [-30, 0, Math.Log(0.3 / 0.7), Math.Log(9)];
        Assert.Equal(0.75, Number("keras_auc(num_thresholds=3, from_logits=true)", [0, 0, 1, 1], logits), 15);
    }

    [Theory]
    // keras_auc_reference.py "binary nt=… thr=… CURVE METHOD: unweighted weighted"
    [InlineData("keras_auc", 0.625, 0.6287878787878788)]
    [InlineData("keras_auc(summation_method=minoring)", 0.6111111111111112, 0.6212121212121212)]
    [InlineData("keras_auc(summation_method=majoring)", 0.6388888888888888, 0.6363636363636364)]
    [InlineData("keras_auc(curve=pr)", 0.5192293910367765, 0.6385909865298625)]
    [InlineData("keras_auc(curve=pr, summation_method=minoring)", 0.43353174603174605, 0.4956211667379832)]
    [InlineData("keras_auc(curve=pr, summation_method=majoring)", 0.5819444444444444, 0.7206045410880866)]
    [InlineData("keras_auc(num_thresholds=7)", 0.6111111111111112, 0.6161616161616161)]
    [InlineData("keras_auc(num_thresholds=7, summation_method=minoring)", 0.5555555555555556, 0.5808080808080808)]
    [InlineData("keras_auc(num_thresholds=7, summation_method=majoring)", 0.6666666666666667, 0.6515151515151515)]
    [InlineData("keras_auc(num_thresholds=7, curve=pr)", 0.5073592563913222, 0.62385995867652)]
    [InlineData("keras_auc(num_thresholds=7, curve=pr, summation_method=minoring)", 0.4111111111111111, 0.4646793134598013)]
    [InlineData("keras_auc(num_thresholds=7, curve=pr, summation_method=majoring)", 0.5680555555555555, 0.7086260454002389)]
    [InlineData("keras_auc(thresholds=[0.75|0.25|0.5])", 0.6944444444444444, 0.7171717171717171)]
    [InlineData("keras_auc(thresholds=[0.25|0.5|0.75], summation_method=minoring)", 0.6111111111111112, 0.6212121212121211)]
    [InlineData("keras_auc(thresholds=[0.25|0.5|0.75], summation_method=majoring)", 0.7777777777777779, 0.8131313131313133)]
    [InlineData("keras_auc(thresholds=[0.25|0.5|0.75], curve=pr)", 0.591513861947865, 0.7261623314944803)]
    [InlineData("keras_auc(thresholds=[0.25|0.5|0.75], curve=pr, summation_method=minoring)", 0.4666666666666667, 0.5411942554799698)]
    [InlineData("keras_auc(thresholds=[0.25|0.5|0.75], curve=pr, summation_method=majoring)", 0.6166666666666667, 0.7502986857825568)]
    public void Binary_values_match_the_keras_transcription(string spec, double unweighted, double weighted)
    {
        Assert.Equal(unweighted, Number(spec, BinaryY, BinaryS), 12);
        Assert.Equal(weighted, Number(spec, BinaryY, BinaryS, weight: BinaryW), 12);
    }

    [Theory]
    // keras_auc_reference.py "multi ROC|PR: flat flat_lw ml ml_lw"
    [InlineData("keras_auc", 0.9720279720279721)]
    [InlineData("keras_auc(label_weights=[1|2|0.5])", 0.9739583333333333)]
    [InlineData("keras_auc(multi_label=true)", 0.9791666666666666)]
    [InlineData("keras_auc(multi_label=true, label_weights=[1|2|0.5])", 0.9821428571428571)]
    [InlineData("keras_auc(curve=pr)", 0.972903231014638)]
    [InlineData("keras_auc(curve=pr, label_weights=[1|2|0.5])", 0.9732241359195466)]
    [InlineData("keras_auc(curve=pr, multi_label=true)", 0.9814047040571493)]
    [InlineData("keras_auc(curve=pr, multi_label=true, label_weights=[1|2|0.5])", 0.984061174906128)]
    public void Multilabel_flattened_or_per_label_match_the_keras_transcription(string spec, double expected) =>
        Assert.Equal(expected, Number(spec, MultiY, MultiS, 3, options: Multilabel), 12);

    [Fact]
    public void Streaming_merge_and_saved_state_equal_one_pass()
    {
        foreach (string spec in new[] { "keras_auc(curve=pr)", "keras_auc(multi_label=true, label_weights=[1|2|0.5])", "precision(thresholds=[0.3|0.5|0.7])", "recall(top_k=2)" })
        {
            var one = (IMergeableMetric)MetricRegistry.Create(spec, Multilabel);
            one.Update(new MetricBatch(MultiY, MultiS, 3));
            var a = (IMergeableMetric)MetricRegistry.Create(spec, Multilabel);
            var b = (IMergeableMetric)MetricRegistry.Create(spec, Multilabel);
            var c = (IMergeableMetric)MetricRegistry.Create(spec, Multilabel);
            a.Update(new MetricBatch(MultiY.AsSpan(0, 9), MultiS.AsSpan(0, 9), 3));
            a.Update(new MetricBatch(MultiY.AsSpan(9, 6), MultiS.AsSpan(9, 6), 3));
            b.Update(new MetricBatch(MultiY.AsSpan(15), MultiS.AsSpan(15), 3));
            c.LoadState(b.SaveState());
            a.Merge(c);
            Assert.Equal(Result(one), Result(a));
        }

        static object Result(IStreamingMetric m) => m is IStructuredMetric s ? s.ComputeStructured() : m.Compute();
    }

    [Fact]
    public void Keras_precision_and_recall_docstrings()
    {
        // keras.metrics.Precision docstring: 0.6666667; top_k=2 → 0.0; top_k=4 → 0.5.
        Assert.Equal(2.0 / 3, Number("precision(thresholds=[0.5])", [0, 1, 1, 1], [1, 0, 1, 1]), 15);
        Assert.Equal(1.0, Number("precision(thresholds=[0.5])", [0, 1, 1, 1], [1, 0, 1, 1], weight: [0, 0, 1, 0]), 15);
        Assert.Equal(0.0, Number("precision(top_k=2)", [0, 0, 1, 1], [1, 1, 1, 1], 4, options: Multilabel), 15);
        Assert.Equal(0.5, Number("precision(top_k=4)", [0, 0, 1, 1], [1, 1, 1, 1], 4, options: Multilabel), 15);
        // Hand: a threshold equal to a score is not exceeded (Keras: >), unlike Plumb's precision (≥).
        Assert.Equal(0.0, Number("recall(thresholds=[0.5])", [1], [0.5]), 15);
        Assert.Equal(1.0, Number("recall", [1], [0.5]), 15);
    }

    [Fact]
    public void Thresholds_lists_top_k_and_class_id_match_the_keras_transcription()
    {
        // keras_auc_reference.py "pr thresholds": precision [0.6875 1 1], recall [1 0.8181818181818182 0.2727272727272727]
        Assert.Equal([0.6875, 1, 1], (double[])Value("precision(thresholds=[0.3|0.5|0.7])", MultiY, MultiS, 3, options: Multilabel));
        AssertClose([1, 0.8181818181818182, 0.2727272727272727], Value("recall(thresholds=[0.3|0.5|0.7])", MultiY, MultiS, 3, options: Multilabel));
        // "pr top_k=1": 0.875, 0.6363636363636364
        Assert.Equal(0.875, Number("precision(top_k=1)", MultiY, MultiS, 3, options: Multilabel), 15);
        Assert.Equal(0.6363636363636364, Number("recall(top_k=1)", MultiY, MultiS, 3, options: Multilabel), 15);
        // "pr top_k=2 thresholds": [0.7333333333333333 1], [1 0.8181818181818182]
        AssertClose([0.7333333333333333, 1], Value("precision(top_k=2, thresholds=[0.3|0.5])", MultiY, MultiS, 3, options: Multilabel));
        AssertClose([1, 0.8181818181818182], Value("recall(top_k=2, thresholds=[0.3|0.5])", MultiY, MultiS, 3, options: Multilabel));
        // "pr top_k=2 class_id=2": 0.6666666666666666, 1
        Assert.Equal(0.6666666666666666, Number("precision(top_k=2, class_id=2)", MultiY, MultiS, 3, options: Multilabel), 15);
        Assert.Equal(1.0, Number("recall(top_k=2, class_id=2)", MultiY, MultiS, 3, options: Multilabel), 15);
        // "pr weighted thresholds": [0.48717948717948717 1 1], [1 0.7894736842105263 0.15789473684210525]
        double[] w = [1, 2, 0.5, 1, 1.5, 0, 1, 3];
        AssertClose([0.48717948717948717, 1, 1], Value("precision(thresholds=[0.3|0.5|0.7])", MultiY, MultiS, 3, w, Multilabel));
        AssertClose([1, 0.7894736842105263, 0.15789473684210525], Value("recall(thresholds=[0.3|0.5|0.7])", MultiY, MultiS, 3, w, Multilabel));
    }

    [Fact]
    public void Thresholds_apply_to_probabilities_of_declared_logits()
    {
        // Hand: σ(logit) > 0.5 ⇔ logit > 0 → rows 0 and 2 positive: TP 1 (row 0), FP 1 (row 2) → ½.
        var logits = new MetricOptions { FromLogits = true };
        Assert.Equal(0.5, Number("precision(thresholds=[0.5])", [1, 0, 0, 0], [2, -1, 0.5, -3], options: logits), 15);
        Assert.Equal(0.25, Number("precision(thresholds=[0])", [1, 0, 0, 0], [2, -1, 0.5, -3], options: logits), 15); // every σ > 0
    }

    [Fact]
    public void Class_indices_are_read_as_one_hot_rows()
    {
        // Hand: rows [0.7 0.2 0.1] (class 0), [0.3 0.4 0.3] (class 2): top-1 picks columns 0 and 1 → TP 1, FP 1.
        var multiclass = new MetricOptions { Task = MetricTask.Multiclass };
        Assert.Equal(0.5, Number("precision(top_k=1)", [0, 2], [0.7, 0.2, 0.1, 0.3, 0.4, 0.3], 3, options: multiclass), 15);
        Assert.Equal(0.5, Number("recall(top_k=1)", [0, 2], [0.7, 0.2, 0.1, 0.3, 0.4, 0.3], 3, options: multiclass), 15);
        // Same as the one-hot targets.
        Assert.Equal(0.5, Number("precision(top_k=1)", [1, 0, 0, 0, 0, 1], [0.7, 0.2, 0.1, 0.3, 0.4, 0.3], 3, options: multiclass), 15);
    }

    [Fact]
    public void Bad_arguments_and_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MetricRegistry.Create("keras_auc(num_thresholds=1)"));
        Assert.Throws<ArgumentException>(() => MetricRegistry.Create("keras_auc(thresholds=[1.5])"));
        var e = Assert.Throws<ArgumentException>(() => Number("keras_auc(label_weights=[1|2])", MultiY, MultiS, 3, options: Multilabel));
        Assert.Contains("2 label weights for 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Number("keras_auc", [0, 2], [0.1, 0.9]));
        Assert.Contains("index 1", e.Message);
        Assert.Throws<ArgumentException>(() => Number("precision(top_k=1, class_id=3)", MultiY, MultiS, 3, options: Multilabel));
    }

    private static void AssertClose(double[] expected, object actual)
    {
        var a = Assert.IsType<double[]>(actual);
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 15);
    }
}
