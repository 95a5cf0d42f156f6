using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Layers;

/// <summary>
/// A Keras-style stack of layers whose sizes are inferred from the input shape: <c>Dense</c>, <c>Dropout</c>,
/// <c>BatchNorm</c>, <c>Flatten</c>, <c>Activation</c>. It is an ordinary TorchSharp module, so it can be
/// wrapped by <see cref="Training.Model"/> or used on its own.
/// </summary>
/// <remarks>
/// Keras conventions: Dense kernels start Glorot-uniform with zero biases; BatchNorm uses momentum 0.99
/// (TorchSharp momentum 0.01) and ε = 1e-3. Kernel regularizers add their penalty to the objective; the
/// model reports it as <c>reg_loss</c>.
/// <code>
/// var net = new Sequential(30)
///     .Dense(16, "relu", kernelRegularizer: Regularizer.L2(1e-4))
///     .Dropout(0.2)
///     .Dense(1, "sigmoid");
/// </code>
/// </remarks>
public sealed class Sequential : nn.Module<Tensor, Tensor>, IRegularized, IDeclaresOutputActivation
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = [];
    private readonly List<(Linear Layer, Regularizer Reg)> _regularized = [];
    private long[] _shape;

    /// <summary>Starts a stack for inputs of shape [batch, …<paramref name="inputShape"/>].</summary>
    public Sequential(params long[] inputShape) : base("Sequential")
    {
        if (inputShape.Length == 0 || inputShape.Any(d => d < 1))
            throw new ArgumentException("the input shape needs at least one dimension, each ≥ 1", nameof(inputShape));
        _shape = [.. inputShape];
        OutputActivation = "linear";
    }

    /// <summary>The per-sample output shape so far.</summary>
    public IReadOnlyList<long> OutputShape => _shape;

    /// <summary>The activation of the last layer that has one (<c>linear</c> when none).</summary>
    public string OutputActivation { get; private set; }

    /// <inheritdoc />
    public bool HasRegularization => _regularized.Count > 0;

    /// <summary>A fully connected layer of <paramref name="units"/> on the last axis, then the activation.</summary>
    public Sequential Dense(int units, string activation = "linear", Regularizer? kernelRegularizer = null, bool useBias = true)
    {
        if (units < 1) throw new ArgumentOutOfRangeException(nameof(units), units, "units must be at least 1");
        string act = Activations.Normalize(activation);
        var linear = nn.Linear(_shape[^1], units, useBias);
        using (no_grad())
        {
            nn.init.xavier_uniform_(linear.weight);
            if (linear.bias is { } b) nn.init.zeros_(b);
        }
        Add("dense", linear);
        if (kernelRegularizer is not null) _regularized.Add((linear, kernelRegularizer));
        _shape[^1] = units;
        OutputActivation = "linear";
        return Activation(act);
    }

    /// <summary>An activation by name (see <see cref="Activations"/>).</summary>
    public Sequential Activation(string name)
    {
        string act = Activations.Normalize(name);
        if (Activations.Create(act) is { } m) Add(act, m);
        OutputActivation = act;
        return this;
    }

    /// <summary>Dropout with drop probability <paramref name="rate"/> in training, identity in inference.</summary>
    public Sequential Dropout(double rate)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "the dropout rate must be in [0, 1)");
        Add("dropout", nn.Dropout(rate));
        return this;
    }

    /// <summary>Batch normalisation over the feature axis (inputs [batch, features]).</summary>
    public Sequential BatchNorm(double momentum = 0.99, double epsilon = 1e-3)
    {
        if (_shape.Length != 1) throw new InvalidOperationException($"BatchNorm expects flat features; the shape here is [{string.Join(", ", _shape)}]: add Flatten first");
        Add("batchnorm", nn.BatchNorm1d(_shape[0], eps: epsilon, momentum: 1 - momentum));
        return this;
    }

    /// <summary>Flattens every axis after the batch axis.</summary>
    public Sequential Flatten()
    {
        Add("flatten", nn.Flatten());
        _shape = [_shape.Aggregate(1L, (a, b) => a * b)];
        return this;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        // Intermediates are left to the caller's dispose scope (Model.Fit opens one per batch).
        Tensor x = input;
        foreach (var layer in _layers) x = layer.forward(x);
        return x;
    }

    /// <inheritdoc />
    public Tensor RegularizationLoss()
    {
        using var scope = NewDisposeScope();
        Tensor total = zeros([]);
        foreach (var (layer, reg) in _regularized) total = total + reg.Penalty(layer.weight!);
        return total.MoveToOuterDisposeScope();
    }

    private void Add(string kind, nn.Module<Tensor, Tensor> module)
    {
        register_module($"{_layers.Count}_{kind}", module);
        _layers.Add(module);
    }
}
