using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Cosine similarity loss (<c>cosine_similarity</c>), Keras' sign: ℓ = −(y·ŷ) / (‖y‖·‖ŷ‖) per row.</summary>
/// <remarks>
/// Each vector is normalised as x / √max(Σx², 1e-12) (Keras' <c>l2_normalize</c>), so a zero vector gives 0,
/// never NaN. Values lie in [−1, 1]: −1 when ŷ points along y (any positive scale), 1 when opposite — it is
/// <b>not</b> ≥ 0 (Keras' convention, so that minimising it maximises the similarity). Inputs are [N, D] rows
/// (or [B, T, D]: one value per timestep, reduced over all of them);
/// on 1-D input each sample is a 1-vector and ℓ = −sign(y·ŷ). For embeddings and directions.
/// <code>
/// var loss = new CosineSimilarity();
/// // y = [[0, 1], [1, 1]], ŷ = [[1, 0], [1, 1]] → (0 + −1) / 2 = −0.5 (Keras' doc example)
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class CosineSimilarity(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "cosine_similarity";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (yPred.dim() == 1) { y = y.unsqueeze(-1); yPred = yPred.unsqueeze(-1); }
        Tensor yn = y * y.square().sum(-1, keepdim: true).clamp_min(1e-12).rsqrt();
        Tensor pn = yPred * yPred.square().sum(-1, keepdim: true).clamp_min(1e-12).rsqrt();
        Tensor l = -(yn * pn).sum(-1);
        return l;
    }
}
