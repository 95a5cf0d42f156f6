using Plumb.Losses;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

public class SurrogateBehaviourTests
{
    private static (Tensor Y, Tensor F) Ranked(int perClass)
    {
        // Positives score i/perClass + 0.3, negatives i/perClass: a known fraction of pairs is misordered.
        double[] y = [.. Enumerable.Repeat(1.0, perClass), .. Enumerable.Repeat(0.0, perClass)];
        double[] f = [.. Enumerable.Range(0, perClass).Select(i => (double)i / perClass + 0.3), .. Enumerable.Range(0, perClass).Select(i => (double)i / perClass)];
        return (T(y), T(f));
    }

    [Fact]
    public void Pairwise_auc_samples_pairs_above_max_pairs_and_estimates_the_exact_value()
    {
        var (y, f) = Ranked(200); // 40,000 pairs
        double exact = V(new PairwiseAuc(), y, f);
        var sampled = new PairwiseAuc(maxPairs: 20_000, seed: 7);
        double a = V(sampled, y, f), b = V(sampled, y, f);
        Assert.NotEqual(a, b); // fresh pairs on every call
        Assert.Equal(exact, a, 0.01); // σ values in (0, 1): standard error < 0.5/√20000 ≈ 0.0035
        Assert.Equal(exact, b, 0.01);
        Assert.Equal(a, V(new PairwiseAuc(maxPairs: 20_000, seed: 7), y, f)); // reproducible from the seed
        // The hinge version with margin 0.3 counts pairs closer than the margin: exact by hand is
        // mean over (i, j) of max(0, 0.3 − (i − j)/200 − 0.3) = mean of max(0, (j − i)/200).
        double hand = 0;
        for (int i = 0; i < 200; i++) for (int j = 0; j < 200; j++) hand += Math.Max(0, (j - i) / 200.0);
        Assert.Equal(hand / 40_000, V(new PairwiseAuc(PairwiseAucSurrogate.Hinge, margin: 0.3), y, f), 1e-12);
    }

    [Fact]
    public void Pairwise_auc_with_one_class_is_zero_with_zero_gradient()
    {
        var x = T([0.3, 0.7]).requires_grad_(true);
        var l = new PairwiseAuc().Call(T([1.0, 1.0]), x);
        l.backward();
        Assert.Equal(0, V(l));
        Assert.Equal(0, V(x.grad!.abs().sum()));
    }

    [Fact]
    public void Surrogates_have_no_per_sample_values_and_ignore_the_reduction()
    {
        var soft = new SoftF1();
        Assert.False(soft.IsDecomposable);
        Assert.Throws<NotSupportedException>(() => soft.PerSample(T([1.0]), T([0.5])));
        Assert.Equal(0, soft.Call(T([1.0, 0]), T([0.5, 0.5])).dim());
    }

    [Fact]
    public void Soft_f1_with_weights_equals_repeating_samples()
    {
        // Weight 2 on a sample = that sample twice (soft counts are sums).
        double w = V(new SoftF1(), T([1.0, 0, 1]), T([0.8, 0.4, 0.6]), T([2.0, 1, 1]));
        double rep = V(new SoftF1(), T([1.0, 1, 0, 1]), T([0.8, 0.8, 0.4, 0.6]));
        Assert.Equal(rep, w, 1e-12);
    }
}
