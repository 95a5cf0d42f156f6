using Plumb.Losses;
using static Plumb.Tests.Losses.LossTestKit;

namespace Plumb.Tests.Losses;

/// <summary>Refused inputs: the message names the loss, the argument and the offending value.</summary>
public class BadInputTests
{
    private static void Refused(Action a, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(a);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void Shape_mismatch_is_refused()
    {
        Refused(() => new MeanSquaredError().Call(T([1.0, 2, 3]), T([1.0, 2])), "'mse'", "y_true", "[3]", "[2]");
        Refused(() => new CategoricalCrossentropy().Call(T(new double[,] { { 1, 0 } }), T(new double[,] { { 0.5, 0.3, 0.2 } })), "'categorical_crossentropy'", "[1, 2]", "[1, 3]");
        Refused(() => new SparseCategoricalCrossentropy().Call(L([0, 1, 2]), T(new double[,] { { 0.5, 0.5 } })), "'sparse_categorical_crossentropy'", "y_true");
        Refused(() => new MeanSquaredError().Call(T([1.0, 2]), T([1.0, 2]), T([1.0, 1, 1])), "'mse'", "sample_weight", "3");
        Refused(() => new PairwiseAuc().Call(T(new double[,] { { 1, 0 } }), T(new double[,] { { 0.5, 0.3 } })), "'pairwise_auc'", "y_pred");
        Refused(() => new CategoricalCrossentropy(classWeights: [1, 2]).Call(T(new double[,] { { 1, 0, 0 } }), T(new double[,] { { 0.5, 0.3, 0.2 } })), "class_weights", "2", "3");
    }

    [Fact]
    public void Targets_outside_the_domain_are_refused()
    {
        Refused(() => new MeanSquaredLogarithmicError().Call(T([1.0, -0.5]), T([1.0, 1])), "'msle'", "y_true", "non-negative", "-0.5");
        Refused(() => new BinaryCrossentropy().Call(T([1.0, 2]), T([0.5, 0.5])), "'binary_crossentropy'", "y_true", "[0, 1]", "2");
        Refused(() => new BinaryCrossentropy(fromLogits: true).Call(T([-1.0, 1]), T([0.5, 0.5])), "'binary_crossentropy'", "-1");
        Refused(() => new SparseCategoricalCrossentropy().Call(L([0, 3]), T(new double[,] { { 0.5, 0.5, 0 }, { 0.2, 0.3, 0.5 } })), "'sparse_categorical_crossentropy'", "[0, 3)", "3");
        Refused(() => new SparseCategoricalCrossentropy().Call(T([0.0, 1.5]), T(new double[,] { { 0.5, 0.5 }, { 0.2, 0.8 } })), "1.5");
        Refused(() => new SparseCategoricalCrossentropy().Call(L([-1, 0]), T(new double[,] { { 0.5, 0.5 }, { 0.2, 0.8 } })), "-1");
        Refused(() => new Hinge().Call(T([1.0, 0.5]), T([0.5, 0.5])), "'hinge'", "0.5");
        Refused(() => new Poisson().Call(T([-2.0]), T([1.0])), "'poisson'", "-2");
        Refused(() => new Tweedie(2).Call(T([0.0]), T([1.0])), "'tweedie'", "positive", "0");
        Refused(() => new LovaszHinge().Call(T([2.0]), T([1.0])), "'lovasz_hinge'", "2");
        Refused(() => new KLDivergence().Call(T([1.5]), T([1.0])), "'kl_divergence'", "1.5");
        Refused(() => new MeanSquaredError().Call(T([1.0]), T([1.0]), T([-1.0])), "'mse'", "sample_weight", "-1");
        Refused(() => new LovaszHinge().Call(T([1.0, 0]), T([1.0, 0]), T([1.0, 2])), "'lovasz_hinge'", "sample_weight");
    }

    [Fact]
    public void Ignored_index_is_not_checked_against_the_class_range()
    {
        var l = new SparseCategoricalCrossentropy(fromLogits: true, ignoreIndex: -100);
        Assert.Equal(Math.Log(2), V(l, L([-100, 1]), T(new double[,] { { 5, -5 }, { 0, 0 } })), 1e-12);
    }

    [Fact]
    public void Bad_constructor_arguments_are_refused()
    {
        Refused(() => new Huber(0), "'huber'", "delta", "0");
        Refused(() => new Quantile(1.5), "'quantile'", "alpha", "1.5");
        Refused(() => new Tweedie(0.5), "'tweedie'", "power", "0.5");
        Refused(() => new BinaryFocalCrossentropy(gamma: -1), "gamma", "-1");
        Refused(() => new BinaryFocalCrossentropy(alpha: 2), "alpha", "2");
        Refused(() => new SoftFBeta(0), "'soft_fbeta'", "beta");
        Refused(() => new BinaryCrossentropy(posWeight: -1), "pos_weight");
        Refused(() => new PairwiseAuc(maxPairs: 0), "max_pairs");
    }

    [Fact]
    public void Unknown_names_and_arguments_are_refused_with_suggestions()
    {
        Refused(() => LossRegistry.Create("hubber"), "unknown loss 'hubber'", "did you mean 'huber'");
        Refused(() => LossRegistry.Create("binary_crossentropyy"), "did you mean 'binary_crossentropy'");
        Refused(() => LossRegistry.Create("zzzzzzzzzz"), "unknown loss 'zzzzzzzzzz'");
        Refused(() => LossRegistry.Create("huber(delt=2)"), "'huber'", "delt", "delta");
        Refused(() => LossRegistry.Create("huber(delta=abc)"), "'huber'", "delta", "abc");
        Refused(() => LossRegistry.Create("bce(from_logits=maybe)"), "from_logits", "maybe");
        Refused(() => LossRegistry.Create("mse(reduction=avg)"), "reduction", "avg");
        Refused(() => LossRegistry.Create("huber(delta=1"), "huber(delta=1");
    }
}
