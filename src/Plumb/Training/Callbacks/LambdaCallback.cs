namespace Plumb.Training;

/// <summary>A callback made of delegates, for one-off hooks (Keras' LambdaCallback).</summary>
/// <remarks>
/// <code>
/// var log = new LambdaCallback(onEpochEnd: (e, logs) => Console.WriteLine($"{e}: {logs["loss"]}"));
/// </code>
/// </remarks>
public sealed class LambdaCallback(
    Action? onTrainBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainEnd = null,
    Action<int>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<int>? onBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onBatchEnd = null) : Callback
{
    /// <inheritdoc />
    public override void OnTrainBegin() => onTrainBegin?.Invoke();
    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
    /// <inheritdoc />
    public override void OnEpochBegin(int epoch) => onEpochBegin?.Invoke(epoch);
    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);
    /// <inheritdoc />
    public override void OnBatchBegin(int batch) => onBatchBegin?.Invoke(batch);
    /// <inheritdoc />
    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onBatchEnd?.Invoke(batch, logs);
}
