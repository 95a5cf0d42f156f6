using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Mean squared error (<c>mse</c>, alias <c>mean_squared_error</c>): ℓ = mean_c (y − ŷ)².</summary>
/// <remarks>
/// Targets and predictions: any real numbers. For regression with Gaussian-like noise; penalises large errors
/// quadratically. Same quantity as the <c>mse</c> metric (scikit-learn's <c>mean_squared_error</c>).
/// <code>
/// var loss = new MeanSquaredError();
/// // y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]] → (0.5 + 0.5) / 2 = 0.5 (Keras' doc example)
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class MeanSquaredError(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        MeanLastAxis((yPred - yTrue.to_type(yPred.dtype)).square());
}
