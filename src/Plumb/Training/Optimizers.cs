using System.Globalization;
using Plumb.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Optimizers by name with Keras' defaults: <c>adam</c>, <c>adamw</c>, <c>sgd</c> (with <c>momentum</c>,
/// <c>nesterov</c>), <c>rmsprop</c>. Arguments go in the spec: <c>sgd(momentum=0.9, nesterov=true)</c>,
/// <c>adamw(weight_decay=0.004)</c>, <c>adam(beta_1=0.9, beta_2=0.999, epsilon=1e-7)</c>.
/// </summary>
/// <remarks>
/// Defaults follow Keras 3: learning rate 1e-3 (0.01 for SGD), Adam ε = 1e-7, AdamW weight decay 0.004,
/// RMSprop ρ = 0.9 and ε = 1e-7. TorchSharp's own defaults differ (ε = 1e-8, RMSprop α = 0.99).
/// <code>
/// optim.Optimizer opt = Optimizers.Create("sgd(momentum=0.9, nesterov=true)", module.parameters(), learningRate: 0.1);
/// </code>
/// </remarks>
public static class Optimizers
{
    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["adam", "adamw", "sgd", "rmsprop"];

    /// <summary>Keras' default learning rate for an optimizer name.</summary>
    public static double DefaultLearningRate(string name) => Parse(name).Name == "sgd" ? 0.01 : 1e-3;

    /// <summary>Creates an optimizer from a spec over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name or bad argument.</exception>
    public static optim.Optimizer Create(string spec, IEnumerable<Parameter> parameters, double? learningRate = null)
    {
        MetricSpec s = Parse(spec);
        double lr = learningRate ?? DefaultLearningRate(spec);
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(learningRate), lr, "the learning rate must be finite and > 0");
        try
        {
            switch (s.Name)
            {
                case "adam":
                    Allow(s, "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay");
                    return optim.Adam(parameters, lr, s.Number("beta_1", 0.9), s.Number("beta_2", 0.999), s.Number("epsilon", 1e-7),
                        s.Number("weight_decay", 0), Flag(s, "amsgrad"));
                case "adamw":
                    Allow(s, "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay");
                    return optim.AdamW(parameters, lr, s.Number("beta_1", 0.9), s.Number("beta_2", 0.999), s.Number("epsilon", 1e-7),
                        s.Number("weight_decay", 0.004), Flag(s, "amsgrad"));
                case "sgd":
                    Allow(s, "momentum", "nesterov", "weight_decay");
                    double momentum = s.Number("momentum", 0);
                    bool nesterov = Flag(s, "nesterov");
                    if (nesterov && momentum <= 0) throw new ArgumentException($"optimizer '{s.Text}': nesterov needs momentum > 0", nameof(spec));
                    return optim.SGD(parameters, lr, momentum, 0, s.Number("weight_decay", 0), nesterov);
                case "rmsprop":
                    Allow(s, "rho", "epsilon", "momentum", "centered", "weight_decay");
                    return optim.RMSProp(parameters, lr, s.Number("rho", 0.9), s.Number("epsilon", 1e-7), s.Number("weight_decay", 0),
                        s.Number("momentum", 0), Flag(s, "centered"));
                default:
                    throw new ArgumentException($"unknown optimizer '{s.Name}'; known: {string.Join(", ", Names)}", nameof(spec));
            }
        }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(spec), e); }
    }

    /// <summary>The learning rate of the first parameter group.</summary>
    public static double GetLearningRate(optim.Optimizer optimizer) =>
        optimizer.ParamGroups.FirstOrDefault()?.LearningRate ?? throw new InvalidOperationException("the optimizer has no parameter group");

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        if (!(lr >= 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "the learning rate must be finite and ≥ 0");
        foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
    }

    private static MetricSpec Parse(string spec)
    {
        try { return MetricSpec.Parse(spec); }
        catch (FormatException e) { throw new ArgumentException(e.Message.Replace("metric spec", "optimizer spec", StringComparison.Ordinal), nameof(spec), e); }
    }

    private static void Allow(MetricSpec s, params string[] keys)
    {
        foreach (string k in s.Arguments.Keys)
            if (!keys.Contains(k, StringComparer.OrdinalIgnoreCase))
                throw new FormatException($"optimizer '{s.Text}': unknown argument '{k}'; known: {string.Join(", ", keys)}");
    }

    private static bool Flag(MetricSpec s, string key) =>
        !s.Arguments.TryGetValue(key, out string? v) ? false
        : v.ToLower(CultureInfo.InvariantCulture) switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new FormatException($"optimizer '{s.Text}': argument {key}='{v}' is not true/false"),
        };
}
