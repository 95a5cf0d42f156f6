using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Layers;

/// <summary>
/// A weight penalty added to the training objective, as Keras' kernel regularizers: L1 = λ₁·Σ|w|,
/// L2 = λ₂·Σw² (no ½ factor, as Keras). The training loop reports it as <c>reg_loss</c>, apart from the data
/// loss.
/// <code>
/// var net = new Sequential(30).Dense(16, "relu", kernelRegularizer: Regularizer.L2(1e-4)).Dense(1, "sigmoid");
/// </code>
/// </summary>
public sealed record Regularizer(double L1Factor, double L2Factor)
{
    /// <summary>λ·Σ|w|.</summary>
    public static Regularizer L1(double factor) => new(Check(factor), 0);

    /// <summary>λ·Σw².</summary>
    public static Regularizer L2(double factor) => new(0, Check(factor));

    /// <summary>λ₁·Σ|w| + λ₂·Σw².</summary>
    public static Regularizer L1L2(double l1, double l2) => new(Check(l1), Check(l2));

    /// <summary>The penalty for one weight tensor (a scalar tensor on the weight's device).</summary>
    public Tensor Penalty(Tensor weight)
    {
        using var scope = NewDisposeScope();
        Tensor p = zeros([], weight.dtype, weight.device);
        if (L1Factor != 0) p = p + L1Factor * weight.abs().sum();
        if (L2Factor != 0) p = p + L2Factor * weight.square().sum();
        return p.MoveToOuterDisposeScope();
    }

    private static double Check(double factor) =>
        factor >= 0 && double.IsFinite(factor) ? factor
        : throw new ArgumentOutOfRangeException(nameof(factor), factor, "a regularization factor must be finite and ≥ 0");
}

/// <summary>A module that contributes a penalty to the training objective (see <see cref="Regularizer"/>).</summary>
public interface IRegularized
{
    /// <summary>The current penalty Σ over regularized weights, a scalar tensor with gradient.</summary>
    Tensor RegularizationLoss();

    /// <summary>Whether any weight is regularized (false: <see cref="RegularizationLoss"/> is always 0).</summary>
    bool HasRegularization { get; }
}

/// <summary>A module that declares the activation applied to its output (used by Compile's checks).</summary>
public interface IDeclaresOutputActivation
{
    /// <summary>The output activation name (<c>linear</c>, <c>sigmoid</c>, <c>softmax</c>, …).</summary>
    string OutputActivation { get; }
}
