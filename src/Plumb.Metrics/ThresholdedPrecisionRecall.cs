using Plumb.Metrics.Kernels;

namespace Plumb.Metrics;

/// <summary>
/// Keras 3's <c>Precision(thresholds=…, top_k=…, class_id=…)</c> and <c>Recall(…)</c>: every (sample, label) element
/// is one binary decision, predicted positive when its score is strictly above the threshold, and one value is
/// returned per threshold. Specs: <c>precision(thresholds=[0.3|0.5|0.7])</c>, <c>recall(top_k=2)</c>,
/// <c>precision(top_k=1, class_id=2)</c>.
/// </summary>
/// <remarks>
/// <para>Precision = Σ TP / Σ (TP + FP), recall = Σ TP / Σ (TP + FN), summed over every element (micro), 0 where the
/// denominator is 0 (Keras' <c>divide_no_nan</c>). <c>top_k</c>: in each row only the k highest scores keep their
/// value (ties: the lower column first, as <c>top_k</c>), the others become −1e10; without explicit thresholds the
/// threshold is then −1e10, so exactly the top k of each row are positive. <c>class_id</c>: after top-k, only that
/// column is counted. Multiclass class indices are read as one-hot rows. Sample weights weigh every element of their
/// row. Scores are probabilities: with <see cref="MetricOptions.FromLogits"/> a sigmoid (softmax for multiclass) comes
/// first, so Keras' <c>Precision(thresholds=0)</c> on logits is <c>precision(thresholds=[0.5])</c> here.</para>
/// <para>With one threshold <see cref="IStreamingMetric.Compute"/> returns the number; with a list
/// <see cref="IStructuredMetric.ComputeStructured"/> returns a <c>double[]</c>, one value per threshold in the
/// order given. Differences from Plumb's own <c>precision</c>/<c>recall</c> (used when neither <c>thresholds</c> nor
/// <c>top_k</c> is given): those take the argmax for multiclass data, average per class, and predict positive at
/// score ≥ threshold.</para>
/// <code>
/// var p = MetricRegistry.Create("precision(top_k=2)");
/// p.Update(new MetricBatch([0, 0, 1, 1], [1.0, 1, 1, 1], columns: 4));
/// double v = p.Compute(); // 0 (Keras' docstring: the top 2 are the first two columns)
/// </code>
/// </remarks>
public sealed class ThresholdedPrecisionRecall : IStructuredMetric, IMergeableMetric
{
    /// <summary>Keras' <c>NEG_INF</c>: the value of scores outside the top k, and the default threshold with top_k.</summary>
    public const double NegInf = -1e10;

    private readonly ThresholdCounts _counts;
    private readonly bool _recall;
    private long _seen;

    /// <summary>Creates Keras' precision (or recall when <paramref name="recall"/>).</summary>
    /// <param name="recall">Recall instead of precision.</param>
    /// <param name="thresholds">Thresholds (one value each); null for 0.5, or −1e10 with <paramref name="topK"/>.</param>
    /// <param name="topK">Only the k highest scores of each row can be positive; null for all.</param>
    /// <param name="classId">Count only this column; null for all.</param>
    /// <param name="options">Task and from-logits.</param>
    /// <exception cref="ArgumentException">An empty threshold list, NaN thresholds, top_k below 1 or a negative class_id.</exception>
    public ThresholdedPrecisionRecall(bool recall, IReadOnlyList<double>? thresholds = null, int? topK = null, int? classId = null, MetricOptions? options = null)
    {
        _recall = recall;
        if (thresholds is { Count: 0 }) throw new ArgumentException($"{Name}: thresholds is an empty list");
        if (thresholds is not null && thresholds.Any(double.IsNaN)) throw new ArgumentException($"{Name}: a threshold is NaN");
        if (topK is < 1) throw new ArgumentException($"{Name}: top_k must be at least 1, got {topK}");
        if (classId is < 0) throw new ArgumentException($"{Name}: class_id must be ≥ 0, got {classId}");
        TopK = topK;
        ClassId = classId;
        Options = options ?? new MetricOptions();
        _counts = new ThresholdCounts(thresholds ?? [topK is null ? 0.5 : NegInf], 1);
    }

    /// <summary>The thresholds, in the order given.</summary>
    public IReadOnlyList<double> Thresholds => _counts.Thresholds;

    /// <summary>k of top-k, or null.</summary>
    public int? TopK { get; }

    /// <summary>The one column counted, or null.</summary>
    public int? ClassId { get; }

    /// <summary>Task and from-logits.</summary>
    public MetricOptions Options { get; }

    /// <inheritdoc />
    public string Name => _recall ? "recall" : "precision";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int c = batch.Columns;
        if (ClassId is int id && id >= c) throw new ArgumentException($"{Name}: class_id {id} is not a column of {c} scores");
        var (y, s) = ThresholdCounts.Elements(batch, Options.Task, Options.FromLogits, Name, _seen);
        var keep = new bool[c];
        var order = new int[c];
        for (int i = 0; i < batch.Count; i++)
        {
            var row = s.AsSpan(i * c, c);
            if (TopK is int k && k < c)
            {
                for (int j = 0; j < c; j++) order[j] = j;
                // Stable order by descending score: ties keep the lower column first.
                var rowCopy = row.ToArray();
                Array.Sort(order, (a, b) => rowCopy[b].CompareTo(rowCopy[a]) is var cmp && cmp != 0 ? cmp : a.CompareTo(b));
                Array.Clear(keep);
                for (int j = 0; j < k; j++) keep[order[j]] = true;
                for (int j = 0; j < c; j++)
                    if (!keep[j]) row[j] = NegInf;
            }
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            if (ClassId is int cid) _counts.Add(0, row[cid], y[i * c + cid] == 1, w);
            else
                for (int j = 0; j < c; j++) _counts.Add(0, row[j], y[i * c + j] == 1, w);
        }
        _seen += batch.Count;
    }

    /// <summary>The value at the single threshold.</summary>
    /// <exception cref="InvalidOperationException">Several thresholds: use <see cref="ComputeStructured"/>.</exception>
    public double Compute() => ComputeStructured() is double d
        ? d
        : throw new InvalidOperationException($"{Name} has one value per threshold here; use ComputeStructured()");

    /// <summary>A number for one threshold, else a <c>double[]</c> in the order the thresholds were given.</summary>
    public object ComputeStructured()
    {
        var (tp, fp, _, fn) = _counts.Counts(0);
        var v = new double[tp.Length];
        for (int t = 0; t < v.Length; t++) v[t] = KerasAuc.NoNan(tp[t], tp[t] + (_recall ? fn[t] : fp[t]));
        return v.Length == 1 ? v[0] : v;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _counts.Reset();
        _seen = 0;
    }

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not ThresholdedPrecisionRecall o || ReferenceEquals(o, this) || o._recall != _recall || o.TopK != TopK || o.ClassId != ClassId
            || !o._counts.SameShape(_counts))
            throw new ArgumentException($"{Name}: can only merge the same metric with the same thresholds, top_k and class_id");
        _counts.Merge(o._counts);
        _seen += o._seen;
    }

    /// <inheritdoc />
    public byte[] SaveState() => _counts.ToBytes($"{Name}(top_k={TopK},class_id={ClassId})");

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state) => _counts.LoadBytes(state, $"{Name}(top_k={TopK},class_id={ClassId})");
}
