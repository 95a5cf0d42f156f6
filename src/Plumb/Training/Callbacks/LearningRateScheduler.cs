namespace Plumb.Training;

/// <summary>Sets the learning rate at the start of every epoch from <c>schedule(epoch, currentLr)</c> (Keras' LearningRateScheduler).</summary>
/// <remarks>
/// <code>
/// var warmup = new LearningRateScheduler((epoch, lr) => epoch &lt; 5 ? 1e-3 * (epoch + 1) / 5 : lr * 0.95);
/// </code>
/// </remarks>
public sealed class LearningRateScheduler(Func<int, double, double> schedule) : Callback
{
    private readonly Func<int, double, double> _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch)
    {
        var model = RequireModel();
        double lr = _schedule(epoch, model.LearningRate);
        if (!(lr >= 0) || !double.IsFinite(lr))
            throw new InvalidOperationException($"the learning-rate schedule returned {lr} for epoch {epoch}; it must be finite and ≥ 0");
        model.LearningRate = lr;
    }
}
