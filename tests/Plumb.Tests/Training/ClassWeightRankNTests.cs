using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>
/// Class weights on sequence and image targets weigh every element (timestep, pixel) by its class. The model passes
/// fixed logits through and a learning rate of 1e-9 keeps them, so the epoch's loss is the weighted loss of the logits.
/// Reference values: class_weight_rank_n_reference.py (PyTorch 1.13, float64; Plumb trains in float32, hence 6 digits).
/// </summary>
[Collection(TorchRngCollection.Name)]
public class ClassWeightRankNTests
{
    private static readonly Dictionary<int, double> Map = new() { [0] = 1.0, [1] = 2.0, [2] = 0.5 };

    private static Tensor SequenceLogits() => tensor(new float[]
    {
        1.0f, -0.5f, 0.2f, 0.3f, 0.8f, -1.0f, -0.2f, 0.1f, 0.4f,
        0.5f, 0.5f, -0.5f, 2.0f, -1.0f, 0.0f, 0.1f, -0.3f, 1.2f,
    }, [2, 3, 3]);

    private static double Loss(Tensor x, Tensor y, string loss, ClassWeight classWeight, Tensor? sampleWeight = null)
    {
        using var model = new Model(new Passthrough());
        model.Compile("sgd", 1e-9, loss);
        return model.Fit(x, y, epochs: 1, batchSize: 2, shuffle: false, classWeight: classWeight, sampleWeight: sampleWeight, verbose: 0)["loss"][0];
    }

    [Fact]
    public void Sequence_class_indices_weigh_each_timestep()
    {
        using var x = SequenceLogits();
        using var y = tensor(new long[] { 0, 1, 2, 1, 0, 2 }, [2, 3]);
        const string sparse = "sparse_categorical_crossentropy(from_logits=true)";
        // "sequence map": Σ cw[y]·ce / 6
        Assert.Equal(0.6979017848848182, Loss(x, y, sparse, Map), 6);
        // "sequence map x row weights": per-row sample weights broadcast over the timesteps
        using var row = tensor(new float[] { 0.5f, 2.0f });
        Assert.Equal(0.8776747025034931, Loss(x, y, sparse, Map, row), 6);
        // "sequence map x timestep weights"
        using var perStep = tensor(new float[] { 1, 0, 2, 0.5f, 1, 1.5f }, [2, 3]);
        Assert.Equal(0.4510192475331026, Loss(x, y, sparse, Map, perStep), 6);
        // "balanced": y = [[0, 0, 2], [0, 1, 0]] → n / (k·n_c) over the 6 elements = [0.5, 2, 2]
        using var y2 = tensor(new long[] { 0, 0, 2, 0, 1, 0 }, [2, 3]);
        Assert.Equal(1.6652805429597548, Loss(x, y2, sparse, "balanced"), 6);
    }

    [Fact]
    public void One_hot_image_targets_weigh_each_pixel_by_its_argmax()
    {
        using var x = tensor(new float[]
        {
            0.2f, 1.0f, -0.3f, 1.5f, 0.0f, 0.5f, -1.0f, 0.4f, 0.9f, 0.3f, 0.3f, 0.3f,
            0.0f, -0.6f, 1.1f, 0.8f, 0.2f, -0.4f, 0.5f, 1.5f, 0.0f, -0.2f, 0.7f, 0.1f,
        }, [2, 2, 2, 3]);
        using var classes = tensor(new long[] { 1, 0, 2, 0, 2, 1, 1, 0 }, [2, 2, 2]);
        using var y = nn.functional.one_hot(classes, 3).to_type(ScalarType.Float32);
        // "image one-hot map": Σ cw[argmax]·ce / 8
        Assert.Equal(1.0086163469200438, Loss(x, y, "categorical_crossentropy(from_logits=true)", Map), 6);
    }

    [Fact]
    public void Ignored_elements_are_neither_weighted_nor_counted()
    {
        // Hand: with ignore_index = -1 the ignored timestep drops out of the loss; balanced weights count only the
        // other five labels [0, 0, 2, 1, 0] → n / (k·n_c) = 5/9, 5/3, 5/3, and the same loss as an explicit map of those.
        using var x = SequenceLogits();
        using var y = tensor(new long[] { 0, 0, 2, -1, 1, 0 }, [2, 3]);
        const string sparse = "sparse_categorical_crossentropy(from_logits=true, ignore_index=-1)";
        var explicitMap = new Dictionary<int, double> { [0] = 5.0 / 9, [1] = 5.0 / 3, [2] = 5.0 / 3 };
        Assert.Equal(Loss(x, y, sparse, explicitMap), Loss(x, y, sparse, "balanced"), 6);
    }

    [Fact]
    public void Targets_that_are_neither_indices_nor_one_hot_are_refused_with_their_shape()
    {
        using var x = SequenceLogits();
        using var y = full(2, 3, 3, 0.5f);
        var e = Assert.Throws<ArgumentException>(() => Loss(x, y, "categorical_crossentropy(from_logits=true)", Map));
        Assert.Contains("[2, 3, 3]", e.Message);
    }
}
