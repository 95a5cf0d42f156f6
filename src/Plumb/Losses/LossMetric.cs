using System.Runtime.InteropServices;
using Plumb.Metrics;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// Any loss as a streaming metric: for a decomposable loss the value is Σwᵢℓᵢ / Σwᵢ over every sample seen
/// (w: sample weight × class weight; 1 when absent; ignored samples weigh 0); for a surrogate, the loss over all
/// the data at once (targets and scores are retained until <see cref="Compute"/>).
/// </summary>
/// <remarks>
/// <para>The weighted mean here is <see cref="LossReduction.MeanWithSampleWeight"/>, whatever the loss' own
/// reduction, so the value does not depend on how the data was batched. The training loop's <c>loss</c> entry is
/// the optimised reduction (default <see cref="LossReduction.SumOverBatchSize"/>), averaged over batches; the two
/// differ when weights do not average 1.</para>
/// <para>Batches arrive as <see cref="MetricBatch"/> (double spans) and are turned into tensors of
/// <see cref="DType"/> — float32 by default, the dtype models train in and Keras' default, so the metric reads what
/// the loss itself returns on the model's output (binary cross-entropy clips at 1 − 1e-7, which rounds to
/// 1 − 1.19e-7 in float32: p = 1 on a negative costs 15.942 in float32, 16.118 in float64) — then summed in float64
/// across samples and batches. One column → [N]; K columns → [N, K]. Class-index targets are one-hot encoded for losses with one-hot targets
/// (and for per-column losses such as BCE on K scores); one-hot rows are reduced by argmax for sparse losses.
/// Ranking losses read the query id of each row (<see cref="MetricBatch.Group"/>) and see one padded list per query.
/// Empty data gives NaN. Direction: lower is better.</para>
/// <code>
/// var m = new LossMetric(new Huber(delta: 1.5));
/// m.Update(new MetricBatch([1.0, 2.0], [1.5, 5.0]));
/// double v = m.Compute(); // (0.125 + 3.375) / 2 = 1.75
/// </code>
/// </remarks>
public sealed class LossMetric : IDescribedMetric
{
    private readonly LossTarget _target;
    private double _weightedSum, _weightSum;
    private readonly List<double> _t = [], _s = [], _w = [];
    private readonly List<long> _g = [];
    private int _columns = -1, _targetColumns = -1;
    private bool _weighted;

    /// <summary>Wraps a loss; <paramref name="name"/> defaults to the loss' name.</summary>
    /// <param name="loss">The loss.</param>
    /// <param name="name">Log name; the loss' name when null.</param>
    /// <param name="target">Target layout; the loss' registered one when null.</param>
    /// <param name="dtype">Dtype the loss is evaluated in: float32 (default, as the model and Keras) or float64.</param>
    public LossMetric(Loss loss, string? name = null, LossTarget? target = null, ScalarType dtype = ScalarType.Float32)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"loss metric '{name ?? loss.Name}': dtype must be float32 or float64, got {dtype}", nameof(dtype));
        DType = dtype;
        Loss = loss;
        Name = name ?? loss.Name;
        LossDescriptor? d = Training.LossResolver.Registered(loss);
        _target = target ?? d?.Target ?? LossTarget.Values;
        Descriptor = d is not null ? d.AsMetric() with { Name = Name } : new MetricDescriptor
        {
            Name = Name, Family = MetricFamily.Loss, Direction = MetricDirection.LowerIsBetter, Description = "custom loss",
            Reads = Training.LossResolver.KindOf(loss) == LossKind.Regression ? MetricInputs.RealValues : MetricInputs.Labels | MetricInputs.Probabilities,
        };
    }

    /// <inheritdoc />
    public MetricDescriptor Descriptor { get; }

    /// <summary>The dtype the loss is evaluated in (float32 by default); sums accumulate in float64.</summary>
    public ScalarType DType { get; }

    /// <summary>The wrapped loss.</summary>
    public Loss Loss { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.LowerIsBetter;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        if (batch.Count == 0) return;
        var (t, tCols) = Targets(batch);
        int k = batch.Columns;
        if (Loss.IsDecomposable)
        {
            using var scope = NewDisposeScope();
            Tensor yt = Shape(t, batch.Count, tCols), yp = Shape(batch.Score.ToArray(), batch.Count, k);
            Tensor? w = batch.Weight.IsEmpty ? null : tensor(batch.Weight.ToArray(), dtype: ScalarType.Float64).to_type(DType);
            var (ws, wsum) = Loss.SumAndWeight(yt, yp, w);
            _weightedSum += ws;
            _weightSum += wsum;
            return;
        }
        if (_columns >= 0 && (_columns != k || _targetColumns != tCols))
            throw new ArgumentException($"loss '{Loss.Name}': batch has {k} score columns but earlier batches had {_columns}", nameof(batch));
        if (_columns >= 0 && _weighted == batch.Weight.IsEmpty)
            throw new ArgumentException($"loss '{Loss.Name}': sample weights must be given for every batch or for none", nameof(batch));
        (_columns, _targetColumns, _weighted) = (k, tCols, !batch.Weight.IsEmpty);
        if (Loss is RankingLoss)
        {
            if (batch.Group.IsEmpty) throw new ArgumentException($"loss '{Loss.Name}': a ranking loss needs a query id per row (MetricBatch.Group)", nameof(batch));
            if (_weighted) throw new ArgumentException($"loss '{Loss.Name}': as a metric, a ranking loss weighs every query equally; sample weights are not supported", nameof(batch));
            _g.AddRange(batch.Group);
        }
        _t.AddRange(t);
        _s.AddRange(batch.Score);
        _w.AddRange(batch.Weight);
    }

    /// <inheritdoc />
    public double Compute()
    {
        if (Loss.IsDecomposable) return _weightSum > 0 ? _weightedSum / _weightSum : double.NaN;
        if (_s.Count == 0) return double.NaN;
        int n = _s.Count / _columns;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (Loss is RankingLoss)
        {
            var (relevance, score, _) = RankingLoss.Pad(CollectionsMarshal.AsSpan(_g), CollectionsMarshal.AsSpan(_t), CollectionsMarshal.AsSpan(_s));
            return Loss.Call(relevance, score).item<double>();
        }
        Tensor yt = Shape([.. _t], n, _targetColumns), yp = Shape([.. _s], n, _columns);
        Tensor? w = _weighted ? tensor(_w.ToArray(), dtype: ScalarType.Float64).to_type(DType) : null;
        return Loss.Call(yt, yp, w).to_type(ScalarType.Float64).item<double>();
    }

    /// <inheritdoc />
    public void Reset()
    {
        (_weightedSum, _weightSum) = (0, 0);
        _t.Clear(); _s.Clear(); _w.Clear(); _g.Clear();
        (_columns, _targetColumns) = (-1, -1);
    }

    private Tensor Shape(double[] values, int n, int columns) =>
        (columns == 1 ? tensor(values, dtype: ScalarType.Float64) : tensor(values, [n, columns], dtype: ScalarType.Float64)).to_type(DType);

    /// <summary>Targets laid out as the loss expects, and their columns per sample.</summary>
    private (double[] Values, int Columns) Targets(in MetricBatch batch)
    {
        int n = batch.Count, k = batch.Columns;
        bool indices = k > 1 && batch.Target.Length == n;
        if (_target == LossTarget.ClassIndex)
        {
            if (!indices && k > 1)
            {
                var idx = new double[n];
                for (int i = 0; i < n; i++)
                {
                    var row = batch.Target.Slice(i * k, k);
                    int best = 0;
                    for (int j = 1; j < k; j++) if (row[j] > row[best]) best = j;
                    idx[i] = best;
                }
                return (idx, 1);
            }
            return (batch.Target.ToArray(), 1);
        }
        if (!indices) return (batch.Target.ToArray(), k);
        var oneHot = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            double c = batch.Target[i];
            if (!(c >= 0 && c < k && c == Math.Floor(c)))
                throw new ArgumentException($"loss '{Loss.Name}': y_true must be class indices in [0, {k}), got {c.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", nameof(batch));
            oneHot[i * k + (int)c] = 1;
        }
        return (oneHot, k);
    }
}
