using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// The one state every label metric reads: a streaming, mergeable, weighted confusion matrix.
/// </summary>
/// <remarks>
/// <para>Binary and multiclass: a K×K matrix of summed sample weights (row = true class, column = predicted
/// class) and, per class, whether it ever appeared as a target or a prediction (scikit-learn averages over
/// the labels present in <c>y_true ∪ y_pred</c> unless the labels are given; giving
/// <see cref="MetricOptions.NumClasses"/> is Plumb's way of giving them).</para>
/// <para>Multilabel: per label the weighted (tn, fp, fn, tp), plus a histogram of the per-sample
/// (tp, fp, fn) counts → summed weight, which is all that <c>average=samples</c>, subset accuracy and the
/// Hamming loss need, for any β, exactly and in O(L³) memory at most.</para>
/// <para>Decoding: binary predicted positive when score ≥ threshold (with <c>FromLogits</c> when
/// score ≥ logit(threshold), the same decision as sigmoid(score) ≥ threshold); multiclass with K score
/// columns predicts the first maximum; multiclass with one column reads the column as predicted labels.
/// Every batch is validated whole before the state changes.</para>
/// </remarks>
internal sealed class ConfusionState
{
    private const int Magic = 0x53434C50; // "PLCS"
    private readonly bool _inferTask;
    private readonly double _threshold;
    private readonly bool _fromLogits;
    private readonly double _cut;
    private readonly int _declaredK;

    private double[] _cm = [];
    private bool[] _present = [];
    private double[] _ml = [];
    private Dictionary<(int Tp, int Fp, int Fn), double> _samples = [];

    /// <summary>
    /// A state for the options' task; <paramref name="inferTask"/> (implied by <see cref="MetricTask.Regression"/>) picks
    /// binary or multiclass from the first batch's columns.
    /// </summary>
    public ConfusionState(MetricOptions options, bool inferTask = false)
    {
        // A label metric asked for on a regression task (e.g. accuracy with checks turned off) reads the task from
        // the shape of the first batch, as the options-less Accuracy does: one column binary, more multiclass.
        if (options.Task == MetricTask.Regression) inferTask = true;
        if (!double.IsFinite(options.Threshold) || (options.FromLogits && (options.Threshold < 0 || options.Threshold > 1)))
            throw new ArgumentException(options.FromLogits
                ? $"threshold {Fmt(options.Threshold)} is not a probability in [0, 1] (scores are logits)"
                : $"threshold {Fmt(options.Threshold)} is not finite");
        if (options.NumClasses < 0)
            throw new ArgumentException($"NumClasses {options.NumClasses} is negative");
        _inferTask = inferTask;
        Task = inferTask ? MetricTask.Binary : options.Task;
        _threshold = options.Threshold;
        _fromLogits = options.FromLogits;
        _cut = options.FromLogits ? Math.Log(options.Threshold) - Math.Log(1 - options.Threshold) : options.Threshold;
        _declaredK = options.NumClasses;
        if (Task == MetricTask.Binary && !inferTask)
        {
            if (_declaredK != 0 && _declaredK != 2) throw new ArgumentException($"binary task with NumClasses {_declaredK}; binary has 2 classes");
            Resize(2);
        }
        else if (Task == MetricTask.Multilabel && _declaredK > 0) { K = _declaredK; _ml = new double[4 * K]; }
        else if (_declaredK > 0) Resize(_declaredK);
    }

    /// <summary>The task (binary until the first batch when inferred).</summary>
    public MetricTask Task { get; private set; }

    /// <summary>Number of classes (binary, multiclass) or labels (multilabel); 0 before the first batch when unknown.</summary>
    public int K { get; private set; }

    /// <summary>Summed weight of every sample.</summary>
    public double TotalWeight { get; private set; }

    /// <summary>Number of samples.</summary>
    public long Count { get; private set; }

    /// <summary>Whether the labels were declared (NumClasses &gt; 0), i.e. averages run over all of them.</summary>
    public bool LabelsDeclared => _declaredK > 0;

    /// <summary>Identifies the decoding: states with equal keys can be shared and merged.</summary>
    public string ConfigKey => !_inferTask && Task == MetricTask.Multiclass
        ? $"Multiclass|{_declaredK}" // argmax: threshold and logits do not change the decoding
        : string.Create(CultureInfo.InvariantCulture, $"{(_inferTask ? "auto" : Task.ToString())}|{_threshold:R}|{_fromLogits}|{_declaredK}");

    /// <summary>Weighted count of samples with true class <paramref name="t"/> predicted as <paramref name="p"/>.</summary>
    public double Cell(int t, int p) => _cm[t * K + p];

    /// <summary>Binary, multiclass: whether class <paramref name="c"/> appeared as a target or a prediction.</summary>
    public bool IsPresent(int c) => _present[c];

    /// <summary>Multilabel: weighted (tn, fp, fn, tp) of label <paramref name="l"/>.</summary>
    public (double Tn, double Fp, double Fn, double Tp) LabelCounts(int l) => (_ml[4 * l], _ml[4 * l + 1], _ml[4 * l + 2], _ml[4 * l + 3]);

    /// <summary>
    /// Multilabel: per-sample (tp, fp, fn) → summed weight, in ascending key order, so that sums over it do not
    /// depend on the order the samples arrived in (merged shards and permuted data give bit-identical results).
    /// </summary>
    public IEnumerable<KeyValuePair<(int Tp, int Fp, int Fn), double>> SampleHistogram => _samples.OrderBy(e => e.Key);

    /// <summary>The labels metrics are computed over, ascending: declared → all; else those present (multilabel: all).</summary>
    public int[] Labels()
    {
        if (Task == MetricTask.Multilabel || LabelsDeclared) return [.. Enumerable.Range(0, K)];
        var list = new List<int>();
        for (int c = 0; c < K; c++) if (_present[c]) list.Add(c);
        return [.. list];
    }

    /// <summary>Adds a batch (validated whole first).</summary>
    public void Update(in MetricBatch batch)
    {
        if (_inferTask && Count == 0 && K == 0)
        {
            Task = batch.Columns == 1 ? MetricTask.Binary : MetricTask.Multiclass;
            if (Task == MetricTask.Binary) Resize(2);
        }
        int n = batch.Count;
        ValidateWeights(batch.Weight, Count);
        switch (Task)
        {
            case MetricTask.Binary: UpdateBinary(batch, n); break;
            case MetricTask.Multiclass: UpdateMulticlass(batch, n); break;
            default: UpdateMultilabel(batch, n); break;
        }
        Count += n;
    }

    internal static void ValidateWeights(ReadOnlySpan<double> w, long offset)
    {
        for (int i = 0; i < w.Length; i++)
            if (!(w[i] >= 0) || double.IsPositiveInfinity(w[i]))
                throw new ArgumentException($"sample weight {Fmt(w[i])} at index {offset + i} is not a finite non-negative number");
    }

    internal static void ValidateScore(double s, long index, int column)
    {
        if (!double.IsFinite(s))
            throw new ArgumentException(column < 0
                ? $"score {Fmt(s)} at index {index} is not finite"
                : $"score {Fmt(s)} at index {index}, column {column} is not finite");
    }

    internal static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private void UpdateBinary(in MetricBatch b, int n)
    {
        if (b.Columns != 1) throw new ArgumentException($"binary task expects one score column, got {b.Columns}");
        if (b.Weight.IsEmpty && Kernels.ConfusionKernel.CountBinary(b, _cut, out long kt, out long kp, out long kb))
        {
            // SIMD counts (any target type, float32/float64 scores, no widening); a bad value falls through to
            // the scalar validation below, which names it
            AddBinaryCounts(n - kt - kp + kb, kp - kb, kt - kb, kb);
            TotalWeight += n;
            return;
        }
        var t = b.Target; var s = b.Score; var w = b.Weight;
        int bad = FirstNotBinary(t);
        if (bad >= 0) throw new ArgumentException($"target {Fmt(t[bad])} at index {Count + bad} is not 0 or 1 (binary task)");
        bad = FirstNonFinite(s);
        if (bad >= 0) ValidateScore(s[bad], Count + bad, -1);
        // cell = 2·target + prediction; local sums, then one write (counts stay exact integers when unweighted)
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        long n0 = 0, n1 = 0, n2 = 0, n3 = 0;
        double cut = _cut;
        if (w.IsEmpty)
        {
            // branch-free: count targets = 1, predictions = 1 and both; the four cells follow exactly
            long nt = 0, np = 0, both = 0;
            for (int i = 0; i < n; i++)
            {
                long ti = (long)t[i], pi = s[i] >= cut ? 1 : 0;
                nt += ti;
                np += pi;
                both += ti & pi;
            }
            (n3, n2, n1) = (both, nt - both, np - both);
            n0 = n - n1 - n2 - n3;
            (c0, c1, c2, c3) = (n0, n1, n2, n3);
        }
        else
        {
            Span<double> sum = stackalloc double[4];
            Span<long> num = stackalloc long[4];
            for (int i = 0; i < n; i++)
            {
                int cell = ((int)t[i] << 1) | (s[i] >= cut ? 1 : 0);
                sum[cell] += w[i];
                num[cell]++;
            }
            (c0, c1, c2, c3, n0, n1, n2, n3) = (sum[0], sum[1], sum[2], sum[3], num[0], num[1], num[2], num[3]);
        }
        if (w.IsEmpty) AddBinaryCounts(n0, n1, n2, n3);
        else
        {
            _cm[0] += c0; _cm[1] += c1; _cm[2] += c2; _cm[3] += c3;
            MarkBinaryPresent(n0, n1, n2, n3);
        }
        TotalWeight += w.IsEmpty ? n : c0 + c1 + c2 + c3;
    }

    /// <summary>Adds unweighted cell counts (cell = 2·target + prediction).</summary>
    private void AddBinaryCounts(long n0, long n1, long n2, long n3)
    {
        _cm[0] += n0; _cm[1] += n1; _cm[2] += n2; _cm[3] += n3;
        MarkBinaryPresent(n0, n1, n2, n3);
    }

    private void MarkBinaryPresent(long n0, long n1, long n2, long n3)
    {
        _present[0] |= n0 + n1 + n2 > 0; // class 0 as a target (cells 0, 1) or a prediction (cells 0, 2)
        _present[1] |= n1 + n2 + n3 > 0;
    }

    /// <summary>Index of the first value that is not 0 or 1, or −1 (SIMD: t·(t − 1) = 0 exactly for 0 and 1 only).</summary>
    private static int FirstNotBinary(ReadOnlySpan<double> t)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var one = System.Numerics.Vector<double>.One;
            int width = System.Numerics.Vector<double>.Count;
            for (; i <= t.Length - width; i += width)
            {
                var v = new System.Numerics.Vector<double>(t.Slice(i, width));
                if (!System.Numerics.Vector.EqualsAll(v * (v - one), System.Numerics.Vector<double>.Zero)) break;
            }
        }
        for (; i < t.Length; i++)
            if (t[i] != 0 && t[i] != 1) return i;
        return -1;
    }

    /// <summary>Index of the first NaN or ±∞, or −1 (SIMD: x − x = 0 exactly for finite x only).</summary>
    internal static int FirstNonFinite(ReadOnlySpan<double> s)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int width = System.Numerics.Vector<double>.Count;
            for (; i <= s.Length - width; i += width)
            {
                var v = new System.Numerics.Vector<double>(s.Slice(i, width));
                if (!System.Numerics.Vector.EqualsAll(v - v, System.Numerics.Vector<double>.Zero)) break;
            }
        }
        for (; i < s.Length; i++)
            if (!double.IsFinite(s[i])) return i;
        return -1;
    }

    private void UpdateMulticlass(in MetricBatch b, int n)
    {
        if (b.Columns == 1 && b.Weight.IsEmpty && b.TargetKind == b.ScoreKind && b.TargetKind is ElementKind.Int32 or ElementKind.Int64 or ElementKind.Double
            && TryCountLabels(b, n))
            return;
        int k = b.Columns;
        var t = b.Target; var s = b.Score; var w = b.Weight;
        bool oneHot = k > 1 && t.Length == s.Length && n > 0 && t.Length != n;
        int needK = Math.Max(K, _declaredK);
        if (k > 1)
        {
            if (_declaredK > 0 && k != _declaredK) throw new ArgumentException($"{k} score columns but NumClasses is {_declaredK}");
            if (K > 0 && K != k && Count > 0) throw new ArgumentException($"{k} score columns but earlier batches had {K}");
            needK = k;
        }
        int maxLabel = -1;
        if (oneHot)
        {
            for (int i = 0; i < n; i++)
            {
                int ones = 0;
                for (int j = 0; j < k; j++)
                {
                    double v = t[i * k + j];
                    if (v != 0 && v != 1) throw new ArgumentException($"one-hot target {Fmt(v)} at index {Count + i}, column {j} is not 0 or 1");
                    if (v == 1) ones++;
                }
                if (ones != 1) throw new ArgumentException($"one-hot target row at index {Count + i} has {ones} ones, expected exactly 1");
            }
        }
        else
        {
            int limit = k > 1 ? k : _declaredK;
            int bad = FirstBadLabel(t, limit, ref maxLabel);
            if (bad >= 0) ThrowLabel(t[bad], Count + bad, limit, "target");
        }
        if (k > 1)
        {
            int bad = FirstNonFinite(s);
            if (bad >= 0) ValidateScore(s[bad], Count + bad / k, bad % k);
        }
        else
        {
            int bad = FirstBadLabel(s, _declaredK, ref maxLabel);
            if (bad >= 0) ThrowLabel(s[bad], Count + bad, _declaredK, "predicted label");
        }
        needK = Math.Max(needK, maxLabel + 1);
        if (needK > K) Resize(needK);
        int kk = K;
        var cm = _cm;
        var present = _present;
        double total = 0;
        if (k > 1 && !oneHot)
        {
            // argmax, first maximum wins; select instead of branch (the running maximum changes unpredictably)
            for (int i = 0, o = 0; i < n; i++, o += k)
            {
                double best = s[o];
                int pi = 0;
                for (int j = 1; j < k; j++)
                {
                    double v = s[o + j];
                    bool gt = v > best;
                    best = gt ? v : best;
                    pi = gt ? j : pi;
                }
                int ti = (int)t[i];
                double wi = w.IsEmpty ? 1 : w[i];
                cm[ti * kk + pi] += wi;
                present[ti] = true;
                present[pi] = true;
                total += wi;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                int ti, pi;
                if (k > 1)
                {
                    var row = s.Slice(i * k, k);
                    pi = 0;
                    double best = row[0];
                    for (int j = 1; j < row.Length; j++) if (row[j] > best) { best = row[j]; pi = j; }
                    ti = t.Slice(i * k, k).IndexOf(1.0);
                }
                else (ti, pi) = ((int)t[i], (int)s[i]);
                double wi = w.IsEmpty ? 1 : w[i];
                cm[ti * kk + pi] += wi;
                present[ti] = true;
                present[pi] = true;
                total += wi;
            }
        }
        TotalWeight += total;
    }

    /// <summary>
    /// Unweighted int32/int64/float64 true and predicted labels: one counting pass into a batch table (labels below the
    /// declared K, else below max(K, 16); up to 16 classes the cell indices are built with SIMD); false when a
    /// label is outside it (the general path then validates, names the value or grows the matrix).
    /// </summary>
    private bool TryCountLabels(in MetricBatch b, int n)
    {
        int cap = _declaredK > 0 ? _declaredK : Math.Max(K, 16);
        if (cap > 128 || (cap > 16 && n < 4 * cap * cap)) return false; // small batches over many classes: the general path
        var table = new long[cap * cap];
        if (!Kernels.ConfusionKernel.CountLabels(b, cap, table)) return false;
        int needK = K;
        for (int r = 0; r < cap; r++)
            for (int c = 0; c < cap; c++)
                if (table[r * cap + c] != 0) needK = Math.Max(needK, Math.Max(r, c) + 1);
        Resize(needK);
        for (int r = 0; r < needK && r < cap; r++)
            for (int c = 0; c < needK && c < cap; c++)
            {
                long v = table[r * cap + c];
                if (v == 0) continue;
                _cm[r * K + c] += v;
                _present[r] = true;
                _present[c] = true;
            }
        TotalWeight += n;
        return true;
    }

    private static int FirstBadLabel(ReadOnlySpan<double> v, int k, ref int max)
    {
        double limit = k > 0 ? k : int.MaxValue / 2;
        double m = max;
        for (int i = 0; i < v.Length; i++)
        {
            double x = v[i];
            if (!(x >= 0 && x < limit) || x != Math.Floor(x)) return i;
            if (x > m) m = x;
        }
        max = (int)m;
        return -1;
    }

    private static void ThrowLabel(double v, long idx, int k, string what) =>
        throw new ArgumentException(k > 0
            ? $"{what} {Fmt(v)} at index {idx} is not a class label 0…{k - 1} (multiclass task)"
            : $"{what} {Fmt(v)} at index {idx} is not a class label (a non-negative integer)");

    private void UpdateMultilabel(in MetricBatch b, int n)
    {
        int l = b.Columns;
        var t = b.Target; var s = b.Score; var w = b.Weight;
        if (t.Length != s.Length) throw new ArgumentException($"multilabel task expects {l} targets per sample ({s.Length} values), got {t.Length}");
        if (_declaredK > 0 && l != _declaredK) throw new ArgumentException($"{l} label columns but NumClasses is {_declaredK}");
        if (K > 0 && l != K) throw new ArgumentException($"{l} label columns but earlier batches had {K}");
        int bad = FirstNotBinary(t);
        if (bad >= 0) throw new ArgumentException($"target {Fmt(t[bad])} at index {Count + bad / l}, column {bad % l} is not 0 or 1 (multilabel task)");
        bad = FirstNonFinite(s);
        if (bad >= 0) ValidateScore(s[bad], Count + bad / l, bad % l);
        if (K == 0) { K = l; _ml = new double[4 * l]; }
        // per-sample (tp, fp, fn) histogram: a dense batch-local table when (L+1)³ is small, folded in at the end
        int side = l + 1;
        bool dense = side * side * side <= 1 << 15;
        double[]? hw = dense ? System.Buffers.ArrayPool<double>.Shared.Rent(side * side * side) : null;
        int[]? hn = dense ? System.Buffers.ArrayPool<int>.Shared.Rent(side * side * side) : null;
        if (dense) { Array.Clear(hw!, 0, side * side * side); Array.Clear(hn!, 0, side * side * side); }
        var ml = _ml;
        double cut = _cut, total = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            int tp = 0, fp = 0, fn = 0;
            var tr = t.Slice(i * l, l);
            var sr = s.Slice(i * l, l);
            for (int j = 0; j < tr.Length; j++)
            {
                int truth = (int)tr[j], pred = sr[j] >= cut ? 1 : 0;
                ml[4 * j + (truth << 1 | pred)] += wi;
                tp += truth & pred;
                fp += pred & (truth ^ 1);
                fn += truth & (pred ^ 1);
            }
            if (dense)
            {
                int key = (tp * side + fp) * side + fn;
                hw![key] += wi;
                hn![key]++;
            }
            else
            {
                var key = (tp, fp, fn);
                _samples[key] = _samples.GetValueOrDefault(key) + wi;
            }
            total += wi;
        }
        if (dense)
        {
            for (int key = 0; key < side * side * side; key++)
                if (hn![key] > 0)
                {
                    var k3 = (key / (side * side), key / side % side, key % side);
                    _samples[k3] = _samples.GetValueOrDefault(k3) + hw![key];
                }
            System.Buffers.ArrayPool<double>.Shared.Return(hw!);
            System.Buffers.ArrayPool<int>.Shared.Return(hn!);
        }
        TotalWeight += total;
    }

    private void Resize(int k)
    {
        if (k <= K) return;
        var cm = new double[k * k];
        for (int r = 0; r < K; r++) Array.Copy(_cm, r * K, cm, r * k, K);
        var present = new bool[k];
        Array.Copy(_present, present, K);
        (_cm, _present, K) = (cm, present, k);
    }

    /// <summary>Clears the counts (a declared or binary size is kept).</summary>
    public void Reset()
    {
        Array.Clear(_cm);
        Array.Clear(_present);
        Array.Clear(_ml);
        _samples.Clear();
        TotalWeight = 0;
        Count = 0;
        if (_inferTask) { Task = MetricTask.Binary; (_cm, _present, K) = ([], [], 0); }
        if (Task == MetricTask.Multilabel && _declaredK == 0) { _ml = []; K = 0; }
    }

    /// <summary>Adds another state with the same decoding: the result equals one pass over both streams.</summary>
    public void Merge(ConfusionState other)
    {
        if (ReferenceEquals(this, other)) throw new ArgumentException("cannot merge a state into itself");
        if (other.ConfigKey != ConfigKey) throw new ArgumentException($"cannot merge label-metric states with different options ({other.ConfigKey} into {ConfigKey})");
        if (other.Count == 0 && other.K == 0) return;
        if (_inferTask && Count == 0 && K == 0) { Task = other.Task; if (Task == MetricTask.Binary) Resize(2); }
        if (other.Task != Task) throw new ArgumentException($"cannot merge a {other.Task} state into a {Task} state");
        if (Task == MetricTask.Multilabel)
        {
            if (K == 0) { K = other.K; _ml = new double[4 * K]; }
            if (other.K != K) throw new ArgumentException($"cannot merge {other.K} labels into {K}");
            for (int i = 0; i < _ml.Length; i++) _ml[i] += other._ml[i];
            foreach (var (key, v) in other._samples) _samples[key] = _samples.GetValueOrDefault(key) + v;
        }
        else
        {
            Resize(other.K);
            for (int r = 0; r < other.K; r++)
                for (int c = 0; c < other.K; c++) _cm[r * K + c] += other._cm[r * other.K + c];
            for (int c = 0; c < other.K; c++) _present[c] |= other._present[c];
        }
        TotalWeight += other.TotalWeight;
        Count += other.Count;
    }

    /// <summary>The state as bytes (format 1: magic, config key, task, K, counts).</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var wr = new BinaryWriter(ms))
        {
            wr.Write(Magic);
            wr.Write(1);
            wr.Write(ConfigKey);
            wr.Write((int)Task);
            wr.Write(K);
            wr.Write(Count);
            wr.Write(TotalWeight);
            wr.Write(_cm.Length);
            foreach (double v in _cm) wr.Write(v);
            wr.Write(_present.Length);
            foreach (bool v in _present) wr.Write(v);
            wr.Write(_ml.Length);
            foreach (double v in _ml) wr.Write(v);
            wr.Write(_samples.Count);
            foreach (var (key, v) in _samples.OrderBy(e => e.Key))
            {
                wr.Write(key.Tp); wr.Write(key.Fp); wr.Write(key.Fn); wr.Write(v);
            }
        }
        return ms.ToArray();
    }

    /// <summary>Replaces the state with one written by <see cref="ToBytes"/> from a state with the same options.</summary>
    public void LoadBytes(ReadOnlySpan<byte> bytes)
    {
        using var ms = new MemoryStream(bytes.ToArray());
        using var rd = new BinaryReader(ms);
        try
        {
            if (rd.ReadInt32() != Magic || rd.ReadInt32() != 1) throw new ArgumentException("not a Plumb label-metric state (format 1)");
            string key = rd.ReadString();
            if (key != ConfigKey) throw new ArgumentException($"state was written with options {key}, this metric has {ConfigKey}");
            var task = (MetricTask)rd.ReadInt32();
            int k = rd.ReadInt32();
            long count = rd.ReadInt64();
            double total = rd.ReadDouble();
            var cm = new double[rd.ReadInt32()];
            for (int i = 0; i < cm.Length; i++) cm[i] = rd.ReadDouble();
            var present = new bool[rd.ReadInt32()];
            for (int i = 0; i < present.Length; i++) present[i] = rd.ReadBoolean();
            var ml = new double[rd.ReadInt32()];
            for (int i = 0; i < ml.Length; i++) ml[i] = rd.ReadDouble();
            int ns = rd.ReadInt32();
            var samples = new Dictionary<(int, int, int), double>(ns);
            for (int i = 0; i < ns; i++) samples[(rd.ReadInt32(), rd.ReadInt32(), rd.ReadInt32())] = rd.ReadDouble();
            if (cm.Length != (task == MetricTask.Multilabel ? 0 : k * k) || ml.Length != (task == MetricTask.Multilabel ? 4 * k : 0))
                throw new ArgumentException("corrupt label-metric state: sizes do not match");
            (Task, K, Count, TotalWeight, _cm, _present, _ml, _samples) = (task, k, count, total, cm, present, ml, samples);
        }
        catch (EndOfStreamException e) { throw new ArgumentException("truncated label-metric state", e); }
    }
}
