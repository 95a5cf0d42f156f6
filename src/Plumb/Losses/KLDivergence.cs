using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Kullback–Leibler divergence (<c>kl_divergence</c>, aliases <c>kld</c>, <c>kullback_leibler_divergence</c>): ℓ = Σ_c y_c·log(y_c / p_c).</summary>
/// <remarks>
/// Keras' form: both y and p are clipped to [ε, 1] (ε = 1e-7) — so y = 0 contributes ~0 and p = 0 stays finite —
/// and the per-sample value is the sum over the last axis (PyTorch's <c>reduction='batchmean'</c>).
/// Targets: probability rows in [0, 1]; predictions: probabilities (not log-probabilities — TorchSharp's
/// <c>kl_div</c> defaults to <c>log_target=true</c> and takes log-inputs; not inherited). ≥ 0 when rows sum to 1,
/// 0 at p = y. For distillation and distribution matching.
/// <code>
/// var loss = new KLDivergence();
/// // y = [[0.5, 0.5]], p = [[0.25, 0.75]] → 0.5·log 2 + 0.5·log(2/3) ≈ 0.1438
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class KLDivergence(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <summary>Clipping epsilon.</summary>
    public const double Epsilon = 1e-7;

    /// <inheritdoc />
    public override string Name => "kl_divergence";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "probabilities in [0, 1]");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype).clamp(Epsilon, 1);
        Tensor p = yPred.clamp(Epsilon, 1);
        Tensor l = y * (y / p).log();
        return l.dim() > 1 ? l.sum(-1) : l;
    }
}
