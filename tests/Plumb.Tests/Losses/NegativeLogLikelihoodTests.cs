using Plumb.Losses;
using TorchSharp;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>
/// <c>nll</c> against PyTorch 1.13's <c>F.nll_loss</c>, computed once with nll_reference_values.py (beside this file):
/// z = the 5×3 logits there, log-probabilities = <c>F.log_softmax(z, 1)</c> (float64), w = [0.5, 2.0, 1.5].
/// </summary>
public class NegativeLogLikelihoodTests
{
    private const double Tol = 1e-12;

    private static readonly double[,] Z = { { 1.2, -0.3, 0.5 }, { 0.1, 2.0, -1.0 }, { -0.5, 0.4, 0.9 }, { 0.0, 0.0, 3.0 }, { 1.5, 1.0, -2.0 } };

    private static Tensor LogP() => T(Z).log_softmax(1);

    private static Tensor Y(params double[] v) => T(v);

    [Fact]
    public void Matches_torch_nll_loss_with_its_default_ignore_index()
    {
        // F.nll_loss(lp, y) with y = [0, 2, 1, -100, 2] → 2.2083793267807463
        Assert.Equal(2.2083793267807463, V(LossRegistry.Create("nll"), Y(0, 2, 1, -100, 2), LogP()), Tol);
    }

    [Fact]
    public void Matches_torch_nll_loss_with_class_weights()
    {
        var y = Y(0, 2, 1, -100, 2);
        // F.nll_loss(lp, y, weight=w) → 2.4121008219976767 (= F.cross_entropy(z, y, weight=w))
        Assert.Equal(2.4121008219976767, V(LossRegistry.Create("nll(class_weights=0.5|2|1.5)"), y, LogP()), Tol);
        Assert.Equal(2.4121008219976767, V(new NegativeLogLikelihood(classWeights: [0.5, 2.0, 1.5]), y, LogP()), Tol);
        // reduction='sum' → 13.266554520987222
        Assert.Equal(13.266554520987222, V(LossRegistry.Create("nll(class_weights=0.5|2|1.5, reduction=sum)"), y, LogP()), Tol);
        // reduction='none' → [0.27107942459934825, 4.77267672838367, 2.233749638005756, 0.0, 5.989048729998447]
        using var none = LossRegistry.Create("nll(class_weights=0.5|2|1.5, reduction=none)").Call(y, LogP());
        double[] expected = [0.27107942459934825, 4.77267672838367, 2.233749638005756, 0.0, 5.989048729998447];
        double[] got = none.data<double>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], Tol);
    }

    [Fact]
    public void Matches_torch_nll_loss_with_another_ignore_index()
    {
        var y = Y(0, 2, 1, 1, 2);
        // F.nll_loss(lp, y, ignore_index=1) → 2.5722141627067026; with weight=w → 3.1522299665661326
        Assert.Equal(2.5722141627067026, V(LossRegistry.Create("nll(ignore_index=1)"), y, LogP()), Tol);
        Assert.Equal(3.1522299665661326, V(LossRegistry.Create("nll(ignore_index=1, class_weights=0.5|2|1.5)"), y, LogP()), Tol);
    }

    [Fact]
    public void Equals_sparse_crossentropy_from_logits_on_the_logits()
    {
        var y = Y(0, 2, 1, 0, 2);
        double viaNll = V(LossRegistry.Create("nll"), y, LogP());
        double viaCe = V(LossRegistry.Create("sparse_categorical_crossentropy(from_logits=true)"), y, T(Z));
        Assert.Equal(viaCe, viaNll, Tol);
    }

    [Fact]
    public void Gradient_is_minus_one_at_the_target_over_the_count()
    {
        // d/dz_{i,y_i} of mean −z_{i,y_i} is −1/N at the target and 0 elsewhere (hand calculation).
        using var lp = LogP().requires_grad_();
        LossRegistry.Create("nll").Call(Y(0, 2, 1, 0, 2), lp).backward();
        double[] g = lp.grad!.data<double>().ToArray();
        int[] target = [0, 2, 1, 0, 2];
        for (int i = 0; i < 5; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(c == target[i] ? -0.2 : 0, g[i * 3 + c], Tol);
    }

    [Fact]
    public void Bad_targets_are_refused_naming_the_loss()
    {
        var e = Assert.Throws<ArgumentException>(() => LossRegistry.Create("nll").Call(Y(0, 3, 1, 0, 2), LogP()));
        Assert.Contains("loss 'nll'", e.Message);
        Assert.Contains("class indices in [0, 3), got 3", e.Message);
        Assert.Equal(LossKind.LogProbabilities, LossRegistry.Find("nll_loss")!.Expects);
    }
}
