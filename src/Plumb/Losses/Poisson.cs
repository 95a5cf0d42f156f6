using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Poisson loss (<c>poisson</c>), Keras' form: ℓ = mean_c (ŷ − y·log(ŷ + ε)), ε = 1e-7.</summary>
/// <remarks>
/// The Poisson negative log-likelihood with ŷ the rate (not its log; see <see cref="PoissonNll"/> for log
/// rates), up to the term log(y!) that does not depend on ŷ. Hence it is <b>not</b> ≥ 0 and not 0 at ŷ = y: its
/// minimum over ŷ is at ŷ = y. Targets: counts ≥ 0. Predictions: rates ≥ 0 (e.g. after softplus or exp).
/// <code>
/// var loss = new Poisson();
/// // y = [2], ŷ = [1] → 1 − 2·log(1 + 1e-7) ≈ 0.9999998
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Poisson(LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <summary>Added to ŷ inside the log (Keras' epsilon).</summary>
    public const double Epsilon = 1e-7;

    /// <inheritdoc />
    public override string Name => "poisson";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, double.PositiveInfinity, "non-negative counts");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        MeanLastAxis(yPred - yTrue.to_type(yPred.dtype) * (yPred + Epsilon).log());
}
