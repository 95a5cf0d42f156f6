using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Poisson negative log-likelihood (<c>poisson_nll</c>), PyTorch's <c>PoissonNLLLoss</c>.</summary>
/// <remarks>
/// With <c>logInput</c> (default, as PyTorch) the prediction is the log-rate z: ℓ = mean_c (e^z − y·z) — no
/// clamp or link needed, the natural output of a linear layer. Otherwise the prediction is the rate λ:
/// ℓ = λ − y·log(λ + ε), ε = 1e-8 (PyTorch's). <c>full</c> adds Stirling's approximation of log(y!),
/// y·log y − y + ½·log(2πy), for y &gt; 1. Without <c>full</c> the loss is not ≥ 0 (it omits log y!); its minimum is
/// at rate = y. Targets: counts ≥ 0. For count regression.
/// <code>
/// var loss = new PoissonNll();
/// // y = [2], z = [0] → e⁰ − 0 = 1
/// Tensor l = loss.Call(yTrue, logRates);
/// </code>
/// </remarks>
public sealed class PoissonNll(bool logInput = true, bool full = false, LossReduction reduction = LossReduction.SumOverBatchSize) : Loss(reduction)
{
    /// <summary>Added to λ inside the log when <see cref="LogInput"/> is false (PyTorch's eps).</summary>
    public const double Epsilon = 1e-8;

    /// <inheritdoc />
    public override string Name => "poisson_nll";

    /// <summary>Whether predictions are log-rates.</summary>
    public bool LogInput { get; } = logInput;

    /// <summary>Whether the Stirling term is added.</summary>
    public bool Full { get; } = full;

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, double.PositiveInfinity, "non-negative counts");

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        Tensor l = LogInput ? yPred.exp() - y * yPred : yPred - y * (yPred + Epsilon).log();
        if (Full)
        {
            Tensor st = xlogy(y, y) - y + 0.5 * (2 * Math.PI * y).log();
            l = l + st.masked_fill(y.le(1), 0);
        }
        return MeanLastAxis(l);
    }
}
