using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Gradient clipping applied between <c>backward()</c> and the optimizer's <c>step()</c>, with Keras' option names:
/// <c>clipnorm</c> (each parameter's gradient scaled to norm ≤ v), <c>global_clipnorm</c> (all gradients scaled
/// together to global norm ≤ v) and <c>clipvalue</c> (every element clamped to [−v, v]). At most one may be set, as Keras.
/// </summary>
/// <remarks>
/// <para>Usually given in the optimizer spec: <c>Compile("adam(global_clipnorm=0.5)", …)</c>; set
/// <see cref="Model.GradientClipping"/> for an optimizer object. The norms are TorchSharp's <c>clip_grad_norm_</c>
/// (scale v / (‖g‖ + 1e-6) when ‖g‖ &gt; v, PyTorch's rule), so <c>global_clipnorm=0.5</c> is the PyTorch loop's
/// <c>clip_grad_norm_(model.parameters(), 0.5)</c>; <c>clipvalue</c> is <c>clip_grad_value_</c>.</para>
/// <code>
/// model.Compile("sgd(momentum=0.9, global_clipnorm=0.5)", 0.05, "nll");
/// // or: model.GradientClipping = new GradientClipping(GlobalClipNorm: 0.5);
/// </code>
/// </remarks>
/// <param name="ClipNorm">Per-parameter gradient norm bound, or null.</param>
/// <param name="ClipValue">Element-wise bound, or null.</param>
/// <param name="GlobalClipNorm">Bound on the norm of all gradients together, or null.</param>
public sealed record GradientClipping(double? ClipNorm = null, double? ClipValue = null, double? GlobalClipNorm = null)
{
    /// <summary>Keras' option names, as they appear in optimizer specs.</summary>
    public static IReadOnlyList<string> OptionNames { get; } = ["clipnorm", "clipvalue", "global_clipnorm"];

    /// <summary>Checks that at most one bound is set and that it is finite and &gt; 0.</summary>
    /// <exception cref="ArgumentException">Two bounds, or a bound that is not finite and positive.</exception>
    public void Validate()
    {
        int set = (ClipNorm is null ? 0 : 1) + (ClipValue is null ? 0 : 1) + (GlobalClipNorm is null ? 0 : 1);
        if (set > 1) throw new ArgumentException("gradient clipping: set only one of clipnorm, clipvalue and global_clipnorm (as Keras)");
        foreach (var (name, v) in new[] { ("clipnorm", ClipNorm), ("clipvalue", ClipValue), ("global_clipnorm", GlobalClipNorm) })
            if (v is double d && !(d > 0 && double.IsFinite(d)))
                throw new ArgumentException($"gradient clipping: {name} must be finite and > 0, got {d.ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Clips the gradients of <paramref name="parameters"/> in place (parameters without a gradient are skipped).</summary>
    public void Apply(IEnumerable<Parameter> parameters)
    {
        var withGrad = parameters.Where(p => p.grad is not null).ToList();
        if (withGrad.Count == 0) return;
        using var _ = no_grad();
        if (GlobalClipNorm is double g) nn.utils.clip_grad_norm_(withGrad, g);
        else if (ClipNorm is double c)
            foreach (var p in withGrad) nn.utils.clip_grad_norm_([p], c);
        else if (ClipValue is double v) nn.utils.clip_grad_value_(withGrad, v);
    }
}
