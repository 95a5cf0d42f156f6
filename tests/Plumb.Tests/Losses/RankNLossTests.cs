using Plumb.Losses;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>
/// Losses on sequences [B, T, C] and images [B, H, W, C] with Keras 3's reduction: the loss over the last axis, then
/// Σwℓ over every remaining element divided by their number (sum_over_batch_size); weights broadcast from the left.
/// Reference values: PyTorch 1.13 (float64) replicating Keras 3's documented reduction
/// (keras/src/losses/loss.py: reduce_values divides by the element count of the per-element loss; apply_mask divides
/// by the valid count), computed by tests/Plumb.Tests/Losses/reference_values_rank_n.py; hand checks where noted.
/// Keras itself is not installed on the reference machine.
/// </summary>
public class RankNLossTests
{
    private static Tensor T3(double[] v, params long[] shape) => tensor(v, shape, dtype: ScalarType.Float64);

    // y_true, y_pred [2, 3, 2]; per-element MSE (mean over the last axis) = [[1, 0.25, 2.5], [1, 0.625, 2.5]] by hand.
    private static readonly Tensor SeqTrue = T3([0.5, 1, 2, -1, 0, 3, 1, 1, -2, 0.5, 4, 0], 2, 3, 2);
    private static readonly Tensor SeqPred = T3([1.5, 0, 2.5, -0.5, 1, 1, 0, 2, -1, 0, 3, 2], 2, 3, 2);
    private static readonly Tensor StepWeight = T3([1, 0, 2, 0.5, 1, 0], 2, 3);

    [Fact]
    public void Mse_on_a_rank_3_input_divides_by_all_elements_not_rows()
    {
        // Σ(d²) = 144 + 81 + 36 + 36 = 297 over 6 elements → 49.5 (Keras); dividing by the 2 rows gave 148.5.
        var y = zeros(2, 3, 1, dtype: ScalarType.Float64);
        var p = T3([12, 9, 6, 6, 0, 0], 2, 3, 1);
        Assert.Equal(49.5, V(new MeanSquaredError(), y, p), 12);
        Assert.Equal(49.5, V(new MeanSquaredError(), zeros(2, 3, dtype: ScalarType.Float64), p), 12); // [B, T] targets against [B, T, 1]
    }

    [Fact]
    public void Mse_on_sequences_with_per_timestep_sample_and_scalar_weights()
    {
        var mse = new MeanSquaredError();
        Assert.Equal(1.3125, V(mse, SeqTrue, SeqPred), 12);                                   // 7.875 / 6 by hand
        Assert.Equal(1.1875, V(mse, SeqTrue, SeqPred, StepWeight), 12);                     // per-timestep weights [B, T]
        Assert.Equal(1.1875, V(mse, SeqTrue, SeqPred, StepWeight.unsqueeze(-1)), 12);       // [B, T, 1]
        Assert.Equal(1.59375, V(mse, SeqTrue, SeqPred, T([2.0, 0.5])), 12);                 // per-sample, broadcast from the left
        Assert.Equal(0.65625, V(mse, SeqTrue, SeqPred, tensor(0.5, dtype: ScalarType.Float64)), 12); // scalar
        var mws = new MeanSquaredError(LossReduction.MeanWithSampleWeight);
        Assert.Equal(1.5833333333333333, V(mws, SeqTrue, SeqPred, StepWeight), 12);         // 7.125 / 4.5
        Assert.Equal(1.275, V(mws, SeqTrue, SeqPred, T([2.0, 0.5])), 12);                    // 9.5625 / 7.5
        using var none = new MeanSquaredError(LossReduction.None).Call(SeqTrue, SeqPred);
        Assert.Equal([2L, 3L], none.shape);
    }

    private static readonly Tensor Logits = T3([2, 0.5, -1, 0.1, 0.2, 0.3, -1, 3, 0, 1, 1, 1, 0, -2, 2, 1.5, 0.5, 0.5, 0.3, -0.3, 0.9, 2, 2, -2], 2, 2, 2, 3);
    private static readonly long[] Mask = [0, 2, 1, 1, 2, 0, 1, 0];

    [Fact]
    public void Sparse_cross_entropy_on_segmentation_masks()
    {
        var scce = new SparseCategoricalCrossentropy(fromLogits: true);
        var labels = tensor(Mask, [2, 2, 2]);
        // torch.nn.functional.cross_entropy(logits.permute(0, 3, 1, 2), labels) (mean over pixels = Keras' sum_over_batch_size)
        Assert.Equal(0.70244735016908388, V(scce, labels, Logits), 12);
        Assert.Equal(0.70244735016908388, V(scce, labels.unsqueeze(-1), Logits), 12); // [B, H, W, 1] labels
        var pixelWeight = T3([1, 2, 0, 1, 0.5, 1, 1, 3], 2, 2, 2);
        Assert.Equal(0.98608732180659076, V(scce, labels, Logits, pixelWeight), 12);  // (ce·w).sum() / 8
    }

    [Fact]
    public void Ignore_class_leaves_pixels_out_of_the_denominator()
    {
        long[] m = [.. Mask];
        m[2] = 255; m[7] = 255;
        var labels = tensor(m, [2, 2, 2]);
        var scce = new SparseCategoricalCrossentropy(fromLogits: true, ignoreIndex: 255);
        // cross_entropy(..., ignore_index=255): mean over the 6 valid pixels
        Assert.Equal(0.80857192935935773, V(scce, labels, Logits), 12);
        var pixelWeight = T3([1, 2, 0, 1, 0.5, 1, 1, 3], 2, 2, 2);
        // Keras' apply_mask: Σ(ℓ·w·mask) / valid count
        Assert.Equal(0.96365143502257344, V(scce, labels, Logits, pixelWeight), 12);
    }

    [Fact]
    public void Categorical_and_binary_cross_entropy_on_rank_3_and_4_inputs()
    {
        var p = T3([0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4, 0.05, 0.9, 0.05, 0.5, 0.25, 0.25, 0.2, 0.2, 0.6], 2, 3, 3);
        var y = nn.functional.one_hot(tensor(new long[] { 0, 2, 1, 1, 0, 0 }, [2, 3]), 3).to_type(ScalarType.Float64);
        Assert.Equal(0.69862281803845827, V(new CategoricalCrossentropy(), y, p), 12);
        Assert.Equal(0.58507466516324380, V(new CategoricalCrossentropy(), y, p, StepWeight), 12);

        var pb = T3([0.9, 0.2, 0.6, 0.4, 0.1, 0.7, 0.5, 0.99], 2, 2, 2, 1);
        var yb = T3([1, 0, 1, 1, 0, 1, 0, 1], 2, 2, 2, 1);
        var pixelWeight = T3([1, 0, 2, 1, 1, 1, 0.5, 0.5], 2, 2, 2);
        Assert.Equal(0.36510667482777337, V(new BinaryCrossentropy(), yb, pb), 12);
        Assert.Equal(0.35711708910840562, V(new BinaryCrossentropy(), yb, pb, pixelWeight), 12);
    }

    [Fact]
    public void Loss_as_metric_sums_over_every_element()
    {
        var mse = new MeanSquaredError();
        var (sum, weight) = mse.SumAndWeight(SeqTrue, SeqPred, StepWeight);
        Assert.Equal(7.125, sum, 12);   // 1 + 5 + 0.5 + 0.625, by hand
        Assert.Equal(4.5, weight, 12);
        (sum, weight) = mse.SumAndWeight(SeqTrue, SeqPred, T([2.0, 0.5]));
        Assert.Equal(9.5625, sum, 12);
        Assert.Equal(7.5, weight, 12);   // each sample weight counts once per timestep
    }

    [Fact]
    public void Shapes_keras_refuses_are_refused_with_both_shapes()
    {
        static void Refused(Action a, params string[] fragments)
        {
            var e = Assert.ThrowsAny<ArgumentException>(a);
            foreach (string f in fragments) Assert.Contains(f, e.Message);
        }
        var mse = new MeanSquaredError();
        Refused(() => mse.Call(zeros(2, 3, dtype: ScalarType.Float64), SeqPred), "y_true", "[2, 3]", "[2, 3, 2]");
        Refused(() => mse.Call(SeqTrue, SeqPred, T([1.0, 1, 1])), "sample_weight", "[3]", "[2, 3]");
        Refused(() => mse.Call(SeqTrue, SeqPred, ones(2, 2, dtype: ScalarType.Float64)), "sample_weight", "[2, 2]", "[2, 3]");
        Refused(() => mse.Call(SeqTrue, SeqPred, ones(2, 3, 2, dtype: ScalarType.Float64)), "sample_weight", "[2, 3, 2]");
        Refused(() => new SparseCategoricalCrossentropy(fromLogits: true).Call(tensor(new long[] { 0, 1, 2, 0, 1, 2 }, [2, 3]), Logits),
            "y_true", "[2, 3]", "[2, 2, 2, 3]");
        Refused(() => new SparseCategoricalCrossentropy(fromLogits: true).Call(tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 3 }, [2, 2, 2]), Logits),
            "[0, 3)", "3");
        Refused(() => new Dice().Call(zeros(2, 2, 2, 1, dtype: ScalarType.Float64), zeros(2, 2, 2, 1, dtype: ScalarType.Float64), ones(2, 2, dtype: ScalarType.Float64)),
            "sample_weight", "[2, 2]", "[2]");
    }
}
