namespace Plumb.Training;

/// <summary>Per-epoch values recorded by <c>Model.Fit</c>: one list per key, one entry per epoch run.</summary>
/// <remarks>
/// Keys: <c>loss</c> (the data loss, with the loss's reduction), <c>reg_loss</c> (kernel penalties, when the
/// model has any), each metric key, <c>val_loss</c> and <c>val_</c> + each metric key with validation data,
/// and <c>lr</c> (the learning rate used during the epoch). A run resumed by <c>BackupAndRestore</c> holds the
/// epochs of the interrupted run too.
/// <code>
/// History h = model.Fit(x, y, epochs: 10, validationData: (xv, yv));
/// double best = h["val_roc_auc"].Max();
/// </code>
/// </remarks>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The epochs run (0-based), in order.</summary>
    public List<int> Epochs { get; } = [];

    /// <summary>The recorded keys in first-seen order.</summary>
    public IReadOnlyCollection<string> Keys => _order;

    /// <summary>
    /// Index (0-based, into the recorded epochs) of the best value under <paramref name="key"/>; ties keep the
    /// earliest epoch.
    /// </summary>
    public int BestEpoch(string key, bool lowerIsBetter)
    {
        var values = this[key];
        int best = 0;
        for (int i = 1; i < values.Count; i++)
            if (lowerIsBetter ? values[i] < values[best] : values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>All values recorded under <paramref name="key"/>, one per epoch.</summary>
    /// <exception cref="KeyNotFoundException">Unknown key (the message lists the available ones).</exception>
    /// <remarks>Any spelling of a metric's spec finds its key: <c>h["val_auc"]</c> reads <c>val_roc_auc</c>,
    /// <c>h["val_f1(average=macro)"]</c> reads <c>val_f1_macro</c>.</remarks>
    public IReadOnlyList<double> this[string key] =>
        _values.TryGetValue(key, out var list) ? list
        : LogKey.Resolve(key, _order) is { } k ? _values[k]
        : throw new KeyNotFoundException($"no '{key}' in history; available: {string.Join(", ", _order)}");

    /// <summary>Whether <paramref name="key"/> (or a spelling of its metric's spec) was recorded.</summary>
    public bool Contains(string key) => _values.ContainsKey(key) || LogKey.Resolve(key, _order) is not null;

    internal void Add(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Epochs.Add(epoch);
        foreach (var (k, v) in logs)
        {
            if (!_values.TryGetValue(k, out var list))
            {
                _values[k] = list = [];
                _order.Add(k);
            }
            list.Add(v);
        }
    }

    internal List<HistoryRecord> ToRecords() =>
        [.. Epochs.Select((e, i) => new HistoryRecord(e, _order.Where(k => _values[k].Count > i).ToDictionary(k => k, k => _values[k][i])))];
}

/// <summary>One epoch's logs (serialised by BackupAndRestore).</summary>
internal sealed record HistoryRecord(int Epoch, Dictionary<string, double> Logs);
