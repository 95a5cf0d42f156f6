namespace Plumb.Training;

/// <summary>Per-epoch values recorded by <see cref="Model.Fit"/>: one list per key, one entry per epoch.</summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);

    /// <summary>The epochs run (0-based), in order.</summary>
    public List<int> Epochs { get; } = [];

    /// <summary>The recorded keys (<c>loss</c>, metric names, <c>val_</c> names, <c>lr</c>).</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>All values recorded under <paramref name="key"/>, one per epoch.</summary>
    public IReadOnlyList<double> this[string key] =>
        _values.TryGetValue(key, out var list) ? list
        : throw new KeyNotFoundException($"no '{key}' in history; available: {string.Join(", ", _values.Keys)}");

    internal void Add(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Epochs.Add(epoch);
        foreach (var (k, v) in logs)
        {
            if (!_values.TryGetValue(k, out var list)) _values[k] = list = [];
            list.Add(v);
        }
    }
}
