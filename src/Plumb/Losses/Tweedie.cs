using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Tweedie deviance loss (<c>tweedie(power=1.5)</c>): the unit deviance of a Tweedie distribution.</summary>
/// <remarks>
/// With μ = max(ŷ, ε), ε = 1e-7, and power ρ:
/// ρ = 0: (y − μ)² (on ŷ itself, no clamp); ρ = 1: 2(y·log(y/μ) − y + μ); ρ = 2: 2(log(μ/y) + y/μ − 1);
/// otherwise 2(max(y,0)^(2−ρ)/((1−ρ)(2−ρ)) − y·μ^(1−ρ)/(1−ρ) + μ^(2−ρ)/(2−ρ)). Mean over the last axis.
/// ≥ 0 and 0 at ŷ = y. The same quantity as scikit-learn's <c>mean_tweedie_deviance</c> (the
/// <c>tweedie_deviance(power=…)</c> metric). Its gradient in μ is twice that of the Tweedie negative
/// log-likelihood used by LightGBM/XGBoost. ρ must be 0 or ≥ 1 (no Tweedie distribution has 0 &lt; ρ &lt; 1);
/// the default 1.5 is a compound Poisson–gamma (zero-inflated positive amounts: claims, sales).
/// Targets: any real for ρ = 0; ≥ 0 for 1 ≤ ρ &lt; 2; &gt; 0 for ρ ≥ 2. Predictions: means &gt; 0.
/// <code>
/// var loss = new Tweedie(power: 1);
/// // y = [2], ŷ = [1] → 2(2·log 2 − 2 + 1) ≈ 0.7726
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class Tweedie : Loss
{
    /// <summary>Floor for the predicted mean.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Creates a Tweedie deviance; <paramref name="power"/> must be 0 or ≥ 1.</summary>
    public Tweedie(double power = 1.5, LossReduction reduction = LossReduction.SumOverBatchSize) : base(reduction)
    {
        if (!(power == 0 || power >= 1)) throw new ArgumentException($"loss 'tweedie': power must be 0 or ≥ 1, got {Fmt(power)}", nameof(power));
        Power = power;
    }

    /// <summary>The variance power ρ.</summary>
    public double Power { get; }

    /// <inheritdoc />
    public override string Name => "tweedie";

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred)
    {
        if (Power == 0) return;
        if (Power < 2) RequireRange(yTrue, 0, double.PositiveInfinity, $"non-negative for power={Fmt(Power)}");
        else RequireRange(yTrue, double.Epsilon, double.PositiveInfinity, $"positive for power={Fmt(Power)}");
    }

    /// <inheritdoc />
    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor y = yTrue.to_type(yPred.dtype);
        if (Power == 0) return MeanLastAxis((y - yPred).square());
        Tensor mu = yPred.clamp_min(Epsilon);
        double p = Power;
        Tensor dev = p switch
        {
            1 => 2 * (xlogy(y, y) - xlogy(y, mu) - y + mu),
            2 => 2 * ((mu / y).log() + y / mu - 1),
            _ => 2 * (y.clamp_min(0).pow(2 - p) / ((1 - p) * (2 - p)) - y * mu.pow(1 - p) / (1 - p) + mu.pow(2 - p) / (2 - p)),
        };
        return MeanLastAxis(dev);
    }
}
