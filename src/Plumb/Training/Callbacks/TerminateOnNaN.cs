namespace Plumb.Training;

/// <summary>
/// Stops training at the first batch whose running loss is NaN or infinite (Keras' TerminateOnNaN), writing one line
/// that names the epoch and batch.
/// </summary>
/// <remarks>
/// The line reads <c>TerminateOnNaN: loss is NaN at epoch 3, batch 17 — training stopped</c> (epoch and batch
/// counted from 1, as the progress lines; <see cref="TerminatedAt"/> holds them counted from 0). The epoch in
/// progress still ends: its logs (loss, metrics, validation) read NaN where the model diverged, so
/// <see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/> and <see cref="ReduceLROnPlateau"/> see "not
/// improved", and <c>Fit</c> returns the history normally.
/// <code>
/// model.Fit(x, y, epochs: 50, callbacks: [new TerminateOnNaN()]);
/// </code>
/// </remarks>
/// <param name="output">Where the line goes; standard output when null (Keras prints it).</param>
public sealed class TerminateOnNaN(TextWriter? output = null) : Callback
{
    /// <summary>(epoch, batch) where training was terminated, counted from 0, or null.</summary>
    public (int Epoch, int Batch)? TerminatedAt { get; private set; }

    /// <summary>The line written when training was terminated, or null.</summary>
    public string? Message { get; private set; }

    private int _epoch;

    /// <inheritdoc />
    public override void OnTrainBegin() => (TerminatedAt, Message) = (null, null);

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch) => _epoch = epoch;

    /// <inheritdoc />
    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            TerminatedAt = (_epoch, batch);
            string value = double.IsNaN(loss) ? "NaN" : loss > 0 ? "+inf" : "-inf";
            Message = $"TerminateOnNaN: loss is {value} at epoch {_epoch + 1}, batch {batch + 1} — training stopped";
            (output ?? Console.Out).WriteLine(Message);
            RequireModel().StopTraining = true;
        }
    }
}
