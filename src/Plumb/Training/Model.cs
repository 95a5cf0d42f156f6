using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Keras-style training for any TorchSharp module: <c>Compile</c> with an optimizer, a loss that steers
/// each batch and metrics that judge each epoch, then <c>Fit</c>, <c>Evaluate</c>, <c>Predict</c>,
/// <c>Save</c> / <c>Load</c>.
/// </summary>
/// <remarks>
/// Metrics are streaming states updated with every batch and computed once per epoch, so the epoch's
/// ROC-AUC is the AUC over all its samples, not an average of batch AUCs. When the loss reads logits
/// (<c>from_logits</c>), the metrics receive sigmoid / softmax probabilities.
/// <code>
/// using var model = new Model(new Sequential(30).Dense(16, "relu").Dense(1, "sigmoid"));
/// model.Compile("adam", loss: "binary_crossentropy", metrics: ["accuracy", "roc_auc"]);
/// History h = model.Fit(x, y, epochs: 10, batchSize: 32, validationData: (xVal, yVal));
/// </code>
/// </remarks>
public sealed partial class Model : IDisposable
{
    private optim.Optimizer? _optimizer;
    private Loss? _loss;
    private List<MetricEntry> _metrics = [];
    private Dictionary<string, MetricDirection> _callbackDirections = []; // keys logged by EpochMetricCallbacks in this Fit
    private CompileConfig? _config;
    private bool _validate = true;
    private MetricPlan? _plan;

    /// <summary>Wraps <paramref name="module"/>.</summary>
    /// <param name="module">Any TorchSharp module mapping a batch tensor to a batch tensor.</param>
    /// <param name="outputActivation">The activation applied to the output (<c>linear</c>, <c>sigmoid</c>,
    /// <c>softmax</c>, <c>log_softmax</c>… any of <see cref="Activations.Names"/>) when it cannot be read from the module;
    /// read from a Plumb <see cref="Sequential"/> or from the last child of a TorchSharp <c>nn.Sequential</c>. Null =
    /// unknown: the output is then judged by its values at the first batch (range, row sums, sign).</param>
    public Model(nn.Module<Tensor, Tensor> module, string? outputActivation = null)
    {
        Module = module ?? throw new ArgumentNullException(nameof(module));
        OutputActivation = outputActivation is null ? DetectActivation(module) : Activations.Normalize(outputActivation);
    }

    /// <summary>Wraps a module with two inputs (<c>forward(tokens, offsets)</c>, as TorchSharp's text classifier);
    /// train it with the <c>Tensor[]</c> overloads of <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>.</summary>
    /// <param name="module">A TorchSharp module mapping two batch tensors to a batch tensor.</param>
    /// <param name="outputActivation">As for a one-input module; null = judged by the output's values.</param>
    public Model(nn.Module<Tensor, Tensor, Tensor> module, string? outputActivation = null)
        : this(Inputs(module ?? throw new ArgumentNullException(nameof(module)), 2, xs => module.forward(xs[0], xs[1])), outputActivation) { }

    /// <summary>
    /// Wraps a module that takes <paramref name="inputs"/> tensors per batch, called by <paramref name="forward"/>
    /// (e.g. <c>xs =&gt; net.forward(xs[0], xs[1], xs[2])</c> for a <c>Module&lt;Tensor, Tensor, Tensor, Tensor&gt;</c>).
    /// </summary>
    /// <param name="module">The module (its parameters are trained, its state saved).</param>
    /// <param name="inputs">How many input tensors each batch has.</param>
    /// <param name="forward">The module's output for one batch of inputs.</param>
    /// <param name="outputActivation">As for a one-input module.</param>
    public static Model WithInputs(nn.Module module, int inputs, Func<Tensor[], Tensor> forward, string? outputActivation = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        return new Model(Inputs(module, inputs, forward), outputActivation);
    }

    private static MultiInputModule Inputs(nn.Module module, int inputs, Func<Tensor[], Tensor> forward) => new(module, inputs, forward);

    /// <summary>The wrapped module; for a model with several inputs, a view of it with the same parameters and
    /// buffers (its one-tensor <c>forward</c> throws: use the <c>Tensor[]</c> overloads).</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>How many input tensors each batch has (1 unless built from a module with several inputs).</summary>
    public int InputCount => Module is MultiInputModule m ? m.Inputs : 1;

    /// <summary>The module's output for one batch.</summary>
    private Tensor Forward(in Batch b) => Module is MultiInputModule m ? m.Forward(b.Inputs) : Module.forward(b.X);

    /// <summary>The output activation (see the constructor), or null when unknown.</summary>
    public string? OutputActivation { get; }

    /// <summary>Set by a callback to end training after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>The compiled loss.</summary>
    public Loss Loss => _loss ?? throw new InvalidOperationException("call Compile before Fit or Evaluate");

    /// <summary>The compiled optimizer.</summary>
    public optim.Optimizer Optimizer => _optimizer ?? throw new InvalidOperationException("call Compile before Fit");

    /// <summary>The learning rate of the optimizer (first parameter group); setting it sets every group.</summary>
    public double LearningRate
    {
        get => Optimizers.GetLearningRate(Optimizer);
        set => Optimizers.SetLearningRate(Optimizer, value);
    }

    /// <summary>The keys every epoch's logs hold during the current <c>Fit</c> (set before <see cref="Callback.OnTrainBegin"/>).</summary>
    public IReadOnlyList<string> LogKeys { get; internal set; } = [];

    /// <summary>The history of the current or last <c>Fit</c>.</summary>
    public History? History { get; private set; }

    /// <summary>How <c>acc</c>/<c>accuracy</c> were resolved at the first batch (empty before).</summary>
    public IReadOnlyList<string> MetricResolution => _plan?.Resolution ?? [];

    /// <summary>Which way the logged quantity <paramref name="key"/> improves: losses down, metrics as they
    /// declare, <c>val_x</c> as <c>x</c>; <see cref="MetricDirection.None"/> for <c>lr</c> and unknown keys.</summary>
    public MetricDirection DirectionOf(string key)
    {
        if (_callbackDirections.TryGetValue(key, out var own)) return own;
        string full = LogKey.Resolve(key, _metrics.Select(m => m.Key)) ?? key;
        string k = full.StartsWith("val_", StringComparison.Ordinal) ? full[4..] : full;
        if (k is "loss" or "reg_loss") return MetricDirection.LowerIsBetter;
        return _metrics.FirstOrDefault(m => m.Key == k)?.Direction ?? MetricDirection.None;
    }

    /// <summary>
    /// The log key that <paramref name="key"/> names: itself when logged, else the key of the metric it spells
    /// (<c>val_auc</c> → <c>val_roc_auc</c>, <c>val_f1(average=macro)</c> → <c>val_f1_macro</c>); null when it names
    /// nothing this model logs.
    /// </summary>
    public string? ResolveLogKey(string key) => LogKey.Resolve(key, LogKeys.Count > 0 ? LogKeys : LogKey.Expand(_metrics.Select(m => m.Key)));

    /// <summary>A copy of every parameter and buffer (BatchNorm statistics included).</summary>
    public WeightsSnapshot GetWeights() => new(Module);

    /// <summary>Copies <paramref name="weights"/> back into the module.</summary>
    public void SetWeights(WeightsSnapshot weights) => weights.Restore(Module);

    /// <summary>Disposes the optimizer and the wrapped module (the model owns both).</summary>
    public void Dispose()
    {
        _optimizer?.Dispose();
        Module.Dispose();
    }

    private static string? DetectActivation(nn.Module<Tensor, Tensor> module)
    {
        if (module is IDeclaresOutputActivation d) return d.OutputActivation;
        nn.Module? last = module;
        // The last child of a TorchSharp nn.Sequential (nested ones included) is what runs last; any other module's
        // forward may call its children in any order, so its output is judged by its values at the first batch.
        while (last is TorchSharp.Modules.Sequential seq) last = seq.children().LastOrDefault();
        return last is null || ReferenceEquals(last, module) ? null : Activations.NameOf(last);
    }
}

/// <summary>A detached copy of a module's parameters and buffers (see <see cref="Model.GetWeights"/>).</summary>
public sealed class WeightsSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    internal WeightsSnapshot(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, t) in module.state_dict())
            _tensors[name] = t.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Names of the copied tensors.</summary>
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    internal void Restore(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, t) in module.state_dict())
        {
            if (!_tensors.TryGetValue(name, out var saved))
                throw new InvalidOperationException($"the snapshot has no '{name}'; it was taken from another architecture");
            t.copy_(saved);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
