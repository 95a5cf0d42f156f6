using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// Mean pinball (quantile) loss at level α, as scikit-learn's <c>mean_pinball_loss</c>: the loss a
/// prediction of the α-quantile minimises. α = 0.5 gives half the MAE.
/// </summary>
/// <remarks>
/// ℓ(y, ŷ) = α·(y − ŷ) when y ≥ ŷ, else (1 − α)·(ŷ − y); the metric is Σ wᵢ ℓᵢ / Σ wᵢ. Lower is better.
/// <code>
/// double q90 = PinballLoss.Regression([1, 2, 3], [2, 2, 2], alpha: 0.9); // (0.1·1 + 0 + 0.9·1) / 3 = 0.3333…
/// </code>
/// </remarks>
public sealed class PinballLoss : MeanLossMetric
{
    /// <summary>Creates a streaming pinball loss at quantile level α ∈ [0, 1].</summary>
    public PinballLoss(double alpha = 0.5) : base("pinball")
    {
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentException($"pinball: alpha {alpha.ToString("R", CultureInfo.InvariantCulture)} is outside [0, 1]");
        Alpha = alpha;
    }

    /// <summary>The quantile level α.</summary>
    public double Alpha { get; }

    private protected override string ConfigKey => string.Create(CultureInfo.InvariantCulture, $"pinball(alpha={Alpha:R})");

    /// <summary>Mean pinball loss of the predictions.</summary>
    public static double Regression(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, double alpha = 0.5, ReadOnlySpan<double> weight = default) =>
        new PinballLoss(alpha).Evaluate(target, prediction, weight);

    private protected override double Loss(double y, double p)
    {
        double diff = y - p;
        return diff >= 0 ? Alpha * diff : -((1 - Alpha) * diff);
    }
}
