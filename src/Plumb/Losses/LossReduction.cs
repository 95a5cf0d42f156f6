namespace Plumb.Losses;

/// <summary>How per-sample losses ℓᵢ with sample weights wᵢ become the scalar the optimizer minimises.</summary>
/// <remarks>
/// The two weighted means differ whenever weights do not average 1: Keras' default divides by the batch size
/// N, not by Σw. Users read the difference as a bug (Keras issue 19740), so Plumb names them apart.
/// The training loop reports the loss with the reduction it optimises.
/// </remarks>
public enum LossReduction
{
    /// <summary>Σwᵢℓᵢ / N — Keras' default (<c>sum_over_batch_size</c>).</summary>
    SumOverBatchSize = 0,
    /// <summary>Σwᵢℓᵢ / Σwᵢ — a true weighted mean (<c>mean_with_sample_weight</c>).</summary>
    MeanWithSampleWeight,
    /// <summary>Σwᵢℓᵢ.</summary>
    Sum,
    /// <summary>The weighted per-sample losses wᵢℓᵢ, unreduced.</summary>
    None,
}
