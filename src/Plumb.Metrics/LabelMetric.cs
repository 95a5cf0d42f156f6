namespace Plumb.Metrics;

/// <summary>
/// Base of every metric computed from predicted labels (accuracy, precision, recall, F-scores, MCC, κ…).
/// All of them read one shared, streaming, mergeable weighted confusion matrix; in a
/// <see cref="MetricCollection"/> metrics with the same options share a single one, updated once per batch.
/// </summary>
/// <remarks>
/// Tasks: binary (targets 0/1, one score per sample, predicted positive when score ≥ threshold), multiclass
/// (targets 0…K−1 or one-hot rows; K score columns → first maximum, or one column of predicted labels) and
/// multilabel (K targets 0/1 and K scores per sample, each thresholded). Labels: when
/// <see cref="MetricOptions.NumClasses"/> is 0, binary and multiclass metrics run over the labels present in
/// targets ∪ predictions, as scikit-learn does without <c>labels=</c>; declare NumClasses to run over all
/// 0…K−1. With <see cref="MetricTask.Regression"/> (e.g. accuracy requested with the training checks turned off)
/// the task is read from the first batch's shape: one score column binary, more multiclass. Invalid input (labels outside the task's set, NaN/±∞ scores, negative weights) throws
/// <see cref="ArgumentException"/> naming the value and its sample index, and leaves the state unchanged.
/// <code>
/// var f1 = new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Macro });
/// f1.Update(new MetricBatch(target, scores, columns: 3));
/// double macroF1 = f1.Compute();
/// </code>
/// </remarks>
public abstract class LabelMetric : IStructuredMetric, IMergeableMetric
{
    private protected LabelMetric(string name, MetricDirection direction, MetricOptions? options, bool inferTask = false)
    {
        Name = name;
        Direction = direction;
        Options = options ?? new MetricOptions();
        State = new ConfusionState(Options, inferTask);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public MetricDirection Direction { get; }

    /// <summary>The options the metric decodes and averages with.</summary>
    public MetricOptions Options { get; }

    /// <summary>The confusion state; a <see cref="MetricCollection"/> points metrics with equal options at one state.</summary>
    internal ConfusionState State { get; set; }

    /// <inheritdoc />
    public void Update(in MetricBatch batch) => State.Update(batch);

    /// <summary>The metric as one number.</summary>
    /// <exception cref="InvalidOperationException">The result is not a number (<c>average=none</c>, a matrix, a report).</exception>
    public double Compute() => ComputeStructured() is double d
        ? d
        : throw new InvalidOperationException($"{Name} is not a single number here; use ComputeStructured()");

    /// <inheritdoc />
    public object ComputeStructured() => ComputeFrom(State);

    /// <summary>Resets, adds <paramref name="batch"/> and computes: the functional form of any label metric.</summary>
    public object Evaluate(in MetricBatch batch)
    {
        Reset();
        Update(batch);
        return ComputeStructured();
    }

    internal abstract object ComputeFrom(ConfusionState state);

    /// <inheritdoc />
    public void Reset() => State.Reset();

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not LabelMetric o) throw new ArgumentException($"cannot merge {other.GetType().Name} into {Name}");
        State.Merge(o.State);
    }

    /// <inheritdoc />
    public byte[] SaveState() => State.ToBytes();

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state) => State.LoadBytes(state);

    private protected static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}

/// <summary>
/// A label metric computed per class from (tp, fp, fn, tn) and combined with <see cref="Metrics.Average"/>:
/// micro (pool the counts), macro (mean over labels), weighted (by support = true count), samples (mean
/// of per-sample values, multilabel only), none (one value per label, a <c>double[]</c>) or binary (the
/// positive class 1). A ratio whose denominator is zero takes <see cref="MetricOptions.ZeroDivision"/>.
/// </summary>
public abstract class AveragedLabelMetric : LabelMetric
{
    private readonly RatioKind _kind;
    private readonly double _beta;

    private protected AveragedLabelMetric(string name, MetricOptions? options, RatioKind kind, double beta = 1)
        : base(name, MetricDirection.HigherIsBetter, options)
    {
        _kind = kind;
        _beta = beta;
        var avg = Average;
        Require(avg != Metrics.Average.Samples || Options.Task == MetricTask.Multilabel,
            $"{name}: average=samples is only defined for multilabel tasks");
        Require(avg != Metrics.Average.Binary || Options.Task is MetricTask.Binary or MetricTask.Regression,
            $"{name}: average=binary needs the binary task (task is {Options.Task}); use micro, macro or weighted");
    }

    /// <summary>How per-class values are combined: the declared average, else the task's default (binary: the positive class; otherwise macro).</summary>
    public Average Average => Options.Average ?? (State.Task == MetricTask.Binary ? Metrics.Average.Binary : Metrics.Average.Macro);

    internal override object ComputeFrom(ConfusionState s) => Options.ClassId is int c
        ? OfClass(s, c)
        : LabelMath.Averaged(s, _kind, Options.Average ?? (s.Task == MetricTask.Binary ? Metrics.Average.Binary : Metrics.Average.Macro), _beta, Options.ZeroDivision);

    private double OfClass(ConfusionState s, int c)
    {
        if (c < 0 || (s.Task != MetricTask.Multilabel && c >= Math.Max(s.K, 2)) || (s.Task == MetricTask.Multilabel && c >= s.K))
            throw new ArgumentException($"{Name}: class_id {c} is not a class of this data (K = {s.K})");
        var k = LabelMath.PerLabel(s, [c]);
        return LabelMath.Ratio(_kind, k.Tp[0], k.Pred[0], k.True[0], k.Tn[0], _beta, Options.ZeroDivision);
    }
}

internal enum RatioKind { Precision, Recall, FBeta, Jaccard, Specificity, Npv }

/// <summary>Per-label counts and the averaging rules of scikit-learn's <c>precision_recall_fscore_support</c>.</summary>
internal static class LabelMath
{
    /// <summary>Per label: tp, predicted count, true count, tn (all weighted).</summary>
    public readonly record struct Counts(int[] Labels, double[] Tp, double[] Pred, double[] True, double[] Tn);

    /// <summary>
    /// Per-label counts. Binary/multiclass tn = Σ C − tp − fp − fn (scikit-learn's arithmetic), except that it is
    /// exactly 0 when no cell outside the class's row and column holds weight, so ratios like tn / (tn + fp) never
    /// divide rounding noise by itself (with real weights that would flip between 1 and the zero-division value
    /// depending on the order samples arrived in).
    /// </summary>
    public static Counts PerLabel(ConfusionState s, int[]? labels = null)
    {
        labels ??= s.Labels();
        int m = labels.Length, k = s.K;
        double[] tp = new double[m], pred = new double[m], tru = new double[m], tn = new double[m];
        if (s.Task == MetricTask.Multilabel)
        {
            for (int i = 0; i < m; i++)
            {
                var (n, fp, fn, t) = s.LabelCounts(labels[i]);
                (tp[i], pred[i], tru[i], tn[i]) = (t, t + fp, t + fn, n);
            }
            return new Counts(labels, tp, pred, tru, tn);
        }
        double total = 0;
        int nonzero = 0;
        var nzRow = new int[k];
        var nzCol = new int[k];
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                double v = s.Cell(r, c);
                total += v;
                if (v != 0) { nonzero++; nzRow[r]++; nzCol[c]++; }
            }
        for (int i = 0; i < m; i++)
        {
            int c = labels[i];
            tp[i] = s.Cell(c, c);
            for (int j = 0; j < k; j++)
            {
                pred[i] += s.Cell(j, c);
                tru[i] += s.Cell(c, j);
            }
            bool tnZero = nonzero - nzRow[c] - nzCol[c] + (tp[i] != 0 ? 1 : 0) == 0;
            tn[i] = tnZero ? 0 : total - tp[i] - (pred[i] - tp[i]) - (tru[i] - tp[i]);
        }
        return new Counts(labels, tp, pred, tru, tn);
    }

    public static double Div(double num, double den, double zd) => den == 0 ? zd : num / den;

    public static double Ratio(RatioKind kind, double tp, double pred, double tru, double tn, double beta, double zd)
    {
        double fp = pred - tp, fn = tru - tp;
        switch (kind)
        {
            case RatioKind.Precision: return Div(tp, pred, zd);
            case RatioKind.Recall: return Div(tp, tru, zd);
            case RatioKind.Jaccard: return Div(tp, tp + fp + fn, zd);
            case RatioKind.Specificity: return Div(tn, tn + fp, zd);
            case RatioKind.Npv: return Div(tn, tn + fn, zd);
            default:
                {
                    double p = Div(tp, pred, zd), r = Div(tp, tru, zd);
                    if (double.IsPositiveInfinity(beta)) return r;
                    double b2 = beta * beta;
                    double den = b2 * p + r;
                    if (den == 0) den = 1;
                    return (1 + b2) * p * r / den;
                }
        }
    }

    public static object Averaged(ConfusionState s, RatioKind kind, Average avg, double beta, double zd)
    {
        if (avg == Average.Samples) return SamplesAverage(s, kind, beta, zd);
        var c = PerLabel(s, avg == Average.Binary ? [1] : null);
        int m = c.Labels.Length;
        if (avg == Average.Micro)
        {
            double tp = 0, pred = 0, tru = 0, tn = 0;
            for (int i = 0; i < m; i++) { tp += c.Tp[i]; pred += c.Pred[i]; tru += c.True[i]; tn += c.Tn[i]; }
            return Ratio(kind, tp, pred, tru, tn, beta, zd);
        }
        var per = new double[m];
        for (int i = 0; i < m; i++) per[i] = Ratio(kind, c.Tp[i], c.Pred[i], c.True[i], c.Tn[i], beta, zd);
        if (avg == Average.None) return per;
        if (avg == Average.Binary) return per[0];
        if (avg == Average.Weighted)
        {
            double wsum = 0;
            foreach (double t in c.True) wsum += t;
            if (wsum != 0) return WeightedMean(per, c.True, wsum);
            if (kind is RatioKind.Precision or RatioKind.Recall or RatioKind.FBeta)
            {
                double psum = 0;
                foreach (double p in c.Pred) psum += p;
                if (psum == 0) return zd;
                return kind == RatioKind.Recall ? zd : 0.0;
            }
        }
        return Mean(per);
    }

    private static double SamplesAverage(ConfusionState s, RatioKind kind, double beta, double zd)
    {
        int l = s.K;
        double num = 0, den = 0;
        foreach (var ((tp, fp, fn), w) in s.SampleHistogram)
        {
            double v = Ratio(kind, tp, tp + fp, tp + fn, l - tp - fp - fn, beta, zd);
            num += w * v;
            den += w;
        }
        return num / den;
    }

    public static double Mean(double[] v)
    {
        if (v.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double x in v) sum += x;
        return sum / v.Length;
    }

    public static double WeightedMean(double[] v, double[] w, double wsum)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++) sum += v[i] * w[i];
        return sum / wsum;
    }
}
