using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Mean absolute error (<c>mae</c>, alias <c>mean_absolute_error</c>): ℓ = mean_c |y − ŷ|.</summary>
/// <remarks>
/// Targets and predictions: any real numbers. Robust to outliers; its minimiser is the conditional median.
/// The gradient at ŷ = y is 0 (TorchSharp's sign). Same quantity as the <c>mae</c> metric.
/// <code>
/// var loss = new MeanAbsoluteError();
/// // y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]] → 0.5 (Keras' doc example)
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class MeanAbsoluteError(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "mae";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        MeanLastAxis((yPred - yTrue.to_type(yPred.dtype)).abs());
}
