using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>Soft F-beta loss (<c>soft_fbeta(beta=1)</c>): ℓ = 1 − (1+β²)TP / ((1+β²)TP + β²FN + FP + ε).</summary>
/// <remarks>
/// Soft counts as in <see cref="SoftF1"/> (ε = 1e-7); β &gt; 1 weighs recall more, β &lt; 1 precision; β = 1 is
/// <see cref="SoftF1"/>. Binary/pooled by default, <c>macro</c> averages per column. Non-decomposable. Targets
/// in [0, 1]; predictions probabilities or logits with <c>fromLogits</c>. A surrogate of the <c>fbeta</c> metric.
/// <code>
/// var loss = new SoftFBeta(beta: 2);
/// // y = [1, 0, 1], p = [0.8, 0.4, 0.6]: TP 1.4, FP 0.4, FN 0.6 → 1 − 5·1.4/(7 + 2.4 + 0.4) ≈ 0.2857
/// Tensor l = loss.Call(yTrue, yPred);
/// </code>
/// </remarks>
public sealed class SoftFBeta : SurrogateLoss
{
    /// <summary>Creates a soft F-beta loss; <paramref name="beta"/> must be positive.</summary>
    public SoftFBeta(double beta = 1, bool fromLogits = false, bool macro = false)
    {
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentException($"loss 'soft_fbeta': beta must be positive, got {Fmt(beta)}", nameof(beta));
        Beta = beta;
        FromLogits = fromLogits;
        Macro = macro;
    }

    /// <inheritdoc />
    public override string Name => "soft_fbeta";

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Whether the loss is averaged over columns.</summary>
    public bool Macro { get; }

    /// <inheritdoc />
    protected override void CheckDomain(Tensor yTrue, Tensor yPred) => RequireRange(yTrue, 0, 1, "in [0, 1]");

    /// <inheritdoc />
    protected override Tensor Value(Tensor yTrue, Tensor yPred, Tensor? weight) =>
        Compute(yTrue, FromLogits ? yPred.sigmoid() : yPred, weight, Beta, Macro);

    internal static Tensor Compute(Tensor y, Tensor p, Tensor? weight, double beta, bool macro)
    {
        var (tp, fp, fn) = SoftCounts(y, p, weight, macro);
        double b2 = beta * beta;
        Tensor f = (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp + SoftF1.Epsilon);
        return (1 - f).mean();
    }
}
