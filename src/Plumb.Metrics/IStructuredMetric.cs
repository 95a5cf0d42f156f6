namespace Plumb.Metrics;

/// <summary>
/// A metric whose result is not one number: per-class values (<c>average=none</c>), a confusion matrix, a
/// classification report, curve points. <see cref="IStreamingMetric.Compute"/> throws for such metrics when
/// the result is not a scalar; <see cref="ComputeStructured"/> always works.
/// </summary>
public interface IStructuredMetric : IStreamingMetric
{
    /// <summary>
    /// The result as a JSON-ready value: a <see cref="double"/>, a <c>double[]</c> (per class), a
    /// <c>double[][]</c> (matrix, rows = true class), or an <c>IReadOnlyDictionary&lt;string, object&gt;</c>
    /// whose values are again of these kinds.
    /// </summary>
    object ComputeStructured();
}
