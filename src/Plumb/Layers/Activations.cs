using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Layers;

/// <summary>Activations by Keras name: <c>relu</c>, <c>gelu</c>, <c>tanh</c>, <c>sigmoid</c>, <c>softmax</c>,
/// <c>linear</c>, <c>leaky_relu</c>.</summary>
/// <remarks>
/// <c>leaky_relu</c> uses Keras' negative slope 0.2 (PyTorch's default is 0.01); <c>softmax</c> is over the last
/// axis; <c>gelu</c> is the exact (erf) form; <c>linear</c> is the identity.
/// <code>
/// nn.Module&lt;Tensor, Tensor&gt;? act = Activations.Create("relu");
/// </code>
/// </remarks>
public static class Activations
{
    /// <summary>Keras' default negative slope for <c>leaky_relu</c>.</summary>
    public const double LeakyReluSlope = 0.2;

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["linear", "relu", "gelu", "tanh", "sigmoid", "softmax", "leaky_relu"];

    /// <summary>Canonical name for <paramref name="name"/> (case-insensitive, <c>-</c> = <c>_</c>, null/empty = linear).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static string Normalize(string? name)
    {
        string n = string.IsNullOrWhiteSpace(name) ? "linear" : name.Trim().ToLowerInvariant().Replace('-', '_');
        if (n == "leakyrelu") n = "leaky_relu";
        return Names.Contains(n) ? n
            : throw new ArgumentException($"unknown activation '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>The activation module for a name, or null for <c>linear</c>.</summary>
    public static nn.Module<Tensor, Tensor>? Create(string? name) => Normalize(name) switch
    {
        "linear" => null,
        "relu" => nn.ReLU(),
        "gelu" => nn.GELU(),
        "tanh" => nn.Tanh(),
        "sigmoid" => nn.Sigmoid(),
        "softmax" => nn.Softmax(-1),
        "leaky_relu" => nn.LeakyReLU(LeakyReluSlope),
        _ => throw new InvalidOperationException("unreachable"),
    };
}
