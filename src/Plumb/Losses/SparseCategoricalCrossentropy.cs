using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Sparse categorical cross-entropy (<c>sparse_categorical_crossentropy</c>, alias <c>scce</c>):
/// ℓᵢ = −log p_{i,yᵢ} for class-index targets.
/// </summary>
/// <remarks>
/// <para>Targets: class indices [N] (or [N, 1]), integers in [0, K), as integer or floating tensors; for
/// sequences and segmentation masks [B, T] / [B, H, W] (or with a trailing 1) against [B, T, K] / [B, H, W, K]
/// scores, one index per timestep or pixel, the loss averaged over all of them (Keras 3).
/// Predictions: [N, K] probabilities (default, Keras; renormalised and clipped to [ε, 1−ε], ε = 1e-7) or
/// logits with <c>fromLogits</c> (log-softmax).</para>
/// <para><c>ignoreIndex</c> (PyTorch's name; Keras' <c>ignore_class</c>): samples with that target contribute
/// 0 and are left out of the denominator — <see cref="LossReduction.SumOverBatchSize"/> divides by the number of
/// elements (samples, timesteps, pixels) not ignored, as Keras (via its mask) and PyTorch (<c>reduction='mean'</c>) do. There is no default
/// ignore index (PyTorch's −100 is not inherited). <c>classWeights</c> weight each sample by w_{yᵢ}; with
/// <see cref="LossReduction.MeanWithSampleWeight"/> this equals PyTorch's <c>cross_entropy(weight=w)</c>.</para>
/// <code>
/// var scce = new SparseCategoricalCrossentropy();
/// // y = [1, 2], p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (Keras' doc example)
/// Tensor loss = scce.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class SparseCategoricalCrossentropy : ClassIndexLoss
{
    /// <summary>Creates a sparse categorical cross-entropy.</summary>
    public SparseCategoricalCrossentropy(bool fromLogits = false, long? ignoreIndex = null, LossReduction reduction = LossReduction.SumOverBatchSize,
        IReadOnlyList<double>? classWeights = null) : base("sparse_categorical_crossentropy", ignoreIndex, reduction, classWeights)
        => FromLogits = fromLogits;

    /// <inheritdoc />
    public override string Name => "sparse_categorical_crossentropy";

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    private protected override Tensor LogProbabilitiesOf(Tensor yPred) => CategoricalCrossentropy.LogProbabilities(yPred, FromLogits);
}
