using Plumb.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tabular;

/// <summary>
/// Wraps a network whose output is in standardised units and returns μ + σ·output, so that a regression
/// network learns on a unit scale while the loss and the metrics stay in the target's own units.
/// </summary>
public sealed class ScaledOutput : nn.Module<Tensor, Tensor>, IRegularized, IDeclaresOutputActivation
{
    private readonly nn.Module<Tensor, Tensor> _inner;

    /// <summary>Wraps <paramref name="inner"/> with a fixed affine output μ + σ·x.</summary>
    public ScaledOutput(nn.Module<Tensor, Tensor> inner, double mean, double std) : base("ScaledOutput")
    {
        if (!(std > 0) || !double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(std), $"need finite mean and std > 0, got {mean}, {std}");
        _inner = inner;
        Mean = mean;
        Std = std;
        RegisterComponents();
    }

    /// <summary>μ, the target mean on the training rows.</summary>
    public double Mean { get; }

    /// <summary>σ, the target standard deviation on the training rows.</summary>
    public double Std { get; }

    /// <inheritdoc />
    public string OutputActivation => "linear";

    /// <inheritdoc />
    public bool HasRegularization => _inner is IRegularized { HasRegularization: true };

    /// <inheritdoc />
    public Tensor RegularizationLoss() => _inner is IRegularized r ? r.RegularizationLoss() : zeros(1).sum();

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var y = _inner.forward(input);
        return y * Std + Mean;
    }
}
