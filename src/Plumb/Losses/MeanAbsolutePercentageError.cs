using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Mean absolute percentage error (<c>mape</c>, alias <c>mean_absolute_percentage_error</c>), as a fraction.</summary>
/// <remarks>
/// ℓ = mean_c |y − ŷ| / max(|y|, ε) with ε = 2.220446049250313e-16 (float64 machine epsilon, scikit-learn's).
/// <para><b>Deliberately a fraction, not Keras' percentage</b>: Keras multiplies by 100; Plumb's loss equals
/// the <c>mape</c> metric (scikit-learn's <c>mean_absolute_percentage_error</c>), so 0.12 means 12 %. The
/// gradient is scaled by 1/100 relative to Keras — multiply the learning rate by 100 to reproduce a Keras run.</para>
/// Targets: real, ideally away from 0 (a zero target makes the term huge). For forecasting where relative error
/// matters and targets are positive.
/// <code>
/// var loss = new MeanAbsolutePercentageError();
/// // y = [2, 4], ŷ = [1, 5] → (0.5 + 0.25) / 2 = 0.375
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class MeanAbsolutePercentageError(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <summary>Floor for |y| in the denominator: float64 machine epsilon, as scikit-learn.</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <inheritdoc />
    public override string Name => "mape";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        return MeanLastAxis((y - yPred).abs() / y.abs().clamp_min(Epsilon));
    }
}
