using Plumb.Losses;
using Plumb.Metrics;

namespace Plumb.Tests.Losses;

public class RegistryTests
{
    [Fact]
    public void Every_loss_of_the_issue_is_registered_with_metadata()
    {
        string[] expected =
        [
            "mse", "mae", "huber", "log_cosh", "quantile", "msle", "mape", "poisson", "cosine_similarity", "tweedie",
            "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_focal_crossentropy",
            "categorical_focal_crossentropy", "hinge", "squared_hinge", "categorical_hinge", "exponential", "kl_divergence",
            "poisson_nll", "nll", "soft_f1", "soft_fbeta", "dice", "tversky", "lovasz_hinge", "pairwise_auc",
            "pairwise_logistic", "pairwise_hinge", "listnet", "sigmoid_cross_entropy", "approx_ndcg", "lambda_rank",
        ];
        // Plumb's catalogue comes first; losses registered by other tests of this process follow it.
        Assert.Equal(expected.Order(), LossRegistry.Names.Take(expected.Length).Order());
        foreach (LossDescriptor info in LossRegistry.Descriptors.Take(expected.Length))
        {
            Assert.False(string.IsNullOrWhiteSpace(info.Formula));
            Assert.False(string.IsNullOrWhiteSpace(info.WhenToUse));
            Loss loss = LossRegistry.Create(info.Name);
            Assert.Equal(info.Name, loss.Name);
            Assert.Equal(info.Category is LossCategory.MetricSurrogate or LossCategory.Ranking, !loss.IsDecomposable);
            Assert.NotNull(LossRegistry.Create(info.PlotSpec));
        }
    }

    [Theory]
    [InlineData("mean_squared_error", "mse")]
    [InlineData("MSE", "mse")]
    [InlineData("bce", "binary_crossentropy")]
    [InlineData("log_loss", "binary_crossentropy")]
    [InlineData("cce", "categorical_crossentropy")]
    [InlineData("scce", "sparse_categorical_crossentropy")]
    [InlineData("focal", "binary_focal_crossentropy")]
    [InlineData("kld", "kl_divergence")]
    [InlineData("pinball", "quantile")]
    [InlineData("logcosh", "log_cosh")]
    [InlineData("mean-absolute-error", "mae")]
    public void Keras_aliases_resolve(string alias, string canonical) => Assert.Equal(canonical, LossRegistry.Resolve(alias).Name);

    [Fact]
    public void Specs_set_arguments()
    {
        var h = Assert.IsType<Huber>(LossRegistry.Create("huber(delta=1.5)"));
        Assert.Equal(1.5, h.Delta);
        var f = Assert.IsType<BinaryFocalCrossentropy>(LossRegistry.Create("focal(gamma=3, alpha=0.25, from_logits=true)"));
        Assert.Equal((3.0, 0.25, true), (f.Gamma, f.Alpha!.Value, f.FromLogits));
        Assert.Null(Assert.IsType<BinaryFocalCrossentropy>(LossRegistry.Create("focal")).Alpha);
        Assert.Equal(LossReduction.MeanWithSampleWeight, LossRegistry.Create("mse(reduction=mean_with_sample_weight)").Reduction);
        Assert.True(Assert.IsType<BinaryCrossentropy>(LossRegistry.Create("bce", fromLogits: true)).FromLogits);
        Assert.False(Assert.IsType<BinaryCrossentropy>(LossRegistry.Create("bce(from_logits=false)", fromLogits: true)).FromLogits);
        Assert.Equal(-100, Assert.IsType<SparseCategoricalCrossentropy>(LossRegistry.Create("scce(ignore_index=-100)")).IgnoreIndex);
        Assert.Equal(PairwiseAucSurrogate.Hinge, Assert.IsType<PairwiseAuc>(LossRegistry.Create("pairwise_auc(surrogate=hinge)")).Surrogate);
    }

    [Fact]
    public void Defaults_are_plumbs_own_not_torchsharps()
    {
        // Keras defaults: probabilities, no smoothing, sum_over_batch_size; focal γ = 2 without balancing; Huber δ = 1;
        // no ignore index (PyTorch's −100 is not inherited).
        var bce = new BinaryCrossentropy();
        Assert.Equal((false, 0.0, 1.0, LossReduction.SumOverBatchSize), (bce.FromLogits, bce.LabelSmoothing, bce.PosWeight, bce.Reduction));
        Assert.Null(new SparseCategoricalCrossentropy().IgnoreIndex);
        Assert.Equal(2, new BinaryFocalCrossentropy().Gamma);
        Assert.Equal(1, new Huber().Delta);
        Assert.True(new PoissonNll().LogInput);
    }
}
