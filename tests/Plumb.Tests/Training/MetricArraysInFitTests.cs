using Plumb.Layers;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>
/// Keras-style metric options inside Fit: several regression outputs combined into one number, and specs whose result
/// is an array (a thresholds list, multioutput=raw_values) refused at Compile, since the history holds one number per key.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class MetricArraysInFitTests
{
    [Fact]
    public void A_thresholds_list_with_one_element_and_keras_auc_thresholds_give_one_number_and_are_accepted()
    {
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        var (x, y) = Kit.Binary(3, 16);
        model.Compile("sgd", 0.1, "binary_crossentropy", ["precision(thresholds=[0.5])", "keras_auc(thresholds=[0.2|0.4|0.6])", "f1(average=macro)"]);
        var h = model.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0);
        Assert.Equal(3, h.Keys.Count(k => k.StartsWith("precision", StringComparison.Ordinal) || k.StartsWith("keras_auc", StringComparison.Ordinal) || k.StartsWith("f1", StringComparison.Ordinal)));
    }

    [Fact]
    public void Two_output_regression_metrics_combine_outputs_as_scikit_learn()
    {
        // scikit-learn 1.2.1 on these 7 × 2 arrays: r2_score(Y, P, multioutput="variance_weighted") = 0.8489847715736041,
        // mean_absolute_error(Y, P) (uniform_average) = 0.5357142857142857. The model passes P through unchanged (lr 1e-9).
        using var y = tensor(new float[] { 3, 0.5f, 1.5f, 2, 4, 1, 0.5f, 3.5f, 2.5f, 0, 6, 1.5f, 2, 2.5f }, [7, 2]);
        using var p = tensor(new float[] { 2.5f, 1, 1, 1.5f, 4.5f, 1.5f, 1, 3, 3, 0.5f, 5, 1, 2.5f, 2 }, [7, 2]);
        using var model = new Model(new Passthrough());
        model.Compile("sgd", 1e-9, "mse", ["r2(multioutput=variance_weighted)", "mae(multioutput=uniform_average)"]);
        var h = model.Fit(p, y, epochs: 1, batchSize: 3, shuffle: false, verbose: 0);
        Assert.Equal(0.8489847715736041, h["r2(multioutput=variance_weighted)"][0], 9);
        Assert.Equal(0.5357142857142857, h["mae(multioutput=uniform_average)"][0], 9);
    }

    [Theory]
    [InlineData("precision(thresholds=[0.3|0.5])", "one spec per threshold")]
    [InlineData("r2(multioutput=raw_values)", "multioutput=uniform_average")]
    [InlineData("f1(average=none)", "one value per class")]
    [InlineData("recall(average=none)", "average=macro")]
    public void Array_results_are_refused_at_compile(string spec, string hint)
    {
        using var model = new Model(new Passthrough());
        var e = Assert.Throws<ArgumentException>(() => model.Compile("sgd", 1e-3, "mse", [spec]));
        Assert.Contains(hint, e.Message);
    }
}
