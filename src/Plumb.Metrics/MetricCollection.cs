namespace Plumb.Metrics;

/// <summary>
/// Many metrics updated from one pass over the data. Label metrics with equal options share one confusion
/// matrix, updated once per batch and read by each (precision, recall, F1, MCC, the report… cost one
/// matrix); score metrics with equal options (ROC-AUC, average precision, the curves) share one set of retained
/// samples, filled once per batch; every other metric keeps its own state. Mergeable and serialisable as a whole.
/// </summary>
/// <remarks>
/// Keys are the specs' canonical keys (<see cref="MetricSpec.Key"/>: <c>auc</c> → <c>roc_auc</c>,
/// <c>f1(average=macro)</c> → <c>f1_macro</c>); metrics given as objects key by their name. <see cref="Compute"/>
/// returns a <see cref="MetricResults"/>: numbers, the JSON-ready form of structured results (per-class arrays, a
/// matrix, a report), and the typed results by type. A batch that fails validation in one metric may leave
/// metrics before it updated: validate data first, or <see cref="Reset"/> after an error.
/// <code>
/// var metrics = new MetricCollection(["accuracy", "f1(average=macro)", "mcc", "confusion_matrix"],
///                                    new MetricOptions { Task = MetricTask.Multiclass });
/// metrics.Update(new MetricBatch(target, scores, columns: 3));
/// MetricResults values = metrics.Compute();
/// double macroF1 = values.Scalar("f1(average=macro)");
/// ConfusionMatrixResult cm = values.Get&lt;ConfusionMatrixResult&gt;();
/// </code>
/// </remarks>
public sealed class MetricCollection
{
    private readonly List<(string Key, IStreamingMetric Metric)> _entries = [];
    private readonly List<string> _specs = [];
    private readonly List<ConfusionState> _states = [];
    private readonly HashSet<IStreamingMetric> _followers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the metrics from specs (see <see cref="MetricRegistry"/>) with shared options.</summary>
    /// <exception cref="ArgumentException">Unknown metric (with a suggestion), bad arguments, or a duplicate spec.</exception>
    public MetricCollection(IEnumerable<string> specs, MetricOptions? options = null)
        : this(specs.Select(MetricRegistry.Resolve).Select(s => (s.Key, MetricRegistry.Create(s, options), s.Canonical))) { }

    /// <summary>Collects existing metrics, keyed by their <see cref="IStreamingMetric.Name"/>.</summary>
    public MetricCollection(IEnumerable<IStreamingMetric> metrics) : this(metrics.Select(m => (m.Name, m, m.Name))) { }

    private MetricCollection(IEnumerable<(string Key, IStreamingMetric Metric, string Spec)> entries)
    {
        var byConfig = new Dictionary<string, ConfusionState>();
        foreach (var (key, metric, spec) in entries)
        {
            if (_entries.Any(e => e.Key == key)) throw new ArgumentException($"metric '{key}' appears twice");
            if (metric is LabelMetric lm)
            {
                string config = lm.State.ConfigKey;
                if (byConfig.TryGetValue(config, out var shared)) lm.State = shared;
                else
                {
                    byConfig[config] = lm.State;
                    _states.Add(lm.State);
                }
            }
            _entries.Add((key, metric));
            _specs.Add(spec);
        }
        ScoreMetric.ShareStates(_entries.Select(e => e.Metric), _followers);
    }

    /// <summary>The specs in canonical form, in the order given (for metrics given as objects, their names): a
    /// collection built from them has the same metrics.</summary>
    public IReadOnlyList<string> Specs => _specs;

    /// <summary>The keys, in the order given.</summary>
    public IReadOnlyList<string> Keys => [.. _entries.Select(e => e.Key)];

    /// <summary>The metric under <paramref name="key"/> (label metrics share their state with the collection).</summary>
    public IStreamingMetric this[string key] =>
        _entries.FirstOrDefault(e => e.Key == key).Metric
        ?? (MetricRegistry.TryResolve(key, out var spec) ? _entries.FirstOrDefault(e => e.Key == spec.Key).Metric : null)
        ?? throw new KeyNotFoundException($"no metric '{key}' in the collection");

    /// <summary>Number of distinct confusion matrices kept (one per distinct label-metric options).</summary>
    public int SharedStates => _states.Count;

    /// <summary>Adds one batch to every metric (each shared confusion matrix once).</summary>
    public void Update(in MetricBatch batch)
    {
        foreach (var s in _states) s.Update(batch);
        foreach (var (_, m) in _entries)
            if (m is not LabelMetric && !_followers.Contains(m)) m.Update(batch);
    }

    /// <summary>Every metric's value by key: numbers, structured values (JSON-ready), and the typed results.</summary>
    public MetricResults Compute()
    {
        var result = new List<KeyValuePair<string, object>>();
        var typed = new List<object>();
        foreach (var (key, m) in _entries)
        {
            result.Add(new(key, m is IStructuredMetric sm ? sm.ComputeStructured() : m.Compute()));
            if (Typed(m) is { } t) typed.Add(t);
        }
        return new MetricResults(result, typed);
    }

    private static object? Typed(IStreamingMetric m) => m switch
    {
        IStructuredMetric<ConfusionMatrixResult> c when c is not ConfusionMatrix { State.Task: MetricTask.Multilabel } => c.ComputeResult(),
        IStructuredMetric<ClassificationReportResult> r => r.ComputeResult(),
        IStructuredMetric<RocCurvePoints> r => r.ComputeResult(),
        IStructuredMetric<PrecisionRecallCurvePoints> r => r.ComputeResult(),
        IStructuredMetric<CalibrationCurvePoints> { } c when c is not Calibration { EceOnly: true } => c.ComputeResult(),
        _ => null,
    };

    /// <summary>Clears every state.</summary>
    public void Reset()
    {
        foreach (var s in _states) s.Reset();
        foreach (var (_, m) in _entries)
            if (m is not LabelMetric && !_followers.Contains(m)) m.Reset();
    }

    /// <summary>Adds another collection with the same keys and options (e.g. another shard's).</summary>
    /// <exception cref="ArgumentException">Different keys, or a metric that cannot merge.</exception>
    public void Merge(MetricCollection other)
    {
        if (!Keys.SequenceEqual(other.Keys)) throw new ArgumentException("cannot merge collections with different metrics");
        var merged = new HashSet<ConfusionState>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _entries.Count; i++)
        {
            var (key, m) = _entries[i];
            var o = other._entries[i].Metric;
            if (m is LabelMetric lm)
            {
                if (o is not LabelMetric olm) throw new ArgumentException($"cannot merge '{key}': different metric kinds");
                if (merged.Add(lm.State)) lm.State.Merge(olm.State);
            }
            else if (_followers.Contains(m))
            {
                if (!other._followers.Contains(o)) throw new ArgumentException($"cannot merge '{key}': it shares its samples here but not in the other collection");
            }
            else if (m is IMergeableMetric mm && o is IMergeableMetric om) mm.Merge(om);
            else throw new ArgumentException($"metric '{key}' ({m.GetType().Name}) cannot merge");
        }
    }

    /// <summary>Every metric's state as bytes (keys, then each state).</summary>
    /// <exception cref="NotSupportedException">A metric that is not <see cref="IMergeableMetric"/>.</exception>
    public byte[] SaveState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(_entries.Count);
            foreach (var (key, m) in _entries)
            {
                byte[] b = (m as IMergeableMetric ?? throw new NotSupportedException($"metric '{key}' cannot save its state")).SaveState();
                w.Write(key);
                w.Write(b.Length);
                w.Write(b);
            }
        }
        return ms.ToArray();
    }

    /// <summary>Replaces every state with those saved by <see cref="SaveState"/> from a collection with the same keys.</summary>
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            int n = r.ReadInt32();
            if (n != _entries.Count) throw new ArgumentException($"state holds {n} metrics, the collection {_entries.Count}");
            foreach (var (key, m) in _entries)
            {
                string k = r.ReadString();
                if (k != key) throw new ArgumentException($"state holds metric '{k}' where the collection has '{key}'");
                byte[] b = r.ReadBytes(r.ReadInt32());
                if (!_followers.Contains(m)) ((IMergeableMetric)m).LoadState(b); // a follower reads its leader's samples
            }
        }
        catch (EndOfStreamException e) { throw new ArgumentException("truncated collection state", e); }
    }
}
