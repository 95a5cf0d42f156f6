using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Plumb.Metrics;

/// <summary>
/// The values of a <see cref="MetricCollection"/>: key → value in the order the metrics were given, where a value
/// is a <see cref="double"/> or the JSON-ready form of a structured result. Lookups accept any spelling of a spec
/// (<c>results["auc"]</c> reads <c>roc_auc</c>); <see cref="Scalar"/> reads a number and <see cref="Get{T}"/> a typed
/// structured result (a <see cref="ConfusionMatrixResult"/>, a <see cref="ClassificationReportResult"/>, curve points).
/// </summary>
/// <remarks>
/// <code>
/// MetricResults r = metrics.Compute();
/// double macroF1 = r.Scalar("f1(average=macro)");      // key f1_macro
/// ConfusionMatrixResult cm = r.Get&lt;ConfusionMatrixResult&gt;();
/// </code>
/// </remarks>
public sealed class MetricResults : IReadOnlyDictionary<string, object>
{
    private readonly List<KeyValuePair<string, object>> _values;
    private readonly Dictionary<string, object> _index;
    private readonly List<object> _typed;

    internal MetricResults(List<KeyValuePair<string, object>> values, List<object> typed)
    {
        _values = values;
        _index = values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        _typed = typed;
    }

    /// <summary>The value under <paramref name="key"/> or any spelling of its spec.</summary>
    /// <exception cref="KeyNotFoundException">No such metric in the collection.</exception>
    public object this[string key] => TryGetValue(key, out object? v) ? v
        : throw new KeyNotFoundException($"no metric '{key}' in the results; available: {string.Join(", ", Keys)}");

    /// <summary>The keys in the order given.</summary>
    public IEnumerable<string> Keys => _values.Select(kv => kv.Key);

    /// <summary>The values in the order given.</summary>
    public IEnumerable<object> Values => _values.Select(kv => kv.Value);

    /// <summary>Number of metrics.</summary>
    public int Count => _values.Count;

    /// <summary>A scalar metric's value.</summary>
    /// <exception cref="InvalidOperationException">The metric's result is not one number.</exception>
    public double Scalar(string key) => this[key] is double d ? d
        : throw new InvalidOperationException($"metric '{key}' is not a single number; use Get<T>() or the indexer");

    /// <summary>The first structured result of type <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">No metric in the collection has that result type.</exception>
    public T Get<T>() where T : class =>
        _typed.OfType<T>().FirstOrDefault() ?? throw new KeyNotFoundException($"no {typeof(T).Name} in the results");

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        if (_index.TryGetValue(key, out value)) return true;
        if (MetricRegistry.TryResolve(key, out var spec)) return _index.TryGetValue(spec.Key, out value);
        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
