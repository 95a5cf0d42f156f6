using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Presents a module with several inputs (<c>forward(tokens, offsets)</c>) as the <see cref="Model.Module"/>: it shares
/// the module's children, parameters and buffers under the same names, so state dicts, saved weights, <c>train()</c> /
/// <c>eval()</c> and the optimizer see exactly the wrapped module; the training loop calls <see cref="Forward"/>.
/// </summary>
internal sealed class MultiInputModule : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module _inner;
    private readonly Func<Tensor[], Tensor> _forward;

    public MultiInputModule(nn.Module inner, int inputs, Func<Tensor[], Tensor> forward) : base(inner.GetName())
    {
        _inner = inner;
        _forward = forward;
        Inputs = inputs;
        foreach (var (name, child) in inner.named_children()) register_module(name, child);
        foreach (var (name, p) in inner.named_parameters(recurse: false)) register_parameter(name, p);
        foreach (var (name, b) in inner.named_buffers(recurse: false)) register_buffer(name, b);
    }

    /// <summary>How many input tensors <see cref="Forward"/> takes.</summary>
    public int Inputs { get; }

    /// <summary>The wrapped module's output for one batch of inputs.</summary>
    public Tensor Forward(Tensor[] inputs)
    {
        if (inputs.Length != Inputs) throw new ArgumentException($"the model takes {Inputs} inputs, got {inputs.Length}");
        return _forward(inputs);
    }

    public override Tensor forward(Tensor input) =>
        throw new InvalidOperationException($"this model takes {Inputs} inputs: pass them together (Fit/Evaluate/Predict with Tensor[] inputs)");

    public override void train(bool on = true)
    {
        _inner.train(on);
        base.train(on);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
