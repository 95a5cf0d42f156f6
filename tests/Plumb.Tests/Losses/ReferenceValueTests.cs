using Plumb.Losses;
using TorchSharp;
using static Plumb.Tests.Losses.LossTestKit;

namespace Plumb.Tests.Losses;

/// <summary>
/// Values against independent references: PyTorch 1.13 / scikit-learn 1.2.1 computed once with
/// reference_values.py (label quoted per value), Keras documentation examples, and hand calculations.
/// </summary>
public class ReferenceValueTests
{
    private const double Tol = 1e-12;

    private static readonly double[,] RealY = { { 0.5, -1.2 }, { 2.0, 3.3 }, { -0.7, 1.1 } };
    private static readonly double[,] RealP = { { 0.8, -0.4 }, { 1.1, 4.0 }, { -2.5, 1.0 } };
    private static readonly double[] W3 = [0.5, 2.0, 1.0];

    // Each triple: (sum_over_batch_size with W3, mean_with_sample_weight with W3, unweighted mean) from the
    // script's red(...) lines, e.g. "mse": red(F.mse_loss(p,y,reduction='none').mean(-1)).
    [Theory]
    [InlineData("mse", 1.0358333333333334, 0.8878571428571428, 0.8800000000000002)]
    [InlineData("mae", 0.9416666666666668, 0.8071428571428572, 0.7666666666666667)]
    [InlineData("huber", 0.46458333333333335, 0.39821428571428574, 0.3866666666666667)] // F.huber_loss(delta=1.0)
    [InlineData("huber(delta=1.5)", 0.5104166666666666, 0.4375, 0.4325000000000001)] // F.huber_loss(delta=1.5)
    [InlineData("log_cosh", 0.41342501417439087, 0.3543642978637636, 0.3434994318081463)] // torch.log(torch.cosh(p-y))
    [InlineData("quantile(alpha=0.9)", 0.5875, 0.5035714285714287, 0.45)] // unweighted = sklearn mean_pinball_loss(alpha=0.9) = 0.45
    [InlineData("cosine_similarity", -1.038083579133121, -0.8897859249712466, -0.8435482733341232)] // -F.cosine_similarity(y,p,dim=-1)
    [InlineData("hinge", 1.0583333333333333, 0.9071428571428571, 0.7333333333333334)] // unweighted = sklearn hinge_loss
    [InlineData("squared_hinge", 1.3308333333333333, 1.1407142857142858, 0.89)]
    [InlineData("exponential", 1.1745815035348983, 1.0067841458870557, 0.8363522915650742)] // torch.exp(-s*f).mean(-1)
    public void Real_and_margin_losses_match_reference_under_each_reduction(string spec, double sobs, double mws, double mean)
    {
        bool margin = spec.Contains("hinge") || spec == "exponential";
        var y = margin ? T(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }) : T(RealY);
        var p = margin ? T(new double[,] { { 0.3, -2.0 }, { 0.5, 0.2 }, { 1.7, -0.4 } }) : T(RealP);
        Assert.Equal(sobs, V(LossRegistry.Create(spec), y, p, T(W3)), Tol);
        Assert.Equal(mws, V(LossRegistry.Create(With(spec, "reduction=mean_with_sample_weight")), y, p, T(W3)), Tol);
        Assert.Equal(mean, V(LossRegistry.Create(spec), y, p), Tol);
        Assert.Equal(mean * 3, V(LossRegistry.Create(With(spec, "reduction=sum")), y, p), 1e-11);
        using var none = LossRegistry.Create(With(spec, "reduction=none")).Call(y, p, T(W3));
        Assert.Equal([3L], none.shape);
        Assert.Equal(sobs * 3, V(none.sum()), 1e-11);
    }

    internal static string With(string spec, string arg) => spec.Contains('(') ? spec[..^1] + ", " + arg + ")" : spec + "(" + arg + ")";

    private static readonly double[,] PosY = { { 0.0, 1.0, 2.0 }, { 3.0, 0.5, 4.0 } };
    private static readonly double[,] PosP = { { 0.5, 1.2, 1.5 }, { 2.0, 0.1, 5.0 } };

    [Theory]
    [InlineData("msle", 0.06982088979539204)] // "msle sklearn": M.mean_squared_log_error(y, p)
    [InlineData("poisson", 0.32347443923401636)] // "poisson keras-form": (p - y*torch.log(p+1e-7)).mean()
    [InlineData("poisson_nll", 22.684652230559603)] // "poisson_nll torch log_input": F.poisson_nll_loss(p, y, log_input=True)
    [InlineData("poisson_nll(log_input=false)", 0.323474581233973)] // F.poisson_nll_loss(p, y, log_input=False)
    [InlineData("poisson_nll(full=true)", 23.613510761624898)] // F.poisson_nll_loss(p, y, log_input=True, full=True)
    [InlineData("tweedie(power=0)", 0.45)] // M.mean_tweedie_deviance(y, p, power=0)
    [InlineData("tweedie(power=1)", 0.44052755446477043)] // M.mean_tweedie_deviance(y, p, power=1)
    [InlineData("tweedie", 0.8828276119303631)] // M.mean_tweedie_deviance(y, p, power=1.5)
    public void Count_losses_match_reference(string spec, double expected)
    {
        double v = V(LossRegistry.Create(spec), T(PosY), T(PosP));
        Assert.Equal(expected, v, 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(2.0, 1.6418782792573339)] // M.mean_tweedie_deviance(y + 0.25, p, power=2)
    [InlineData(3.0, 9.595219959778781)] // M.mean_tweedie_deviance(y + 0.25, p, power=3)
    public void Tweedie_with_positive_targets_matches_scikit_learn(double power, double expected) =>
        Assert.Equal(expected, V(new Tweedie(power), T(PosY) + 0.25, T(PosP)), 1e-12 * expected);

    [Fact]
    public void Mape_is_a_fraction_equal_to_scikit_learn()
    {
        // "mape sklearn": M.mean_absolute_percentage_error(y.ravel(), p.ravel()) — ×100 would be Keras' percentage.
        Assert.Equal(0.7651875901875903, V(new MeanAbsolutePercentageError(), T(RealY), T(RealP)), Tol);
        // Hand: y = [2, 4], ŷ = [1, 5] → (0.5 + 0.25) / 2.
        Assert.Equal(0.375, V(new MeanAbsolutePercentageError(), T([2.0, 4.0]), T([1.0, 5.0])), Tol);
    }

    private static readonly double[,] BinY = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
    private static readonly double[,] Z = { { 2.5, -1.0 }, { 0.3, -3.0 }, { -0.8, 40.0 } };

    [Theory]
    [InlineData("bce(from_logits=true)", 1.5288435948229504, 0.9110324473001365)] // F.binary_cross_entropy_with_logits
    [InlineData("bce(from_logits=true, pos_weight=3)", 3.964750340236796, 2.343891697904826)] // ..., pos_weight=torch.tensor(3.0)
    [InlineData("bce(from_logits=true, label_smoothing=0.2)", 2.1013435948229504, 1.5676991139668033)] // targets y*0.8+0.1
    [InlineData("focal(from_logits=true)", 1.1109140256022747, 0.604805998192184)] // "bfocal yb z gamma2" (Keras' formula)
    [InlineData("focal(from_logits=true, alpha=0.25)", 0.3256598815028932, 0.17658331569348748)] // "bfocal ... alpha0.25"
    public void Binary_losses_match_reference(string spec, double weightedSobs, double mean)
    {
        Assert.Equal(weightedSobs, V(LossRegistry.Create(spec), T(BinY), T(Z), T(W3)), 1e-12);
        Assert.Equal(mean, V(LossRegistry.Create(spec), T(BinY), T(Z)), 1e-12);
    }

    [Fact]
    public void Bce_on_probabilities_matches_torch_and_log_loss()
    {
        // "bce probs": F.binary_cross_entropy(torch.sigmoid(z), yb) — same numbers as the logits path.
        // (the logit 40 saturates to p = 1 in float64; Plumb clips at 1 − 1e-7, the positive label makes that term ~1e-7)
        var p = torch.sigmoid(T(new double[,] { { 2.5, -1.0 }, { 0.3, -3.0 }, { -0.8, 4.0 } }));
        var y = T(BinY);
        var viaLogits = V(new BinaryCrossentropy(fromLogits: true), y, T(new double[,] { { 2.5, -1.0 }, { 0.3, -3.0 }, { -0.8, 4.0 } }));
        Assert.Equal(viaLogits, V(new BinaryCrossentropy(), y, p), 1e-12);
        // "log_loss sklearn": M.log_loss([1,0,0,1,1], [0.9,0.2,0.4,0.6,0.75])
        Assert.Equal(0.32756747739115966, V(new BinaryCrossentropy(), T([1.0, 0, 0, 1, 1]), T([0.9, 0.2, 0.4, 0.6, 0.75])), Tol);
    }

    [Fact]
    public void Keras_documentation_examples()
    {
        // keras.losses.BinaryCrossentropy(from_logits=True) docstring: 0.865 ("keras bce logits doc": 0.8654579497810972)
        var y = T([0.0, 1, 0, 0]);
        var z = T([-18.6, 0.51, 2.94, -12.8]);
        Assert.Equal(0.8654579497810972, V(new BinaryCrossentropy(fromLogits: true), y, z), Tol);
        // keras.losses.BinaryFocalCrossentropy(gamma=2, from_logits=True) docstring: 0.691; with balancing (α=0.25): 0.51
        Assert.Equal(0.6912120758320665, V(new BinaryFocalCrossentropy(gamma: 2, fromLogits: true), y, z), Tol);
        Assert.Equal(0.5101332954752428, V(new BinaryFocalCrossentropy(gamma: 2, alpha: 0.25, fromLogits: true), y, z), Tol);
        // keras.losses.CategoricalCrossentropy docstring: 1.177; SparseCategoricalCrossentropy: same data as indices.
        var oneHot = T(new double[,] { { 0, 1, 0 }, { 0, 0, 1 } });
        var p = T(new double[,] { { 0.05, 0.95, 0 }, { 0.1, 0.8, 0.1 } });
        Assert.Equal(1.176939193690798, V(new CategoricalCrossentropy(), oneHot, p), 1e-9);
        Assert.Equal(1.176939193690798, V(new SparseCategoricalCrossentropy(), L([1, 2]), p), 1e-9);
        // keras.losses.CategoricalFocalCrossentropy docstring: 0.23315276 (Keras' α = 0.25 applied)
        Assert.Equal(0.2331527699123042, V(new CategoricalFocalCrossentropy(alpha: 0.25), oneHot, p), 1e-9);
        // keras.losses.MeanSquaredError / MeanAbsoluteError docstrings: 0.5; CosineSimilarity: −0.5 (Keras sign)
        var ym = T(new double[,] { { 0, 1 }, { 0, 0 } });
        var pm = T(new double[,] { { 1, 1 }, { 1, 0 } });
        Assert.Equal(0.5, V(new MeanSquaredError(), ym, pm), Tol);
        Assert.Equal(0.5, V(new MeanAbsoluteError(), ym, pm), Tol);
        Assert.Equal(-0.5, V(new CosineSimilarity(), T(new double[,] { { 0, 1 }, { 1, 1 } }), T(new double[,] { { 1, 0 }, { 1, 1 } })), Tol);
        // keras.losses.LogCosh docstring: y=[[0,1],[0,0]], p=[[1,1],[0,0]] → 0.108 = log(cosh 1)/4
        Assert.Equal(Math.Log(Math.Cosh(1)) / 4, V(new LogCosh(), ym, T(new double[,] { { 1, 1 }, { 0, 0 } })), Tol);
    }

    private static readonly double[,] ClassZ = { { 2.0, 1.0, -1.0 }, { 0.5, 0.2, 3.0 }, { -2.0, 4.0, 0.0 }, { 1.0, 1.0, 1.0 } };
    private static readonly long[] ClassT = [0, 2, 1, 2];
    private static readonly double[,] ClassOneHot = { { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 }, { 0, 0, 1 } };

    [Fact]
    public void Categorical_losses_match_torch()
    {
        var z = T(ClassZ);
        // "ce logits": F.cross_entropy(zc, tc)
        Assert.Equal(0.40044255376268195, V(new CategoricalCrossentropy(fromLogits: true), T(ClassOneHot), z), Tol);
        Assert.Equal(0.40044255376268195, V(new SparseCategoricalCrossentropy(fromLogits: true), L(ClassT), z), Tol);
        // "ce probs": F.nll_loss(torch.log(torch.softmax(zc,-1)), tc)
        Assert.Equal(0.40044255376268195, V(new CategoricalCrossentropy(), T(ClassOneHot), torch.softmax(z, -1)), 1e-12);
        // "ce logits ls0.1": F.cross_entropy(zc, tc, label_smoothing=0.1)
        Assert.Equal(0.5612758870960153, V(new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1), T(ClassOneHot), z), Tol);
        // "ce logits weight": F.cross_entropy(zc, tc, weight=[1, 2, 0.5]) = Σ w_y ℓ / Σ w_y → mean_with_sample_weight
        double[] cw = [1.0, 2.0, 0.5];
        Assert.Equal(0.25156573108261276, V(new CategoricalCrossentropy(true, 0, LossReduction.MeanWithSampleWeight, cw), T(ClassOneHot), z), Tol);
        Assert.Equal(0.25156573108261276, V(new SparseCategoricalCrossentropy(true, null, LossReduction.MeanWithSampleWeight, cw), L(ClassT), z), Tol);
        // "ce logits weight sum": reduction='sum'; Keras' class_weight divides that sum by N = 4.
        Assert.Equal(1.006262924330451 / 4, V(new SparseCategoricalCrossentropy(true, null, LossReduction.SumOverBatchSize, cw), L(ClassT), z), Tol);
        // "ce ignore 2": F.cross_entropy(zc, tc, ignore_index=2) — mean over the 2 samples not ignored
        Assert.Equal(0.1847966778577578, V(new SparseCategoricalCrossentropy(true, ignoreIndex: 2), L(ClassT), z), Tol);
        Assert.Equal(0.1847966778577578, V(new SparseCategoricalCrossentropy(true, 2, LossReduction.MeanWithSampleWeight), L(ClassT), z), Tol);
        // "cfocal logits gamma2": −Σ (1−p)^2 y log p with log_softmax; γ = 0 is cross-entropy ("cfocal gamma0 == ce")
        Assert.Equal(0.13016556167613028, V(new CategoricalFocalCrossentropy(fromLogits: true), T(ClassOneHot), z), Tol);
        Assert.Equal(0.40044255376268195, V(new CategoricalFocalCrossentropy(gamma: 0, fromLogits: true), T(ClassOneHot), z), Tol);
        // "cat hinge": Keras' formula max(neg − pos + 1, 0)
        Assert.Equal(0.25, V(new CategoricalHinge(), T(ClassOneHot), z), Tol);
    }

    [Fact]
    public void Kl_divergence_matches_torch_batchmean_and_keras_clipping()
    {
        var y = T(new double[,] { { 0.2, 0.3, 0.5 }, { 0.0, 0.6, 0.4 } });
        var p = T(new double[,] { { 0.1, 0.6, 0.3 }, { 0.3, 0.3, 0.4 } });
        // "kl keras clip": (y.clamp(1e-7,1)*log(y.clamp/p.clamp)).sum(-1).mean()
        Assert.Equal(0.3009924553753417, V(new KLDivergence(), y, p), Tol);
        // "kl torch batchmean": F.kl_div(log p, y, reduction='batchmean') — differs only by the clipped y = 0 term
        Assert.Equal(0.300993201081484, V(new KLDivergence(), y, p), 1e-5);
    }

    private static readonly double[] Y6 = [1, 0, 1, 1, 0, 0];
    private static readonly double[] P6 = [0.8, 0.4, 0.6, 0.3, 0.1, 0.7];
    private static readonly double[] F6 = [1.5, -0.3, 0.2, -2.0, 0.9, 0.4];
    private static readonly double[] W6 = [1, 2, 0.5, 1, 1, 3];

    [Fact]
    public void Surrogates_match_reference()
    {
        // tp = Σpy, fp = Σp(1−y), fn = Σ(1−p)y over the script's ys1, ps1
        Assert.Equal(0.4237288233266301, V(new SoftF1(), T(Y6), T(P6)), Tol); // "soft_f1"
        Assert.Equal(0.594202904431842, V(new SoftF1(), T(Y6), T(P6), T(W6)), Tol); // "soft_f1 weighted"
        Assert.Equal(0.4295302051709381, V(new SoftFBeta(2), T(Y6), T(P6)), Tol); // "soft_fbeta2"
        Assert.Equal(0.4237288233266301, V(new SoftFBeta(1), T(Y6), T(P6)), Tol); // β = 1 is soft F1
        Assert.Equal(0.4237288233266301, V(new Dice(), T(Y6), T(P6)), Tol); // Keras' Dice = soft F1
        Assert.Equal(0.362318849821466, V(new Dice(smooth: 1), T(Y6), T(P6)), Tol); // "dice smooth1"
        Assert.Equal(0.4276094468818368, V(new Tversky(0.3, 0.7), T(Y6), T(P6)), Tol); // "tversky .3 .7"
        Assert.Equal(0.4237288233266301, V(new Tversky(0.5, 0.5), T(Y6), T(P6)), 1e-7); // α = β = ½ is Dice (ε enters at half weight)
        var y2 = T(new double[,] { { 1, 0 }, { 0, 0 }, { 1, 1 }, { 0, 1 } });
        var p2 = T(new double[,] { { 0.9, 0.2 }, { 0.3, 0.1 }, { 0.6, 0.7 }, { 0.2, 0.4 } });
        Assert.Equal(0.3014706071258645, V(new SoftF1(macro: true), y2, p2), Tol); // "soft_f1 macro"
        Assert.Equal(0.2972973067932797, V(new SoftF1(), y2, p2), Tol); // "soft_f1 micro"
        // "lovasz": lovasz_hinge_flat from Berman et al.'s lovasz_losses.py, transcribed in the script
        Assert.Equal(1.6400000000000001, V(new LovaszHinge(), T(Y6), T(F6)), Tol);
        // "pauc sigmoid" / "pauc hinge" / "pauc sigmoid weighted": all 9 positive–negative pairs
        Assert.Equal(0.5613006185224988, V(new PairwiseAuc(), T(Y6), T(F6)), Tol);
        Assert.Equal(1.5333333333333332, V(new PairwiseAuc(PairwiseAucSurrogate.Hinge), T(Y6), T(F6)), Tol);
        Assert.Equal(0.5542032583275679, V(new PairwiseAuc(), T(Y6), T(F6), T(W6)), Tol);
    }

    [Fact]
    public void Hand_calculations_from_the_documentation()
    {
        Assert.Equal(3.375, V(new Huber(1.5), T([0.0]), T([3.0])), Tol); // 1.5·(3 − 0.75)
        Assert.Equal(0.9, V(new Quantile(0.9), T([1.0]), T([0.0])), Tol);
        Assert.Equal(0.1, V(new Quantile(0.9), T([0.0]), T([1.0])), 1e-15);
        Assert.Equal(Math.Log(2) * Math.Log(2), V(new MeanSquaredLogarithmicError(), T([3.0]), T([1.0])), Tol);
        Assert.Equal(2 * (2 * Math.Log(2) - 1), V(new Tweedie(1), T([2.0]), T([1.0])), Tol);
        Assert.Equal(0.35, V(new Hinge(), T([1.0, 0]), T([0.3, -2])), Tol);
        Assert.Equal(0.245, V(new SquaredHinge(), T([1.0, 0]), T([0.3, -2])), Tol);
        Assert.Equal((1 + Math.E) / 2, V(new Exponential(), T([1.0, 0]), T([0.0, 1])), Tol);
        Assert.Equal(0.5, V(new CategoricalHinge(), T(new double[,] { { 0, 1, 0 } }), T(new double[,] { { 0.5, 1.0, 0.2 } })), Tol);
        Assert.Equal(0.5 * Math.Log(2) + 0.5 * Math.Log(2.0 / 3), V(new KLDivergence(), T(new double[,] { { 0.5, 0.5 } }), T(new double[,] { { 0.25, 0.75 } })), Tol);
        Assert.Equal(1.0, V(new PoissonNll(), T([2.0]), T([0.0])), Tol);
        Assert.Equal(1 - 2 * 1.4 / (1.8 + 2 + 1e-7), V(new SoftF1(), T([1.0, 0, 1]), T([0.8, 0.4, 0.6])), Tol);
        Assert.Equal(0.0, V(new LovaszHinge(), T([1.0, 0]), T([2.0, -2])), Tol);
        Assert.Equal(1.0, V(new LovaszHinge(), T([1.0]), T([0.0])), Tol);
        Assert.Equal(0.5, V(new PairwiseAuc(PairwiseAucSurrogate.Hinge), T([1.0, 0]), T([0.5, 0])), Tol);
    }
}
