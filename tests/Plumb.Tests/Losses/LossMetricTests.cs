using Plumb.Losses;
using Plumb.Metrics;

namespace Plumb.Tests.Losses;

/// <summary>Loss-as-metric values; float64 references are met to 1e-6 because the metric evaluates in float32 by default (as the model).</summary>
public class LossMetricTests
{
    static LossMetricTests() => LossRegistry.RegisterAsMetrics();

    private static readonly double[] Y = [0.5, -1.2, 2.0, 3.3, -0.7, 1.1];
    private static readonly double[] P = [0.8, -0.4, 1.1, 4.0, -2.5, 1.0];

    [Fact]
    public void Decomposable_value_is_the_weighted_mean_over_all_samples_whatever_the_batching()
    {
        // Hand: Huber(1.5) of y = [1, 2], ŷ = [1.5, 5] → (0.125 + 3.375) / 2 = 1.75; weights [3, 1] → (0.375 + 3.375) / 4.
        var m = new LossMetric(new Huber(1.5));
        m.Update(new MetricBatch([1.0], [1.5]));
        m.Update(new MetricBatch([2.0], [5.0]));
        Assert.Equal(1.75, m.Compute(), 1e-12);
        m.Reset();
        m.Update(new MetricBatch([1.0, 2.0], [1.5, 5.0], 1, [3.0, 1.0]));
        Assert.Equal(3.75 / 4, m.Compute(), 1e-12);
        Assert.Equal(MetricDirection.LowerIsBetter, m.Direction);
        m.Reset();
        Assert.True(double.IsNaN(m.Compute()));
    }

    [Fact]
    public void Loss_as_metric_runs_in_float32_by_default_as_the_loss_on_the_model_output()
    {
        // PyTorch 1.13: p = [1, 0, 0, 0], y = 0, clamp(p, 1e-7, 1 − 1e-7), mean BCE →
        // 3.985596179962158 in float32 (Keras' dtype; 1 − 1e-7 rounds to 1 − 1.19e-7), 4.029523987871173 in float64.
        var f32 = new LossMetric(new BinaryCrossentropy());
        f32.Update(new MetricBatch([0.0, 0, 0, 0], [1.0, 0, 0, 0]));
        Assert.Equal(3.985596179962158, f32.Compute(), 1e-6);
        using (var l = new BinaryCrossentropy().Call(TorchSharp.torch.zeros(4), TorchSharp.torch.tensor(new float[] { 1, 0, 0, 0 })))
            Assert.Equal(f32.Compute(), l.item<float>(), 1e-6);
        var f64 = new LossMetric(new BinaryCrossentropy(), dtype: TorchSharp.torch.ScalarType.Float64);
        f64.Update(new MetricBatch([0.0, 0, 0, 0], [1.0, 0, 0, 0]));
        Assert.Equal(4.029523987871173, f64.Compute(), 1e-12);
    }

    [Theory]
    [InlineData("mse", 0.8800000000000002)] // sklearn mean_squared_error(y, p) on the six values of reference_values.py
    [InlineData("mae", 0.7666666666666667)]
    [InlineData("mape", 0.7651875901875903)] // "mape sklearn"
    [InlineData("pinball(alpha=0.9)", 0.45)] // "quantile0.9 sklearn"
    public void Loss_as_metric_agrees_with_the_metric_of_the_same_name(string spec, double sklearn)
    {
        // The registry name stays the metric's (Plumb.Metrics) when it defines one; before that lands, the loss
        // fills in. Either way the loss metric and the registry metric must give scikit-learn's value.
        var opts = new MetricOptions { Task = MetricTask.Regression };
        IStreamingMetric metric = MetricRegistry.Create(spec, opts);
        LossMetric loss = LossRegistry.CreateMetric(spec, opts);
        metric.Update(new MetricBatch(Y, P));
        loss.Update(new MetricBatch(Y, P));
        Assert.Equal(sklearn, loss.Compute(), 1e-6);
        Assert.Equal(metric.Compute(), loss.Compute(), 1e-6);
    }

    [Fact]
    public void Weighted_loss_metrics_agree_with_scikit_learn()
    {
        double[] y = [0.5, 2.0, -0.7], p = [0.8, 1.1, -2.5], w = [0.5, 2.0, 1.0];
        var m = new LossMetric(new Plumb.Losses.MeanSquaredError());
        m.Update(new MetricBatch(y, p, 1, w));
        // M.mean_squared_error([0.5, 2.0, -0.7], [0.8, 1.1, -2.5], sample_weight=[0.5, 2, 1]) = (0.045 + 1.62 + 3.24) / 3.5
        Assert.Equal((0.5 * 0.09 + 2 * 0.81 + 3.24) / 3.5, m.Compute(), 1e-6);
        // "log_loss sklearn weighted": M.log_loss([1,0,0,1,1], [0.9,0.2,0.4,0.6,0.75], sample_weight=[1,2,0.5,1,3])
        var ll = LossRegistry.CreateMetric("bce");
        ll.Update(new MetricBatch([1.0, 0, 0], [0.9, 0.2, 0.4], 1, [1.0, 2, 0.5]));
        ll.Update(new MetricBatch([1.0, 1], [0.6, 0.75], 1, [1.0, 3]));
        Assert.Equal(0.29079096950540995, ll.Compute(), 1e-6);
        // "msle sklearn weighted": rows [0,1,2] / [3,0.5,4] weighted 0.5 / 2 (per-row mean over 3 columns)
        var msle = new LossMetric(new MeanSquaredLogarithmicError());
        msle.Update(new MetricBatch([0.0, 1, 2, 3, 0.5, 4], [0.5, 1.2, 1.5, 2.0, 0.1, 5.0], 3, [0.5, 2]));
        Assert.Equal(0.07036799680477339, msle.Compute(), 1e-6);
    }

    [Fact]
    public void Losses_are_registered_as_metrics_without_taking_metric_names()
    {
        var f = MetricRegistry.Create("focal(gamma=2)");
        Assert.IsType<LossMetric>(f);
        Assert.Equal("binary_focal_crossentropy", f.Name);
        Assert.IsType<LossMetric>(MetricRegistry.Create("huber(delta=1.5)"));
        Assert.IsType<LossMetric>(MetricRegistry.Create("soft_f1"));
        // accuracy and roc_auc are Plumb.Metrics' own; registering again changes nothing.
        Assert.IsNotType<LossMetric>(MetricRegistry.Create("accuracy"));
        Assert.Empty(LossRegistry.RegisterAsMetrics());
    }

    [Fact]
    public void Multiclass_batches_feed_categorical_and_sparse_losses()
    {
        // Class indices against K = 3 probabilities: cce one-hot encodes, scce takes them as is; Keras' doc example 1.177.
        double[] t = [1, 2];
        double[] s = [0.05, 0.95, 0, 0.1, 0.8, 0.1];
        var opts = new MetricOptions { Task = MetricTask.Multiclass };
        foreach (string spec in new[] { "categorical_crossentropy", "sparse_categorical_crossentropy" })
        {
            var m = MetricRegistry.Create(spec, opts);
            m.Update(new MetricBatch(t, s, 3));
            Assert.Equal(1.176939193690798, m.Compute(), 1e-6);
        }
        // "focal" under a multiclass task is the categorical focal loss: Keras' example ×4 (no α = 0.25).
        var focal = MetricRegistry.Create("focal", opts);
        focal.Update(new MetricBatch(t, s, 3));
        Assert.Equal(0.2331527699123042 * 4, focal.Compute(), 1e-6);
        Assert.ThrowsAny<ArgumentException>(() => MetricRegistry.Create("cce", opts).Update(new MetricBatch([3.0], [0.2, 0.3, 0.5], 3)));
    }

    [Fact]
    public void Surrogate_metric_is_the_loss_over_all_data_not_a_batch_average()
    {
        double[] y = [1, 0, 1, 1, 0, 0], p = [0.8, 0.4, 0.6, 0.3, 0.1, 0.7];
        var m = LossRegistry.CreateMetric("soft_f1");
        m.Update(new MetricBatch(y.AsSpan(0, 2), p.AsSpan(0, 2)));
        m.Update(new MetricBatch(y.AsSpan(2), p.AsSpan(2)));
        Assert.Equal(0.4237288233266301, m.Compute(), 1e-6); // "soft_f1" of reference_values.py over all six
        var auc = LossRegistry.CreateMetric("pairwise_auc");
        auc.Update(new MetricBatch(y.AsSpan(0, 3), [1.5, -0.3, 0.2]));
        auc.Update(new MetricBatch(y.AsSpan(3), [-2.0, 0.9, 0.4]));
        Assert.Equal(0.5613006185224988, auc.Compute(), 1e-6); // "pauc sigmoid"
    }
}
