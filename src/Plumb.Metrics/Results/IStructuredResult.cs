namespace Plumb.Metrics;

/// <summary>
/// A structured metric with a typed result: <see cref="ComputeResult"/> returns the record (a confusion matrix, a
/// report, curve points), <see cref="IStructuredMetric.ComputeStructured"/> the same numbers as a JSON-ready object.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public interface IStructuredMetric<out T> : IStructuredMetric where T : class
{
    /// <summary>The result as its type.</summary>
    T ComputeResult();
}
