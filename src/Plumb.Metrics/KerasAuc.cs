using Plumb.Metrics.Kernels;

namespace Plumb.Metrics;

/// <summary>
/// Keras 3's <c>keras.metrics.AUC</c>: the area under the ROC or PR curve read at fixed thresholds and summed as a
/// Riemann sum. Spec: <c>keras_auc</c>, e.g. <c>keras_auc(curve=pr, num_thresholds=500)</c> or
/// <c>keras_auc(multi_label=true, label_weights=[1|2|1])</c>.
/// </summary>
/// <remarks>
/// <para><b>Thresholds</b>: <c>num_thresholds</c> (default 200) gives t_i = i/(n − 1) for i = 1…n − 2; an explicit
/// <c>thresholds</c> list is used sorted. Both get the end points −ε and 1 + ε (ε = 1e−7). An element is predicted
/// positive at t when score &gt; t, compared in float32 (as Keras). At each threshold the weighted TP, FP, TN, FN are
/// accumulated (a histogram over the thresholds, so streaming and merging are exact).</para>
/// <para><b>Curves</b>: ROC plots y = TPR = TP/(TP+FN) against x = FPR = FP/(FP+TN); PR plots precision
/// TP/(TP+FP) against recall (0/0 is 0, Keras' <c>divide_no_nan</c>). With thresholds ascending,
/// AUC = Σ_i (x_i − x_{i+1})·h_i where h_i = (y_i + y_{i+1})/2 (<c>interpolation</c>), min(y_i, y_{i+1})
/// (<c>minoring</c>) or max(y_i, y_{i+1}) (<c>majoring</c>).</para>
/// <para><b>PR with interpolation</b> (Keras' default for PR, Davis &amp; Goadrich 2006): TP and P = TP + FP vary linearly
/// between neighbouring thresholds, so with ΔTP_i = TP_i − TP_{i+1}, ΔP_i = P_i − P_{i+1}, slope = ΔTP/ΔP and
/// intercept = TP_{i+1} − slope·P_{i+1}: AUC = Σ_i slope·(ΔTP_i + intercept·ln(P_i/P_{i+1})) / (TP_{i+1} + FN_{i+1}),
/// the log term taken as 0 unless both P are positive, every 0-denominator ratio as 0.</para>
/// <para><b>Multilabel</b>: by default every (sample, label) element is one data point (flattened), each weighted by
/// its sample weight times <c>label_weights[label]</c>. With <c>multi_label</c> an AUC is computed per label and
/// averaged, weighted by <c>label_weights</c> when given. Multiclass class indices are read as one-hot rows.</para>
/// <para>Differences from Keras: Plumb sums in float64 (Keras in float32, so values agree to about 1e−7); an AUC with
/// no positives (or, for ROC, no negatives) is 0 as in Keras, not undefined as in <c>roc_auc</c>.</para>
/// <code>
/// var auc = (KerasAuc)MetricRegistry.Create("keras_auc(num_thresholds=3)");
/// auc.Update(new MetricBatch([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]));
/// double v = auc.Compute(); // 0.75 (Keras' docstring example)
/// </code>
/// </remarks>
public sealed class KerasAuc : IMergeableMetric
{
    private const double Epsilon = 1e-7;
    private readonly ThresholdCounts? _fixedCounts;
    private ThresholdCounts? _counts;
    private readonly double[] _thresholds;
    private long _seen;

    /// <summary>The curve whose area is computed.</summary>
    public enum CurveKind
    {
        /// <summary>Receiver operating characteristic: TPR against FPR.</summary>
        Roc,
        /// <summary>Precision against recall.</summary>
        Pr,
    }

    /// <summary>Keras' <c>summation_method</c>.</summary>
    public enum Summation
    {
        /// <summary>Trapezoids for ROC; Davis–Goadrich interpolation for PR.</summary>
        Interpolation,
        /// <summary>The lower of the two neighbouring heights (a lower bound).</summary>
        Minoring,
        /// <summary>The higher of the two neighbouring heights (an upper bound).</summary>
        Majoring,
    }

    /// <summary>Creates Keras' AUC (see remarks for every argument).</summary>
    /// <exception cref="ArgumentException">num_thresholds below 2, a threshold outside [0, 1], negative label weights.</exception>
    public KerasAuc(int numThresholds = 200, CurveKind curve = CurveKind.Roc, Summation summation = Summation.Interpolation,
        IReadOnlyList<double>? thresholds = null, bool multiLabel = false, IReadOnlyList<double>? labelWeights = null, MetricOptions? options = null)
    {
        Options = options ?? new MetricOptions();
        Curve = curve;
        SummationMethod = summation;
        MultiLabel = multiLabel;
        if (labelWeights is not null)
            foreach (double w in labelWeights)
                if (!(w >= 0) || !double.IsFinite(w)) throw new ArgumentException($"keras_auc: label weight {w} is not a finite non-negative number");
        LabelWeights = labelWeights is null ? null : [.. labelWeights];
        List<double> inner;
        if (thresholds is not null)
        {
            foreach (double t in thresholds)
                if (!(t >= 0 && t <= 1)) throw new ArgumentException($"keras_auc: threshold {t} is not in [0, 1]");
            inner = [.. thresholds.Order()];
        }
        else
        {
            if (numThresholds < 2) throw new ArgumentException($"keras_auc: num_thresholds must be an integer > 1, got {numThresholds}");
            inner = [.. Enumerable.Range(0, numThresholds - 2).Select(i => (i + 1) * 1.0 / (numThresholds - 1))];
        }
        _thresholds = [0.0 - Epsilon, .. inner, 1.0 + Epsilon];
        if (!multiLabel) _fixedCounts = _counts = new ThresholdCounts(_thresholds, 1);
    }

    /// <summary>The options (task, from-logits) the targets and scores are read with.</summary>
    public MetricOptions Options { get; }

    /// <summary>ROC or PR.</summary>
    public CurveKind Curve { get; }

    /// <summary>How the areas between thresholds are summed.</summary>
    public Summation SummationMethod { get; }

    /// <summary>One AUC per label, averaged (else all elements flattened).</summary>
    public bool MultiLabel { get; }

    /// <summary>Per-label weights, or null.</summary>
    public IReadOnlyList<double>? LabelWeights { get; }

    /// <summary>Every threshold, end points included, ascending.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <inheritdoc />
    public string Name => "keras_auc";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int c = batch.Columns;
        if (LabelWeights is not null && LabelWeights.Count != c)
            throw new ArgumentException($"keras_auc: {LabelWeights.Count} label weights for {c} score columns");
        if (_counts is not null && _counts.Labels != (MultiLabel ? c : 1))
            throw new ArgumentException($"keras_auc(multi_label): {c} score columns, earlier batches had {_counts.Labels}");
        var (y, s) = ThresholdCounts.Elements(batch, Options.Task, Options.FromLogits, Name, _seen);
        _counts ??= new ThresholdCounts(_thresholds, c);
        for (int i = 0; i < batch.Count; i++)
        {
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            for (int j = 0; j < c; j++)
            {
                double wj = !MultiLabel && LabelWeights is not null ? w * LabelWeights[j] : w;
                _counts.Add(MultiLabel ? j : 0, s[i * c + j], y[i * c + j] == 1, wj);
            }
        }
        _seen += batch.Count;
    }

    /// <summary>The AUC (0 before any data, as Keras).</summary>
    public double Compute()
    {
        if (_counts is null) return 0;
        var per = new double[_counts.Labels];
        for (int l = 0; l < per.Length; l++)
        {
            var (tp, fp, tn, fn) = _counts.Counts(l);
            per[l] = Area(tp, fp, tn, fn, Curve, SummationMethod);
        }
        if (!MultiLabel) return per[0];
        if (LabelWeights is null) return per.Average();
        double num = 0, den = 0;
        for (int l = 0; l < per.Length; l++)
        {
            num += per[l] * LabelWeights[l];
            den += LabelWeights[l];
        }
        return NoNan(num, den);
    }

    /// <summary>The Riemann sum of one label's counts at ascending thresholds (see remarks).</summary>
    internal static double Area(double[] tp, double[] fp, double[] tn, double[] fn, CurveKind curve, Summation method)
    {
        int n = tp.Length;
        double area = 0;
        if (curve == CurveKind.Pr && method == Summation.Interpolation)
        {
            for (int i = 0; i < n - 1; i++)
            {
                double dtp = tp[i] - tp[i + 1], pA = tp[i] + fp[i], pB = tp[i + 1] + fp[i + 1], dp = pA - pB;
                double slope = NoNan(dtp, Math.Max(dp, 0));
                double intercept = tp[i + 1] - slope * pB;
                double ratio = pA > 0 && pB > 0 ? NoNan(pA, Math.Max(pB, 0)) : 1;
                area += NoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
            }
            return area;
        }
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double recall = NoNan(tp[i], tp[i] + fn[i]);
            (x[i], y[i]) = curve == CurveKind.Roc ? (NoNan(fp[i], fp[i] + tn[i]), recall) : (recall, NoNan(tp[i], tp[i] + fp[i]));
        }
        for (int i = 0; i < n - 1; i++)
        {
            double h = method switch
            {
                Summation.Interpolation => (y[i] + y[i + 1]) / 2,
                Summation.Minoring => Math.Min(y[i], y[i + 1]),
                _ => Math.Max(y[i], y[i + 1]),
            };
            area += (x[i] - x[i + 1]) * h;
        }
        return area;
    }

    /// <summary>Keras' <c>divide_no_nan</c>: 0 where the denominator is 0.</summary>
    internal static double NoNan(double num, double den) => den == 0 ? 0 : num / den;

    /// <inheritdoc />
    public void Reset()
    {
        _seen = 0;
        if (_fixedCounts is not null) _fixedCounts.Reset();
        else _counts = null;
    }

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not KerasAuc o || ReferenceEquals(o, this) || o.MultiLabel != MultiLabel || !o._thresholds.AsSpan().SequenceEqual(_thresholds))
            throw new ArgumentException("keras_auc: can only merge another keras_auc with the same thresholds and multi_label");
        if (o._counts is null) return;
        if (_counts is null) _counts = new ThresholdCounts(_thresholds, o._counts.Labels);
        if (!_counts.SameShape(o._counts)) throw new ArgumentException($"keras_auc: cannot merge {o._counts.Labels} labels into {_counts.Labels}");
        _counts.Merge(o._counts);
        _seen += o._seen;
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var counts = _counts ?? new ThresholdCounts(_thresholds, 0);
        byte[] body = counts.ToBytes(Name);
        var result = new byte[body.Length + 8];
        BitConverter.TryWriteBytes(result, _seen);
        body.CopyTo(result, 8);
        return result;
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        if (state.Length < 16) throw new ArgumentException("keras_auc: not a valid state (truncated)", nameof(state));
        long seen = BitConverter.ToInt64(state[..8]);
        // The label count is the first field after the name; read it by loading into a matching shape.
        using var r = new BinaryReader(new MemoryStream(state[8..].ToArray()));
        int labels;
        try
        {
            r.ReadString();
            labels = r.ReadInt32();
        }
        catch (EndOfStreamException e) { throw new ArgumentException("keras_auc: not a valid state (truncated)", nameof(state), e); }
        if (labels < 0 || (!MultiLabel && labels != 1)) throw new ArgumentException("keras_auc: state written with other multi_label", nameof(state));
        var counts = labels == 0 ? null : _fixedCounts ?? new ThresholdCounts(_thresholds, labels);
        if (counts is null)
        {
            Reset();
            return;
        }
        counts.LoadBytes(state[8..], Name);
        _counts = counts;
        _seen = seen;
    }
}
