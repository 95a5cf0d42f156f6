using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Negative log-likelihood (<c>nll</c>, aliases <c>nll_loss</c>, <c>negative_log_likelihood</c>): ℓᵢ = −z_{i,yᵢ} for a
/// model whose output z is log-probabilities (it ends in <c>log_softmax</c>), PyTorch's <c>NLLLoss</c>.
/// </summary>
/// <remarks>
/// <para>Targets: class indices [N] (or [N, 1]). Predictions: log-probabilities [N, K], used as they are (no clipping,
/// no softmax): <c>nll</c> after <c>log_softmax</c> is <c>sparse_categorical_crossentropy(from_logits=true)</c> on the
/// logits. Training refuses an output that is not log-probabilities (rows ≤ 0 with logsumexp 0) at the first batch.</para>
/// <para>PyTorch's defaults: <c>ignoreIndex</c> −100 (samples with that target contribute 0 and weigh 0) and the
/// reduction <see cref="LossReduction.MeanWithSampleWeight"/>, so with class weights w the loss is
/// Σᵢ w_{yᵢ}ℓᵢ / Σᵢ w_{yᵢ} over the samples not ignored — <c>torch.nn.NLLLoss(weight=w, ignore_index=-100)</c>.
/// Sample weights multiply the class weights. When every sample is ignored the loss is 0 (PyTorch: NaN).</para>
/// <code>
/// var nll = new NegativeLogLikelihood();
/// // y = [1, 2], z = log [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → (−log 0.95 − log 0.1) / 2 = 1.177
/// Tensor loss = nll.Call(yTrue, logProbabilities);
/// </code>
/// </remarks>
public sealed class NegativeLogLikelihood : ClassIndexLoss
{
    /// <summary>PyTorch's default ignore index.</summary>
    public const long DefaultIgnoreIndex = -100;

    /// <summary>Creates a negative log-likelihood loss.</summary>
    public NegativeLogLikelihood(long? ignoreIndex = DefaultIgnoreIndex, LossReduction reduction = LossReduction.MeanWithSampleWeight,
        IReadOnlyList<double>? classWeights = null) : base("nll", ignoreIndex, reduction, classWeights) { }

    /// <inheritdoc />
    public override string Name => "nll";

    private protected override Tensor LogProbabilitiesOf(Tensor yPred) => yPred;
}
