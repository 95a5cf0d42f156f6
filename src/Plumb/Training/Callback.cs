using Plumb.Metrics;

namespace Plumb.Training;

/// <summary>
/// Hooks into <c>Model.Fit</c>. Override the events you need; <c>logs</c> hold the values computed so
/// far (at epoch end: <c>loss</c>, each metric, <c>val_</c> of each, <c>lr</c>; at batch end: the running
/// <c>loss</c>). Callbacks run in the order given.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set by <c>Model.Fit</c> before <see cref="OnTrainBegin"/>.</summary>
    public Model? Model { get; internal set; }

    /// <summary>Before the first epoch; <see cref="Training.Model.LogKeys"/> already lists the epoch log keys.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After the last epoch (also after an early stop), with the last epoch's logs.</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before each epoch (0-based index).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>After each epoch, with that epoch's loss and metrics.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before each training batch (0-based within the epoch).</summary>
    public virtual void OnBatchBegin(int batch) { }

    /// <summary>
    /// After <c>backward()</c> of each training batch, before gradient clipping (<see cref="GradientClipping"/>) and the
    /// optimizer's <c>step()</c>: the gradients are in the parameters' <c>grad</c>, to read or change in place
    /// (<c>nn.utils.clip_grad_norm_(Model.Module.parameters(), 0.5)</c>, as TorchSharp's examples do).
    /// </summary>
    public virtual void OnAfterBackward(int batch) { }

    /// <summary>After each training batch, with the running mean of the loss.</summary>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>The model, or an error when the callback is used outside <c>Fit</c>.</summary>
    protected Model RequireModel() => Model ?? throw new InvalidOperationException($"{GetType().Name} is used outside Model.Fit");

    /// <summary>
    /// Finds the log key <paramref name="monitor"/> names (the key itself or any spelling of the metric's spec:
    /// <c>val_auc</c> → <c>val_roc_auc</c>) and whether larger values are better, from <paramref name="mode"/> or
    /// (<c>auto</c>) the direction the metric declares — never guessed from its name.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown monitor (lists the available keys) or no declared direction.</exception>
    protected (string Key, bool HigherIsBetter) ResolveMonitor(string monitor, string mode)
    {
        var model = RequireModel();
        string? key = model.ResolveLogKey(monitor);
        if (key is null)
            throw new ArgumentException($"{GetType().Name} monitors '{monitor}', which this run does not log; available: " +
                                        string.Join(", ", model.LogKeys.Where(k => k != "lr")) +
                                        (monitor.StartsWith("val_", StringComparison.Ordinal) && !model.LogKeys.Any(k => k.StartsWith("val_", StringComparison.Ordinal))
                                            ? " (val_ keys need validationData or validationSplit)" : ""), nameof(monitor));
        switch (mode.ToLowerInvariant())
        {
            case "max": return (key, true);
            case "min": return (key, false);
            case "auto":
                return model.DirectionOf(key) switch
                {
                    MetricDirection.HigherIsBetter => (key, true),
                    MetricDirection.LowerIsBetter => (key, false),
                    _ => throw new ArgumentException($"{GetType().Name}: '{monitor}' declares no direction (higher or lower is better); " +
                                                     "pass mode: \"max\" or mode: \"min\"", nameof(mode)),
                };
            default: throw new ArgumentException($"mode '{mode}': use auto, min or max", nameof(mode));
        }
    }
}

/// <summary>A callback whose counters BackupAndRestore saves and restores, so a resumed run acts as the uninterrupted one.</summary>
internal interface IStatefulCallback
{
    Dictionary<string, double> SaveState();
    void LoadState(Dictionary<string, double> state);

    /// <summary>Weights the callback holds (EarlyStopping's best), serialised by the model; null when none.</summary>
    byte[]? SaveWeights(Model model) => null;

    /// <summary>Restores weights saved by <see cref="SaveWeights"/>.</summary>
    void LoadWeights(Model model, byte[] weights) { }
}
