using CsCheck;
using Plumb.Losses;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>Properties on random inputs (CsCheck): non-negativity, zero at perfect prediction, symmetry, stability.</summary>
public class PropertyTests
{
    private static readonly Gen<double[]> Reals = Gen.Double[-5, 5].Array[1, 12];

    private static readonly string[] NonNegativeRegression = ["mse", "mae", "huber", "huber(delta=0.3)", "log_cosh", "quantile(alpha=0.2)", "mape", "tweedie(power=0)"];

    [Fact]
    public void Regression_losses_are_non_negative_and_zero_at_perfect_prediction()
    {
        Gen.Select(Reals, Reals).Where((a, b) => a.Length == b.Length).Sample((y, p) =>
        {
            foreach (string spec in NonNegativeRegression)
            {
                Loss loss = LossRegistry.Create(spec);
                Assert.True(V(loss, T(y), T(p)) >= 0, spec);
                Assert.Equal(0, V(loss, T(y), T(y)), 1e-12);
            }
        }, iter: 50);
    }

    [Fact]
    public void Count_losses_are_non_negative_and_zero_at_perfect_prediction()
    {
        Gen.Double[0.01, 20].Array[1, 10].Sample(y =>
        {
            foreach (string spec in new[] { "msle", "tweedie(power=1)", "tweedie", "tweedie(power=2)", "tweedie(power=3)" })
            {
                Loss loss = LossRegistry.Create(spec);
                Assert.True(V(loss, T(y), T([.. y.Select(v => v * 1.7 + 0.3)])) >= 0, spec);
                Assert.Equal(0, V(loss, T(y), T(y)), 1e-9);
            }
        }, iter: 50);
    }

    [Fact]
    public void Poisson_losses_are_minimised_at_the_target_rate()
    {
        // Not ≥ 0 (they omit log y!), but the minimum over the rate is at rate = y.
        Gen.Double[0.1, 20].Sample(y =>
        {
            double at = V(new Poisson(), T([y]), T([y]));
            Assert.True(V(new Poisson(), T([y]), T([y * 1.1])) > at);
            Assert.True(V(new Poisson(), T([y]), T([y * 0.9])) > at);
            double atLog = V(new PoissonNll(), T([y]), T([Math.Log(y)]));
            Assert.True(V(new PoissonNll(), T([y]), T([Math.Log(y) + 0.1])) > atLog);
            Assert.True(V(new PoissonNll(), T([y]), T([Math.Log(y) - 0.1])) > atLog);
        }, iter: 50);
    }

    [Fact]
    public void Symmetric_losses_are_symmetric_in_the_error()
    {
        Gen.Select(Reals, Reals).Where((a, b) => a.Length == b.Length).Sample((y, p) =>
        {
            double[] mirrored = [.. y.Zip(p, (a, b) => 2 * a - b)]; // error e → −e
            foreach (string spec in new[] { "mse", "mae", "huber(delta=1.5)", "log_cosh", "quantile(alpha=0.5)" })
                Assert.Equal(V(LossRegistry.Create(spec), T(y), T(p)), V(LossRegistry.Create(spec), T(y), T(mirrored)), 1e-9);
        }, iter: 50);
    }

    [Fact]
    public void Binary_losses_are_label_symmetric_and_non_negative()
    {
        // Swapping labels and negating logits leaves cross-entropy, focal and margin losses unchanged.
        Gen.Select(Gen.Int[0, 1].Array[1, 10], Gen.Double[-30, 30].Array[1, 10]).Where((a, b) => a.Length == b.Length).Sample((yi, z) =>
        {
            double[] y = [.. yi.Select(v => (double)v)], flipped = [.. y.Select(v => 1 - v)], neg = [.. z.Select(v => -v)];
            foreach (string spec in new[] { "bce(from_logits=true)", "focal(from_logits=true)", "hinge", "squared_hinge", "exponential" })
            {
                Loss loss = LossRegistry.Create(spec);
                double v = V(loss, T(y), T(z));
                Assert.True(v >= 0 && double.IsFinite(v), spec);
                Assert.Equal(v, V(loss, T(flipped), T(neg)), 1e-9 * Math.Max(1, v));
            }
        }, iter: 50);
    }

    [Fact]
    public void Surrogates_lie_in_zero_one_and_vanish_at_perfect_hard_prediction()
    {
        Gen.Int[0, 1].Array[2, 12].Where(a => a.Contains(0) && a.Contains(1)).Sample(yi =>
        {
            double[] y = [.. yi.Select(v => (double)v)];
            foreach (string spec in new[] { "soft_f1", "soft_fbeta(beta=2)", "dice", "tversky(alpha=0.3, beta=0.7)" })
            {
                Assert.Equal(0, V(LossRegistry.Create(spec), T(y), T(y)), 1e-6);
                double v = V(LossRegistry.Create(spec), T(y), T([.. y.Select(t => 1 - t)]));
                Assert.Equal(1, v, 1e-6);
            }
            double[] separated = [.. y.Select(t => t == 1 ? 3.0 : -3.0)];
            Assert.Equal(0, V(new LovaszHinge(), T(y), T(separated)), 1e-12);
            Assert.Equal(0, V(new PairwiseAuc(PairwiseAucSurrogate.Hinge), T(y), T(separated)), 1e-12);
        }, iter: 50);
    }

    [Fact]
    public void Cross_entropies_have_no_nan_or_inf_at_extreme_inputs_in_float32_and_float64()
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var y = tensor(new double[] { 1, 0, 1, 0 }).to_type(dtype);
            var p = tensor(new double[] { 0, 1, 1, 0 }).to_type(dtype);
            var z = tensor(new double[] { -1e4, 1e4, 1e4, -1e4 }).to_type(dtype);
            foreach (var (loss, pred) in new (Loss, Tensor)[]
            {
                (new BinaryCrossentropy(), p), (new BinaryCrossentropy(fromLogits: true), z), (new BinaryFocalCrossentropy(), p),
                (new BinaryFocalCrossentropy(fromLogits: true), z), (new SoftF1(fromLogits: true), z), (new Dice(fromLogits: true), z),
                (new PairwiseAuc(), z), (new LovaszHinge(), z), (new Hinge(), z),
            })
            {
                var x = pred.detach().clone().requires_grad_(true);
                var l = loss.Call(y, x);
                l.backward();
                Assert.True(double.IsFinite(V(l)), $"{loss.Name} {dtype}");
                Assert.True(x.grad!.isfinite().all().item<bool>(), $"{loss.Name} {dtype} gradient");
            }
            // BCE at p = 0 or 1 is capped by the clipping epsilon: −log(1e-7) ≈ 16.118 per wrong element.
            Assert.Equal(-Math.Log(1e-7) / 2, V(new BinaryCrossentropy(), y, p.to_type(ScalarType.Float64)), 1e-6);
            // Logits: exact for huge margins — a wrong 1e4 logit costs 1e4.
            Assert.Equal(1e4 / 2, V(new BinaryCrossentropy(fromLogits: true), y, z), 1e-3);
            var k = tensor(new double[,] { { 1e4, -1e4, 0 }, { -1e4, 1e4, 0 } }).to_type(dtype);
            var oh = tensor(new double[,] { { 0, 1, 0 }, { 0, 1, 0 } }).to_type(dtype);
            Assert.Equal(1e4, V(new CategoricalCrossentropy(fromLogits: true), oh, k), 1e-2);
            Assert.True(double.IsFinite(V(new CategoricalCrossentropy(), oh, tensor(new double[,] { { 1, 0, 0 }, { 0, 1, 0 } }).to_type(dtype))));
            Assert.True(double.IsFinite(V(new KLDivergence(), oh, tensor(new double[,] { { 1, 0, 0 }, { 0, 1, 0 } }).to_type(dtype))));
        }
    }

    [Fact]
    public void Float32_and_float64_agree_and_keep_their_dtype()
    {
        foreach (var info in LossRegistry.Descriptors)
        {
            var (y, p) = GradientCheckTests.Data(info.Target switch
            {
                LossTarget.OneHot => info.Name switch { "kl_divergence" => 10, "categorical_hinge" => 6, _ => 7 },
                LossTarget.ClassIndex => 9,
                _ => info.Category == LossCategory.Regression
                    ? (info.Name is "msle" or "poisson" or "tweedie" or "poisson_nll" ? 1 : 0)
                    : info.Name is "hinge" or "squared_hinge" or "exponential" ? 5
                    : info.Name == "poisson_nll" ? 1
                    : info.Category == LossCategory.MetricSurrogate ? 11 : 4,
            });
            Loss loss = LossRegistry.Create(info.Name);
            using var l32 = loss.Call(y, p.to_type(ScalarType.Float32));
            Assert.Equal(ScalarType.Float32, l32.dtype);
            Assert.Equal(V(loss, y, p), V(l32), 1e-4 * Math.Max(1, Math.Abs(V(l32))));
        }
    }
}
