using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Layers;

/// <summary>
/// Activations by name — every element-wise activation TorchSharp has, under its Keras name where Keras has one:
/// <c>linear</c>, <c>relu</c>, <c>relu6</c>, <c>leaky_relu</c>, <c>prelu</c>, <c>rrelu</c>, <c>elu</c>, <c>selu</c>,
/// <c>celu</c>, <c>gelu</c>, <c>silu</c> (<c>swish</c>), <c>mish</c>, <c>sigmoid</c>, <c>log_sigmoid</c>,
/// <c>hard_sigmoid</c>, <c>hard_swish</c>, <c>hard_tanh</c>, <c>tanh</c>, <c>tanh_shrink</c>, <c>softplus</c>,
/// <c>softsign</c>, <c>soft_shrink</c>, <c>hard_shrink</c>, <c>softmax</c>, <c>softmin</c>, <c>log_softmax</c>.
/// </summary>
/// <remarks>
/// Names are case-insensitive; <c>-</c> reads as <c>_</c> and underscores are optional, so TorchSharp's class names
/// (<c>LogSoftmax</c>, <c>Hardsigmoid</c>) are accepted too. <c>leaky_relu</c> uses Keras' negative slope 0.2
/// (PyTorch's default is 0.01); <c>softmax</c>, <c>softmin</c> and <c>log_softmax</c> are over the last axis;
/// <c>gelu</c> is the exact (erf) form; <c>linear</c> is the identity. Activations that change the shape (GLU,
/// Softmax2d) or need a threshold (Threshold) are left out.
/// <code>
/// nn.Module&lt;Tensor, Tensor&gt;? act = Activations.Create("relu");
/// string? name = Activations.NameOf(nn.LogSoftmax(1)); // "log_softmax"
/// </code>
/// </remarks>
public static class Activations
{
    /// <summary>Keras' default negative slope for <c>leaky_relu</c>.</summary>
    public const double LeakyReluSlope = 0.2;

    /// <summary>Canonical names.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "linear", "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "selu", "celu", "gelu", "silu", "mish",
        "sigmoid", "log_sigmoid", "hard_sigmoid", "hard_swish", "hard_tanh", "tanh", "tanh_shrink", "softplus", "softsign",
        "soft_shrink", "hard_shrink", "softmax", "softmin", "log_softmax",
    ];

    /// <summary>Activations whose outputs are probabilities: in [0, 1] (sigmoid) or rows summing to 1 (softmax).</summary>
    public static IReadOnlyList<string> ProbabilityOutputs { get; } = ["sigmoid", "hard_sigmoid", "softmax", "softmin"];

    /// <summary>Activations whose outputs are log-probabilities (all ≤ 0).</summary>
    public static IReadOnlyList<string> LogProbabilityOutputs { get; } = ["log_softmax", "log_sigmoid"];

    private static readonly Dictionary<string, string> Lookup = BuildLookup();

    private static Dictionary<string, string> BuildLookup()
    {
        var d = Names.ToDictionary(n => n.Replace("_", ""), n => n, StringComparer.Ordinal);
        d["swish"] = "silu";
        return d;
    }

    /// <summary>Canonical name for <paramref name="name"/> (case-insensitive, <c>-</c> = <c>_</c>, underscores optional,
    /// null/empty = linear).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static string Normalize(string? name)
    {
        string n = string.IsNullOrWhiteSpace(name) ? "linear" : name.Trim().ToLowerInvariant().Replace("-", "").Replace("_", "");
        return Lookup.TryGetValue(n, out string? canonical) ? canonical
            : throw new ArgumentException($"unknown activation '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>The activation module for a name, or null for <c>linear</c>.</summary>
    public static nn.Module<Tensor, Tensor>? Create(string? name) => Normalize(name) switch
    {
        "linear" => null,
        "relu" => nn.ReLU(),
        "relu6" => nn.ReLU6(),
        "leaky_relu" => nn.LeakyReLU(LeakyReluSlope),
        "prelu" => nn.PReLU(1, 0.25),
        "rrelu" => nn.RReLU(),
        "elu" => nn.ELU(),
        "selu" => nn.SELU(),
        "celu" => nn.CELU(),
        "gelu" => nn.GELU(),
        "silu" => nn.SiLU(),
        "mish" => nn.Mish(),
        "sigmoid" => nn.Sigmoid(),
        "log_sigmoid" => nn.LogSigmoid(),
        "hard_sigmoid" => nn.Hardsigmoid(),
        "hard_swish" => nn.Hardswish(),
        "hard_tanh" => nn.Hardtanh(),
        "tanh" => nn.Tanh(),
        "tanh_shrink" => nn.Tanhshrink(),
        "softplus" => nn.Softplus(),
        "softsign" => nn.Softsign(),
        "soft_shrink" => nn.Softshrink(),
        "hard_shrink" => nn.Hardshrink(),
        "softmax" => nn.Softmax(-1),
        "softmin" => nn.Softmin(-1),
        "log_softmax" => nn.LogSoftmax(-1),
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>The canonical name of a TorchSharp activation module (<c>linear</c> for a <c>Linear</c> layer), or null
    /// for any other module.</summary>
    public static string? NameOf(nn.Module module) => module switch
    {
        Linear => "linear",
        ReLU => "relu",
        ReLU6 => "relu6",
        LeakyReLU => "leaky_relu",
        PReLU => "prelu",
        RReLU => "rrelu",
        ELU => "elu",
        SELU => "selu",
        CELU => "celu",
        GELU => "gelu",
        SiLU => "silu",
        Mish => "mish",
        Sigmoid => "sigmoid",
        LogSigmoid => "log_sigmoid",
        Hardsigmoid => "hard_sigmoid",
        Hardswish => "hard_swish",
        Hardtanh => "hard_tanh",
        Tanh => "tanh",
        Tanhshrink => "tanh_shrink",
        Softplus => "softplus",
        Softsign => "softsign",
        Softshrink => "soft_shrink",
        Hardshrink => "hard_shrink",
        Softmax => "softmax",
        Softmin => "softmin",
        LogSoftmax => "log_softmax",
        _ => null,
    };
}
