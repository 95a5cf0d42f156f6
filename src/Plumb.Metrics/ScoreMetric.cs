using System.Text;
using Plumb.Metrics.Kernels;

namespace Plumb.Metrics;

/// <summary>
/// Base of the exact score metrics that keep every sample (ROC-AUC, average precision, curves, operating
/// points): validates each batch once, keeps scores/targets/weights compactly (binary, unweighted, float32
/// scores: 5 bytes per sample), merges shards by concatenation and saves/loads its state. The value depends
/// only on the multiset of samples seen, so any sharding or order gives bit-identical results.
/// </summary>
/// <remarks>
/// Targets: binary 0/1 (one score column); multiclass 0…K−1 (K ≥ 2 score columns, at most 256 classes);
/// multilabel one 0/1 per column. NaN and infinite scores are refused with their index, as are targets
/// outside the task's set and negative or non-finite weights. <see cref="MetricOptions.FromLogits"/>:
/// multiclass rows go through a softmax; binary and multilabel scores are kept as given, since every
/// ranking metric is unchanged by the (monotone) sigmoid; curve thresholds are then in logit units.
/// </remarks>
public abstract class ScoreMetric : IStructuredMetric, IMergeableMetric
{
    /// <summary>The retained samples; shared by metrics of one <see cref="MetricCollection"/> with equal <see cref="StateKey"/>.</summary>
    private protected ScoreState State { get; private set; }
    private double[] _row = [];
    private byte[] _targetRow = [];

    /// <summary>Creates the metric for the given options.</summary>
    protected ScoreMetric(MetricOptions options)
    {
        Options = options;
        if (options.Task == MetricTask.Regression)
            throw new ArgumentException($"{GetType().Name} needs a binary, multiclass or multilabel task, not regression");
        State = new ScoreState(options.Task);
    }

    /// <summary>The options the metric was created with.</summary>
    public MetricOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public virtual MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>
    /// What decides the retained state and how a batch is checked before it enters it: the options and whether
    /// multiclass rows must sum to 1. Metrics with equal keys (ROC-AUC and average precision of one task) can keep
    /// one state, filled once per batch.
    /// </summary>
    internal (MetricOptions Options, bool ProbabilityRows) StateKey => (Options, RequireProbabilityRows && Options.Task == MetricTask.Multiclass);

    /// <summary>Reads <paramref name="leader"/>'s state from now on (it must have an equal <see cref="StateKey"/>); whoever
    /// updates the leader updates this metric, and this metric must not be updated itself.</summary>
    internal void ShareStateOf(ScoreMetric leader)
    {
        if (!leader.StateKey.Equals(StateKey)) throw new ArgumentException($"{Name} cannot share the state of {leader.Name}: different options");
        State = leader.State;
    }

    /// <summary>
    /// Lets every empty score metric with the <see cref="StateKey"/> of an earlier empty one read that one's state;
    /// adds the readers to <paramref name="followers"/>, which the caller must then neither update nor reset.
    /// </summary>
    internal static void ShareStates(IEnumerable<IStreamingMetric> metrics, ISet<IStreamingMetric> followers)
    {
        var leaders = new List<ScoreMetric>();
        foreach (var m in metrics)
        {
            if (m is not ScoreMetric sm || sm.Count != 0) continue;
            var leader = leaders.FirstOrDefault(l => l.StateKey.Equals(sm.StateKey));
            if (leader is null) leaders.Add(sm);
            else
            {
                sm.ShareStateOf(leader);
                followers.Add(sm);
            }
        }
    }

    /// <summary>Makes room for about <paramref name="samples"/> binary samples (a caller that knows the size of its data).</summary>
    internal void Reserve(long samples) => State.Reserve((int)Math.Min(samples, Array.MaxLength));

    /// <summary>True when this metric reads the same state object as <paramref name="other"/>.</summary>
    internal bool SharesStateWith(ScoreMetric other) => ReferenceEquals(State, other.State);

    /// <summary>Number of samples retained.</summary>
    public int Count => State.Count;

    /// <summary>
    /// The functional forms on unweighted 0/1 <c>int</c> targets and float32 scores: the exact kernel reads the
    /// caller's scores in place (labels narrowed into a pooled buffer), nothing is retained. False, with nothing
    /// computed, when the data is small or a target or score is invalid (the caller's general path then names it).
    /// </summary>
    private protected static bool TryRankInPlace(ReadOnlySpan<int> target, ReadOnlySpan<float> score, bool averagePrecision, out double value)
    {
        value = double.NaN;
        int n = score.Length;
        if (n != target.Length || n < RankKernel.FastPathMinimum || !ScoreColumn.AllFinite(score)) return false;
        byte[] labels = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        try
        {
            if (!ScoreState.ToBytes(target, labels.AsSpan(0, n))) return false;
            value = averagePrecision ? RankKernel.AveragePrecision(score, labels.AsSpan(0, n)) : RankKernel.AucAp(score, labels.AsSpan(0, n), computeAp: false).Auc;
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(labels);
        }
    }

    /// <summary>
    /// The functional forms: one <see cref="Update"/> and <see cref="Compute"/> on buffers rented from the shared
    /// array pool and returned before this returns, so repeated calls reuse memory already mapped (a fresh 50 MB
    /// buffer costs more to map than the exact AUC costs to compute).
    /// </summary>
    private protected static double ComputeOnce(ScoreMetric metric, in MetricBatch batch)
    {
        metric.State.UsePool();
        try
        {
            metric.Update(batch);
            return metric.Compute();
        }
        finally
        {
            metric.State.ReturnToPool();
        }
    }

    /// <summary>Bytes of state retained per sample (e.g. 5 for binary, unweighted, float32-exact scores).</summary>
    public double BytesPerSample => State.BytesPerSample;

    /// <summary>Multiclass rows must sum to 1 (after a softmax when from logits), as scikit-learn requires for multiclass ROC-AUC.</summary>
    private protected virtual bool RequireProbabilityRows => false;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int k = batch.Columns, n = batch.Count;
        var task = Options.Task;
        if (task == MetricTask.Binary && k != 1)
            throw new ArgumentException($"{Name}: binary task needs one score column, got {k}");
        if (task == MetricTask.Multiclass)
        {
            if (k < 2) throw new ArgumentException($"{Name}: multiclass task needs K ≥ 2 score columns, got {k}");
            if (k > 256) throw new ArgumentException($"{Name}: at most 256 classes are supported, got {k}");
        }
        if (Options.NumClasses > 0 && task != MetricTask.Binary && Options.NumClasses != k)
            throw new ArgumentException($"{Name}: expected {Options.NumClasses} score columns, got {k}");
        if (task == MetricTask.Multilabel && batch.TargetLength != n * k)
            throw new ArgumentException($"{Name}: multilabel task needs {k} targets per sample");
        if (task != MetricTask.Multilabel && batch.TargetLength != n)
            throw new ArgumentException($"{Name}: {task} task needs one target per sample");
        if (task == MetricTask.Binary && batch.Weight.IsEmpty && batch.ScoreKind is ElementKind.Single or ElementKind.Double
            && (State.Columns is 0 or 1) && TryAddBinary(batch))
        {
            State.SetColumns(1);
            return;
        }
        int tk = task == MetricTask.Multilabel ? k : 1;
        // Validate the whole batch first so a bad batch leaves the state untouched.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double s = batch.Score[i * k + j];
                if (!double.IsFinite(s)) throw new ArgumentException($"{Name}: score[{i}{(k > 1 ? $", {j}" : "")}] = {s} is not finite");
            }
            for (int j = 0; j < tk; j++)
            {
                double t = batch.Target[i * tk + j];
                bool ok = task == MetricTask.Multiclass ? t >= 0 && t < k && t == Math.Floor(t) : t is 0 or 1;
                if (!ok)
                    throw new ArgumentException(task == MetricTask.Multiclass
                        ? $"{Name}: target[{i}] = {t} is not a class index in 0…{k - 1}"
                        : $"{Name}: target[{i}{(tk > 1 ? $", {j}" : "")}] = {t} is not 0 or 1");
            }
            if (!batch.Weight.IsEmpty && !(batch.Weight[i] >= 0 && double.IsFinite(batch.Weight[i])))
                throw new ArgumentException($"{Name}: weight[{i}] = {batch.Weight[i]} is not a finite non-negative number");
        }
        if (_row.Length < k) _row = new double[k];
        if (_targetRow.Length < tk) _targetRow = new byte[tk];
        var row = _row.AsSpan(0, k);
        var trow = _targetRow.AsSpan(0, tk);
        if (RequireProbabilityRows && task == MetricTask.Multiclass && !Options.FromLogits)
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += batch.Score[i * k + j];
                // numpy.allclose(1, sum): |sum − 1| ≤ 1e-8 + 1e-5·|sum|
                if (!(Math.Abs(sum - 1) <= 1e-8 + 1e-5 * Math.Abs(sum)))
                    throw new ArgumentException($"{Name}: multiclass scores of sample {i} sum to {sum}, not 1; pass probabilities (or declare fromLogits)");
            }
        State.SetColumns(k);
        for (int i = 0; i < n; i++)
        {
            batch.Score.Slice(i * k, k).CopyTo(row);
            if (Options.FromLogits && task == MetricTask.Multiclass) Transforms.FromLogits(row, task);
            for (int j = 0; j < tk; j++) trow[j] = (byte)batch.Target[i * tk + j];
            State.Add(row, trow, batch.Weight.IsEmpty ? 1 : batch.Weight[i], !batch.Weight.IsEmpty);
        }
    }

    /// <summary>Binary, unweighted float32/float64 scores: bulk append (SIMD check), no per-sample widening.</summary>
    private bool TryAddBinary(in MetricBatch b)
    {
        if (b.ScoreKind == ElementKind.Double)
        {
            var d = b.RawScore<double>();
            return b.TargetKind switch
            {
                ElementKind.Int32 => State.TryAddBinary(b.RawTarget<int>(), d),
                ElementKind.Int64 => State.TryAddBinary(b.RawTarget<long>(), d),
                ElementKind.Byte => State.TryAddBinary(b.RawTarget<byte>(), d),
                ElementKind.Single => State.TryAddBinary(b.RawTarget<float>(), d),
                _ => State.TryAddBinary(b.RawTarget<double>(), d),
            };
        }
        var s = b.RawScore<float>();
        return b.TargetKind switch
        {
            ElementKind.Int32 => State.TryAddBinary(b.RawTarget<int>(), s),
            ElementKind.Int64 => State.TryAddBinary(b.RawTarget<long>(), s),
            ElementKind.Byte => State.TryAddBinary(b.RawTarget<byte>(), s),
            ElementKind.Single => State.TryAddBinary(b.RawTarget<float>(), s),
            _ => State.TryAddBinary(b.RawTarget<double>(), s),
        };
    }

    /// <inheritdoc />
    public double Compute()
    {
        object v = ComputeStructured();
        return v is double d ? d : throw new InvalidOperationException($"{Name} is not a single number here; use ComputeStructured()");
    }

    /// <inheritdoc />
    public abstract object ComputeStructured();

    /// <inheritdoc />
    public void Reset() => State.Clear();

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not ScoreMetric o || o.GetType() != GetType() || o.Options != Options)
            throw new ArgumentException($"{Name}: can only merge a {GetType().Name} with the same options");
        State.Merge(o.State);
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(GetType().Name);
            State.Write(w);
        }
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()), Encoding.UTF8);
        try
        {
            string type = r.ReadString();
            if (type != GetType().Name) throw new InvalidDataException($"state was written by {type}, not {GetType().Name}");
            State.Read(r);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new ArgumentException($"{Name}: not a valid state ({e.Message})", nameof(state), e);
        }
    }

    /// <summary>The binary problem of one column: labels, scores and weights (class c vs rest for multiclass).</summary>
    private protected RankInput Column(int c)
    {
        int n = State.Count, k = State.Columns;
        // Binary, unweighted, float32: the retained buffers themselves, no copy.
        if (State.Task == MetricTask.Binary && State.Weights is null && !State.Scores.IsDouble)
            return new RankInput(State.TargetMemory, State.Scores.FloatMemory, null, null);
        // Binary, unweighted, float64: ROC-AUC and AP from one sort of the retained buffers without building the curve,
        // the curve only when asked for; each is computed once and shared by every metric reading this state (ROC-AUC
        // and AP of one task in a collection) until a sample is added.
        if (State.Task == MetricTask.Binary && State.Weights is null)
            return new RankInput(State.TargetMemory, null, null, null) { KnownCurve = BinaryCurveOfDoubles, KnownAucAp = AucApOfDoubles };
        var labels = new byte[n];
        var t = State.Targets;
        int tk = State.TargetsPerSample;
        for (int i = 0; i < n; i++)
            labels[i] = State.Task == MetricTask.Multiclass ? (byte)(t[i] == c ? 1 : 0) : t[i * tk + (tk == 1 ? 0 : c)];
        return Gather(labels, i => i * k + c, n);
    }

    private (double Auc, double Ap) AucApOfDoubles()
    {
        if (State.SummaryCache is { } cached && cached.Version == State.Version) return (cached.Auc, cached.Ap);
        var (auc, ap) = State.CurveCache is { } curve && curve.Version == State.Version
            ? curve.Curve.AucAp()
            : RankKernel.AucApUnweighted(State.Scores.Doubles, State.Targets);
        State.SummaryCache = (State.Version, auc, ap);
        return (auc, ap);
    }

    private BinaryCurve BinaryCurveOfDoubles()
    {
        if (State.CurveCache is { } cached && cached.Version == State.Version) return cached.Curve;
        var curve = RankKernel.Curve(State.Scores.Doubles, State.Targets, default);
        State.CurveCache = (State.Version, curve);
        return curve;
    }

    /// <summary>Rows whose class is a or b (multiclass), as the binary problem "class == positive" on column <paramref name="column"/>.</summary>
    private protected RankInput Pair(int a, int b, int positive, int column)
    {
        var t = State.Targets;
        var rows = new List<int>();
        for (int i = 0; i < State.Count; i++) if (t[i] == a || t[i] == b) rows.Add(i);
        var labels = new byte[rows.Count];
        for (int q = 0; q < rows.Count; q++) labels[q] = (byte)(t[rows[q]] == positive ? 1 : 0);
        int k = State.Columns;
        return Gather(labels, q => rows[q] * k + column, rows.Count, q => rows[q]);
    }

    /// <summary>Every (sample, column) as one binary problem (micro average).</summary>
    private protected RankInput Flattened()
    {
        int n = State.Count, k = State.Columns;
        var labels = new byte[n * k];
        var t = State.Targets;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
                labels[i * k + c] = State.Task == MetricTask.Multiclass ? (byte)(t[i] == c ? 1 : 0) : t[i * k + c];
        return Gather(labels, i => i, n * k, i => i / k);
    }

    /// <summary>One sample's K columns as a binary problem (samples average), unit weights.</summary>
    private protected RankInput SampleRow(int i)
    {
        int k = State.Columns;
        var labels = State.Targets.Slice(i * k, k).ToArray();
        var scores = new double[k];
        for (int c = 0; c < k; c++) scores[c] = State.Scores[i * k + c];
        return new RankInput(labels, null, scores, null);
    }

    private RankInput Gather(byte[] labels, Func<int, int> scoreIndex, int m, Func<int, int>? weightIndex = null)
    {
        weightIndex ??= i => i;
        double[]? w = null;
        if (State.Weights is { } ws)
        {
            w = new double[m];
            for (int i = 0; i < m; i++) w[i] = ws[weightIndex(i)];
        }
        if (!State.Scores.IsDouble && w is null)
        {
            var f = new float[m];
            var src = State.Scores.Floats;
            for (int i = 0; i < m; i++) f[i] = src[scoreIndex(i)];
            return new RankInput(labels, f, null, null);
        }
        var d = new double[m];
        for (int i = 0; i < m; i++) d[i] = State.Scores[scoreIndex(i)];
        return new RankInput(labels, null, d, w);
    }

    /// <summary>Per-class weights for average=weighted: Σ over samples of weight·[label = 1].</summary>
    private protected double[] Support()
    {
        int k = State.Columns, n = State.Count;
        var s = new double[k];
        var t = State.Targets;
        for (int i = 0; i < n; i++)
        {
            double w = State.Weights?[i] ?? 1;
            if (State.Task == MetricTask.Multiclass) s[t[i]] += w;
            else for (int c = 0; c < k; c++) s[c] += t[i * k + c] * w;
        }
        return s;
    }

    /// <summary>numpy.average of per-class values, scikit-learn's rules: classes with zero weight count 0; all-zero weights give 0.</summary>
    private protected static double Average(double[] values, double[]? weights)
    {
        if (weights is null)
        {
            double s = 0;
            foreach (double v in values) s += v;
            return s / values.Length;
        }
        double ws = 0, acc = 0;
        for (int c = 0; c < values.Length; c++) ws += weights[c];
        if (Math.Abs(ws) <= 1e-8) return 0;
        for (int c = 0; c < values.Length; c++) acc += (weights[c] == 0 ? 0 : values[c]) * weights[c];
        return acc / ws;
    }

    /// <summary>The effective average: the task's default when none was given.</summary>
    private protected Average EffectiveAverage =>
        Options.Average ?? (Options.Task == MetricTask.Binary ? Metrics.Average.Binary : Metrics.Average.Macro);
}

/// <summary>One binary ranking problem: labels and either float32 scores (unit weights) or float64 scores with optional weights.</summary>
internal readonly record struct RankInput(ReadOnlyMemory<byte> Labels, ReadOnlyMemory<float>? Floats, double[]? Doubles, double[]? Weights)
{
    public int Count => Labels.Length;

    /// <summary>Where the curve comes from when the owner computes and caches it (then the score fields are unused).</summary>
    public Func<BinaryCurve>? KnownCurve { get; init; }

    /// <summary>Where ROC-AUC and AP come from when the owner computes and caches them.</summary>
    public Func<(double Auc, double Ap)>? KnownAucAp { get; init; }

    /// <summary>ROC-AUC and AP from one sort: the owner's, the fast kernel when it applies, else the general curve.</summary>
    public (double Auc, double Ap) AucAp(bool computeAp = true)
    {
        if (Floats is { } f && Count >= RankKernel.FastPathMinimum) return RankKernel.AucAp(f.Span, Labels.Span, computeAp);
        var (auc, ap) = KnownAucAp is { } known ? known() : Curve().AucAp();
        return (auc, computeAp ? ap : 0);
    }

    /// <summary>The exact cumulative curve.</summary>
    public BinaryCurve Curve()
    {
        if (KnownCurve is { } known) return known();
        double[] d = Doubles ?? Array.ConvertAll(Floats!.Value.ToArray(), x => (double)x);
        return RankKernel.Curve(d, Labels.Span, Weights);
    }
}

/// <summary>Logit transforms declared once through <see cref="MetricOptions.FromLogits"/>.</summary>
internal static class Transforms
{
    /// <summary>σ(z) = 1/(1 + e^−z), computed without overflow.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Sigmoid per value (binary, multilabel) or softmax over the row (multiclass), in place.</summary>
    public static void FromLogits(Span<double> row, MetricTask task)
    {
        if (task != MetricTask.Multiclass)
        {
            for (int j = 0; j < row.Length; j++) row[j] = Sigmoid(row[j]);
            return;
        }
        double max = double.NegativeInfinity;
        foreach (double v in row) max = Math.Max(max, v);
        double sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = Math.Exp(row[j] - max);
            sum += row[j];
        }
        for (int j = 0; j < row.Length; j++) row[j] /= sum;
    }
}
