using Plumb.Metrics;

namespace Plumb.Training;

/// <summary>
/// A callback that computes values of its own after each epoch and logs them beside the loss and the compiled
/// metrics (e.g. <see cref="DetectionValidation"/>'s <c>val_map</c>): its keys are in <see cref="Model.LogKeys"/>
/// from the start of <c>Fit</c>, its values in the epoch's logs and <see cref="History"/> before any callback's
/// <see cref="Callback.OnEpochEnd"/> — so <see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/> and
/// <see cref="ReduceLROnPlateau"/> monitor them as any metric, in the direction declared here.
/// </summary>
/// <remarks>
/// <code>
/// sealed class Half : EpochMetricCallback
/// {
///     public override IReadOnlyList&lt;(string Key, MetricDirection Direction)&gt; Keys =&gt; [("half_loss", MetricDirection.LowerIsBetter)];
///     public override void AddLogs(int epoch, IDictionary&lt;string, double&gt; logs) =&gt; logs["half_loss"] = logs["loss"] / 2;
/// }
/// </code>
/// </remarks>
public abstract class EpochMetricCallback : Callback
{
    /// <summary>The keys this callback logs every epoch and which way each improves.</summary>
    public abstract IReadOnlyList<(string Key, MetricDirection Direction)> Keys { get; }

    /// <summary>Adds this epoch's values under <see cref="Keys"/> to <paramref name="logs"/> (which already holds the loss, metrics and validation values).</summary>
    public abstract void AddLogs(int epoch, IDictionary<string, double> logs);
}
