using System.Globalization;
using Plumb.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Optimizers by name with Keras' defaults: <c>adam</c>, <c>adamw</c>, <c>sgd</c> (with <c>momentum</c>,
/// <c>nesterov</c>), <c>rmsprop</c>. Arguments go in the spec: <c>sgd(momentum=0.9, nesterov=true)</c>,
/// <c>adamw(weight_decay=0.004)</c>, <c>adam(beta_1=0.9, beta_2=0.999, epsilon=1e-7)</c>. Every optimizer takes Keras'
/// gradient clipping options <c>clipnorm</c>, <c>clipvalue</c> or <c>global_clipnorm</c> (<see cref="GradientClipping"/>).
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

    private static readonly Dictionary<string, ArgumentSchema[]> Schemas = new()
    {
        ["adam"] = [Beta1, Beta2, Epsilon, ArgumentSchema.Flag("amsgrad", "AMSGrad variant"), Decay(0), .. Clip],
        ["adamw"] = [Beta1, Beta2, Epsilon, ArgumentSchema.Flag("amsgrad", "AMSGrad variant"), Decay(0.004), .. Clip],
        ["sgd"] = [ArgumentSchema.Number("momentum", "momentum", 0, 0), ArgumentSchema.Flag("nesterov", "Nesterov momentum"), Decay(0), .. Clip],
        ["rmsprop"] = [ArgumentSchema.Number("rho", "discounting factor", 0.9, 0, 1), Epsilon, ArgumentSchema.Number("momentum", "momentum", 0, 0),
                       ArgumentSchema.Flag("centered", "centered RMSProp"), Decay(0), .. Clip],
    };

    /// <summary>Keras' gradient clipping options, accepted by every optimizer (see <see cref="GradientClipping"/>).</summary>
    private static ArgumentSchema[] Clip =>
    [
        ArgumentSchema.Number("clipnorm", "clip each parameter's gradient to this norm", null, 0),
        ArgumentSchema.Number("clipvalue", "clamp every gradient element to [-v, v]", null, 0),
        ArgumentSchema.Number("global_clipnorm", "clip all gradients together to this norm", null, 0),
    ];

    private static ArgumentSchema Beta1 => ArgumentSchema.Number("beta_1", "first-moment decay", 0.9, 0, 1);
    private static ArgumentSchema Beta2 => ArgumentSchema.Number("beta_2", "second-moment decay", 0.999, 0, 1);
    private static ArgumentSchema Epsilon => ArgumentSchema.Number("epsilon", "numerical stability term", 1e-7, 0);
    private static ArgumentSchema Decay(double d) => ArgumentSchema.Number("weight_decay", "decoupled weight decay", d, 0);

    /// <summary>Creates an optimizer from a spec over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name or bad argument.</exception>
    public static optim.Optimizer Create(string spec, IEnumerable<Parameter> parameters, double? learningRate = null)
    {
        SpecSyntax syntax = Parse(spec);
        if (!Schemas.TryGetValue(syntax.Name, out var schema))
            throw new ArgumentException($"unknown optimizer '{syntax.Name}'; known: {string.Join(", ", Names)}", nameof(spec));
        var args = ArgumentSchema.BindAll(schema, syntax, "optimizer");
        _ = ClippingOf(spec); // the clipping options are checked here, applied by the training loop
        double N(string key) => args.TryGetValue(key, out object? v) ? (double)v : (double)schema.First(a => a.Name == key).Default!;
        bool F(string key) => args.TryGetValue(key, out object? v) && (bool)v;
        double lr = learningRate ?? DefaultLearningRate(spec);
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(learningRate), lr, "the learning rate must be finite and > 0");
        switch (syntax.Name)
        {
            case "adam":
                return optim.Adam(parameters, lr, N("beta_1"), N("beta_2"), N("epsilon"), N("weight_decay"), F("amsgrad"));
            case "adamw":
                return optim.AdamW(parameters, lr, N("beta_1"), N("beta_2"), N("epsilon"), N("weight_decay"), F("amsgrad"));
            case "sgd":
                double momentum = N("momentum");
                bool nesterov = F("nesterov");
                if (nesterov && momentum <= 0) throw new ArgumentException($"optimizer '{syntax.Text}': nesterov needs momentum > 0", nameof(spec));
                return optim.SGD(parameters, lr, momentum, 0, N("weight_decay"), nesterov);
            default:
                return optim.RMSProp(parameters, lr, N("rho"), N("epsilon"), N("weight_decay"), N("momentum"), F("centered"));
        }
    }

    /// <summary>The gradient clipping a spec asks for (<c>adam(global_clipnorm=0.5)</c>), or null when none; null too for
    /// text that is not an optimizer spec (the type name of an optimizer object).</summary>
    /// <exception cref="ArgumentException">Two clipping options, or a bound that is not finite and positive.</exception>
    public static GradientClipping? ClippingOf(string spec)
    {
        SpecSyntax syntax;
        try { syntax = SpecSyntax.Parse(spec, "optimizer"); }
        catch (FormatException) { return null; }
        if (!Schemas.TryGetValue(syntax.Name, out var schema)) return null;
        var args = ArgumentSchema.BindAll(schema, syntax, "optimizer");
        double? Get(string key) => args.TryGetValue(key, out object? v) ? (double)v : null;
        var clip = new GradientClipping(Get("clipnorm"), Get("clipvalue"), Get("global_clipnorm"));
        if (clip is { ClipNorm: null, ClipValue: null, GlobalClipNorm: null }) return null;
        clip.Validate();
        return clip;
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

    private static SpecSyntax Parse(string spec)
    {
        try { return SpecSyntax.Parse(spec, "optimizer"); }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(spec), e); }
    }
}
