using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Log-cosh (<c>log_cosh</c>, alias <c>logcosh</c>): ℓ = mean_c log(cosh(ŷ − y)).</summary>
/// <remarks>
/// ≈ e²/2 for small errors and ≈ |e| − log 2 for large ones; twice differentiable everywhere. Computed stably as
/// e + softplus(−2e) − log 2 (Keras' form), so large errors never overflow cosh. Targets and predictions: any
/// real numbers.
/// <code>
/// var loss = new LogCosh();
/// // y = [[0, 1], [0, 0]], ŷ = [[1, 1], [0, 0]] → log(cosh 1)/4 ≈ 0.108 (Keras' doc example)
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class LogCosh(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <inheritdoc />
    public override string Name => "log_cosh";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor e = yPred - yTrue.to_type(yPred.dtype);
        return MeanLastAxis(e + nn.functional.softplus(-2 * e) - Math.Log(2));
    }
}
