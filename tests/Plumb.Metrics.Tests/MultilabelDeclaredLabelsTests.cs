using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

public class MultilabelDeclaredLabelsTests
{
    [Fact]
    public void Declaring_the_label_count_up_front_gives_the_same_values_as_inferring_it()
    {
        // 2 samples × 3 labels; one wrong cell (sample 0, label 1 predicted 1, true 0): hamming loss 1/6 by hand.
        double[] t = [1, 0, 1, 0, 1, 0];
        double[] s = [0.9, 0.6, 0.8, 0.1, 0.7, 0.3];
        foreach (int declared in new[] { 0, 3 })
        {
            var options = new MetricOptions { Task = MetricTask.Multilabel, NumClasses = declared };
            var hamming = MetricRegistry.Create("hamming_loss", options);
            hamming.Update(new MetricBatch(t, s, 3));
            Assert.Equal(1.0 / 6, hamming.Compute(), 15);
            // Macro F1 by hand: label 0 F1 1, label 1 TP 1 FP 1 → 2/3, label 2 F1 1 → (1 + 2/3 + 1) / 3.
            var f1 = MetricRegistry.Create("f1", options);
            f1.Update(new MetricBatch(t, s, 3));
            Assert.Equal((1 + 2.0 / 3 + 1) / 3, f1.Compute(), 15);
        }
    }
}
