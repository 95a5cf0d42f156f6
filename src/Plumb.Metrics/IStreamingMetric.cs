namespace Plumb.Metrics;

/// <summary>
/// A metric accumulated over batches: <see cref="Update"/> each batch, <see cref="Compute"/> once per epoch,
/// <see cref="Reset"/> between epochs. The value of <see cref="Compute"/> is the metric over every sample seen,
/// never an average of per-batch values.
/// </summary>
public interface IStreamingMetric
{
    /// <summary>The name the metric reports under (e.g. <c>roc_auc</c>, <c>f1</c>).</summary>
    string Name { get; }

    /// <summary>Which way the metric improves.</summary>
    MetricDirection Direction { get; }

    /// <summary>Adds one batch to the state.</summary>
    void Update(in MetricBatch batch);

    /// <summary>The metric over everything added since the last <see cref="Reset"/>.</summary>
    double Compute();

    /// <summary>Clears the state.</summary>
    void Reset();
}
