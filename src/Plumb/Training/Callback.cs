namespace Plumb.Training;

/// <summary>
/// Hooks into <see cref="Model.Fit"/>. Override the events you need; <c>logs</c> hold the values computed so
/// far (at epoch end: <c>loss</c>, each metric, and <c>val_</c> of each).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set by <see cref="Model.Fit"/> before <see cref="OnTrainBegin"/>.</summary>
    public Model? Model { get; internal set; }

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After the last epoch (also after an early stop).</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before each epoch (0-based index).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>After each epoch, with that epoch's loss and metrics.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before each training batch.</summary>
    public virtual void OnBatchBegin(int batch) { }

    /// <summary>After each training batch, with the running mean of the loss.</summary>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
}
