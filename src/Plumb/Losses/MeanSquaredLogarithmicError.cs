using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Mean squared logarithmic error (<c>msle</c>, alias <c>mean_squared_logarithmic_error</c>).</summary>
/// <remarks>
/// ℓ = mean_c (log(1 + y) − log(1 + max(ŷ, 0)))². Targets must be ≥ 0. Predictions below 0 are clamped to 0
/// (zero gradient there); Keras clamps at 1e-7 instead, which shifts values by up to ~1e-7 when y or ŷ is 0 —
/// Plumb clamps at 0 so the value equals the <c>msle</c> metric (scikit-learn's
/// <c>mean_squared_log_error</c>) on valid input. For positive targets spanning orders of magnitude, where
/// relative error matters.
/// <code>
/// var loss = new MeanSquaredLogarithmicError();
/// // y = [3], ŷ = [1] → (log 4 − log 2)² = (log 2)² ≈ 0.4805
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class MeanSquaredLogarithmicError(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "msle";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, double.PositiveInfinity, "non-negative");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        MeanLastAxis((yTrue.to_type(yPred.dtype).log1p() - yPred.clamp_min(0).log1p()).square());
}
