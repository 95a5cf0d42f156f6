namespace Plumb.Training;

/// <summary>Stops training at the first batch whose running loss is NaN or infinite (Keras' TerminateOnNaN).</summary>
/// <remarks>
/// <code>
/// model.Fit(x, y, epochs: 50, callbacks: [new TerminateOnNaN()]);
/// </code>
/// </remarks>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>(epoch, batch) where training was terminated, or null.</summary>
    public (int Epoch, int Batch)? TerminatedAt { get; private set; }

    private int _epoch;

    /// <inheritdoc />
    public override void OnTrainBegin() => TerminatedAt = null;

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch) => _epoch = epoch;

    /// <inheritdoc />
    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            TerminatedAt = (_epoch, batch);
            RequireModel().StopTraining = true;
        }
    }
}
