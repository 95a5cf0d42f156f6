using Plumb.Layers;
using Plumb.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training;

public sealed partial class Model
{
    private List<(MetricEntry Entry, IStreamingMetric Metric)> _trainMetrics = [];
    private List<(MetricEntry Entry, IStreamingMetric Metric)> _evalMetrics = [];
    private int? _resumeEpoch;
    /// <summary>Metrics that saw a non-finite prediction since their last reset (they read NaN, as Keras').</summary>
    private readonly HashSet<IStreamingMetric> _nonFinite = new(ReferenceEqualityComparer.Instance);
    /// <summary>Inside Fit: a diverging model's NaN/∞ predictions make the epoch's metrics NaN instead of throwing.</summary>
    private bool _inFit;

    /// <summary>The callbacks of the current Fit (BackupAndRestore saves their counters).</summary>
    internal IReadOnlyList<Callback> ActiveCallbacks { get; private set; } = [];
    private long _baseSeed;
    private Dictionary<string, Dictionary<string, double>>? _pendingCallbackStates;
    private Dictionary<string, byte[]>? _pendingCallbackWeights;

    /// <summary>
    /// Trains on in-memory tensors for epochs <paramref name="initialEpoch"/>…<paramref name="epochs"/>−1 and returns
    /// the per-epoch history: <c>loss</c> (the data loss), <c>reg_loss</c> (kernel penalties, when any), every
    /// metric, <c>val_</c> of each with validation data, and <c>lr</c>.
    /// </summary>
    /// <param name="x">Inputs [N, …].</param>
    /// <param name="y">Targets [N] or [N, K].</param>
    /// <param name="epochs">Index of the epoch to stop before (Keras' meaning with <paramref name="initialEpoch"/>).</param>
    /// <param name="batchSize">Rows per batch (the last batch may be smaller).</param>
    /// <param name="validationData">Held-out data evaluated after every epoch.</param>
    /// <param name="shuffle">Shuffle the rows every epoch (seeded).</param>
    /// <param name="seed">Makes runs bit-identical on CPU: each epoch's shuffle and the torch generator (dropout) are
    /// seeded from (seed, epoch). Null draws the seed from torch's generator, so <c>torch.random.manual_seed</c> also fixes it.</param>
    /// <param name="callbacks">Callbacks, called in order.</param>
    /// <param name="validationSplit">Fraction of the last rows (before shuffling) held out for validation, as Keras.</param>
    /// <param name="classWeight"><c>"balanced"</c> or a map class → weight, applied to the loss and the weighted metrics
    /// (per element for sequence and image targets, see <see cref="ClassWeight"/>).</param>
    /// <param name="sampleWeight">Per-row weights [N], or per element [N, T] / [N, H, W] for sequence and image outputs
    /// (broadcast from the left, as Keras), applied to the loss and the weighted metrics.</param>
    /// <param name="initialEpoch">First epoch index (to continue a previous run).</param>
    /// <param name="verbose">1 (the default, Keras' <c>"auto"</c>): progress — a live bar on an interactive console, one line per
    /// epoch otherwise (redirected output, CI); 2 one line per epoch; 0 silent.</param>
    /// <param name="validationBatchSize">Rows per validation batch; null = <paramref name="batchSize"/> (Keras'
    /// <c>validation_batch_size</c>). Larger batches validate faster on wide hardware, slower where memory bandwidth binds.</param>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true, int? seed = null, IEnumerable<Callback>? callbacks = null, double validationSplit = 0,
        ClassWeight? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0, int verbose = 1, int? validationBatchSize = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckCommon(epochs, batchSize, initialEpoch, verbose);
        if (validationBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(validationBatchSize), validationBatchSize, "validation batch size must be at least 1");
        int valBatch = validationBatchSize ?? batchSize;
        if (x.shape[0] != y.shape[0]) throw new ArgumentException($"x has {x.shape[0]} rows but y has {y.shape[0]}", nameof(y));
        if (x.shape[0] == 0) throw new ArgumentException("x has no rows", nameof(x));
        if (sampleWeight is not null && (sampleWeight.dim() == 0 || sampleWeight.shape[0] != x.shape[0]))
            throw new ArgumentException($"sampleWeight must have shape [{x.shape[0]}] (or [{x.shape[0]}, …] per timestep / pixel), got [{string.Join(", ", sampleWeight.shape)}]", nameof(sampleWeight));
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1)");
        if (validationSplit > 0 && validationData is not null)
            throw new ArgumentException("give validationData or validationSplit, not both", nameof(validationSplit));

        // Views and weights made here are freed explicitly: a dispose scope around the whole run would also free
        // tensors that callbacks create and keep (predictions, snapshots).
        var owned = new List<Tensor>();
        Tensor Own(Tensor t) { owned.Add(t); return t; }
        try
        {
            Tensor xt = x, yt = y;
            Tensor? wt = sampleWeight;
            IBatchSource? val = null;
            if (validationData is { } vd)
            {
                if (vd.X.shape[0] != vd.Y.shape[0]) throw new ArgumentException($"validation x has {vd.X.shape[0]} rows but y has {vd.Y.shape[0]}", nameof(validationData));
                val = new TensorSource(vd.X, vd.Y, null, valBatch);
            }
            else if (validationSplit > 0)
            {
                long n = x.shape[0];
                long nVal = (long)Math.Floor(n * validationSplit);
                if (nVal < 1 || nVal >= n) throw new ArgumentException($"validationSplit {validationSplit} leaves {nVal} of {n} rows for validation", nameof(validationSplit));
                long nTrain = n - nVal;
                xt = Own(x.narrow(0, 0, nTrain));
                yt = Own(y.narrow(0, 0, nTrain));
                wt = sampleWeight is null ? null : Own(sampleWeight.narrow(0, 0, nTrain));
                val = new TensorSource(Own(x.narrow(0, nTrain, nVal)), Own(y.narrow(0, nTrain, nVal)), null, valBatch);
            }
            Tensor? weights = CombineWeights(yt, wt, classWeight);
            if (weights is not null && !ReferenceEquals(weights, wt)) Own(weights);
            var train = new TensorSource(xt, yt, weights, batchSize);
            try { return FitCore(train, val, epochs, initialEpoch, callbacks, verbose, seed, shuffle, (int)Math.Ceiling(train.Rows / (double)batchSize)); }
            finally { train.EndEpoch(); }
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    /// <summary>Trains on float arrays (rows × features, one target per row); see the tensor overload.</summary>
    public History Fit(float[,] x, float[] y, int epochs = 1, int batchSize = 32, (float[,] X, float[] Y)? validationData = null,
        bool shuffle = true, int? seed = null, IEnumerable<Callback>? callbacks = null, double validationSplit = 0,
        ClassWeight? classWeight = null, float[]? sampleWeight = null, int initialEpoch = 0, int verbose = 1, int? validationBatchSize = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        using var xt = tensor(x);
        using var yt = tensor(y).unsqueeze(1);
        using var wt = sampleWeight is null ? null : tensor(sampleWeight);
        using var xv = validationData is { } v1 ? tensor(v1.X) : null;
        using var yv = validationData is { } v2 ? tensor(v2.Y).unsqueeze(1) : null;
        return Fit(xt, yt, epochs, batchSize, xv is null ? null : (xv, yv!), shuffle, seed, callbacks, validationSplit,
            classWeight, wt, initialEpoch, verbose, validationBatchSize);
    }

    /// <summary>
    /// Trains on batches that the caller produces (a data loader); the sequence is enumerated again every epoch and is
    /// not shuffled by Plumb. Class weights given as a map apply per batch; <c>"balanced"</c> counts the classes in a
    /// first pass over the batches.
    /// </summary>
    public History Fit(IEnumerable<(Tensor X, Tensor Y)> batches, int epochs = 1, IEnumerable<(Tensor X, Tensor Y)>? validationBatches = null,
        int? seed = null, IEnumerable<Callback>? callbacks = null, ClassWeight? classWeight = null, int initialEpoch = 0, int verbose = 1)
    {
        ArgumentNullException.ThrowIfNull(batches);
        CheckCommon(epochs, 1, initialEpoch, verbose);
        Func<Tensor, Tensor?>? weightOf = null;
        if (classWeight is not null)
        {
            IReadOnlyDictionary<int, double> map = classWeight.Map ?? ClassWeight.ComputeBalanced(batches.SelectMany(b => LabelsOf(b.Y).Counted()).ToArray());
            weightOf = yb => WeightsFor(LabelsOf(yb), map);
        }
        var train = new EnumerableSource(batches, weightOf);
        var val = validationBatches is null ? null : new EnumerableSource(validationBatches, null);
        int count = batches.TryGetNonEnumeratedCount(out int c) ? c : 0;
        return FitCore(train, val, epochs, initialEpoch, callbacks, verbose, seed, shuffle: false, count);
    }

    private static void CheckCommon(int epochs, int batchSize, int initialEpoch, int verbose)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be at least 1");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        if (initialEpoch < 0 || initialEpoch >= epochs)
            throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, $"initialEpoch must be in [0, epochs={epochs})");
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), verbose, "verbose is 0 (silent), 1 (progress) or 2 (one line per epoch)");
    }

    private History FitCore(IBatchSource train, IBatchSource? val, int epochs, int initialEpoch, IEnumerable<Callback>? callbacks,
        int verbose, int? seed, bool shuffle, int batchesPerEpoch)
    {
        _ = Loss;
        _ = Optimizer;
        var cbs = (callbacks ?? []).ToList();
        if (cbs.Any(c => c is null)) throw new ArgumentException("a callback is null", nameof(callbacks));
        return ProgressDisplay.Run(verbose, epochs, batchesPerEpoch, progress =>
        {
            if (progress is not null) cbs.Add(progress);
            return Train(train, val, epochs, initialEpoch, cbs, seed, shuffle);
        });
    }

    private History Train(IBatchSource train, IBatchSource? val, int epochs, int initialEpoch, List<Callback> cbs, int? seed, bool shuffle)
    {
        _inFit = true;
        try { return TrainCore(train, val, epochs, initialEpoch, cbs, seed, shuffle); }
        finally { _inFit = false; }
    }

    private History TrainCore(IBatchSource train, IBatchSource? val, int epochs, int initialEpoch, List<Callback> cbs, int? seed, bool shuffle)
    {
        var loss = Loss;
        var opt = Optimizer;
        var reg = Module is IRegularized { HasRegularization: true } r ? r : null;
        var clip = GradientClipping ?? (_config is { } cfg ? Optimizers.ClippingOf(cfg.Optimizer) : null);
        clip?.Validate();
        History = new History();
        _plan = null; // re-resolved (and re-checked) on this run's first batch
        _baseSeed = seed ?? DrawSeed();
        _resumeEpoch = null;
        _pendingCallbackStates = null;
        _pendingCallbackWeights = null;
        var epochMetrics = cbs.OfType<EpochMetricCallback>().ToList();
        _callbackDirections = [];
        var logKeys = ComputeLogKeys(reg is not null, val is not null);
        foreach (var (key, direction) in epochMetrics.SelectMany(c => c.Keys))
        {
            if (logKeys.Contains(key)) throw new ArgumentException($"a callback logs '{key}', which this run already logs", nameof(cbs));
            logKeys.Insert(logKeys.Count - 1, key); // before lr
            _callbackDirections[key] = direction;
        }
        LogKeys = logKeys;
        StopTraining = false;
        foreach (var cb in cbs) cb.Model = this;
        ActiveCallbacks = cbs;
        foreach (var cb in cbs) cb.OnTrainBegin();
        if (_pendingCallbackStates is { } states)
        {
            for (int i = 0; i < cbs.Count; i++)
                if (cbs[i] is IStatefulCallback s)
                {
                    if (states.TryGetValue(StateKey(cbs[i], i), out var st)) s.LoadState(st);
                    if (_pendingCallbackWeights?.TryGetValue(StateKey(cbs[i], i), out var w) == true) s.LoadWeights(this, w);
                }
            _pendingCallbackStates = null;
            _pendingCallbackWeights = null;
        }
        int start = _resumeEpoch ?? initialEpoch;
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        var batchLogs = new Dictionary<string, double>(StringComparer.Ordinal);
        bool? validated = null; // the whole target tensor is validated once, at the first batch
        for (int epoch = start; epoch < epochs && !StopTraining; epoch++)
        {
            foreach (var cb in cbs) cb.OnEpochBegin(epoch);
            random.manual_seed(Seeds.Mix(_baseSeed, epoch, 2));
            Module.train();
            ResetMetrics(_trainMetrics);
            double lossSum = 0, regSum = 0;
            long seen = 0;
            int batch = 0;
            try
            {
                foreach (object d in train.Plan(epoch, _baseSeed, shuffle))
                {
                    foreach (var cb in cbs) cb.OnBatchBegin(batch);
                    using (var scope = NewDisposeScope())
                    {
                        var b = train.Load(d);
                        opt.zero_grad();
                        var pred = Forward(b);
                        if (_plan is null) ResolvePlan(pred, b.Y, train.AllTargets ?? b.Y);
                        validated ??= ValidateOnce(loss, train, pred);
                        var dataLoss = validated == true ? loss.CallValidated(b.Y, pred, b.Weight) : loss.Call(b.Y, pred, b.Weight);
                        var total = dataLoss;
                        Tensor? penalty = null;
                        if (reg is not null) total = dataLoss + (penalty = reg.RegularizationLoss());
                        total.backward();
                        foreach (var cb in cbs) cb.OnAfterBackward(batch);
                        clip?.Apply(Module.parameters());
                        opt.step();
                        lossSum += dataLoss.ToDouble() * b.Rows;
                        if (penalty is not null) regSum += penalty.ToDouble() * b.Rows;
                        seen += b.Rows;
                        UpdateMetrics(_trainMetrics, b.Y, pred.detach(), b.Weight);
                    }
                    batchLogs["loss"] = lossSum / seen;
                    if (BatchMetrics)
                        foreach (var (e, m) in _trainMetrics) batchLogs[e.Key] = _nonFinite.Contains(m) ? double.NaN : RunningValue(m);
                    foreach (var cb in cbs) cb.OnBatchEnd(batch, batchLogs);
                    batch++;
                    if (StopTraining) break;
                }
            }
            finally { train.EndEpoch(); }
            if (seen == 0) throw new InvalidOperationException($"epoch {epoch} had no batches");
            logs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = lossSum / seen };
            if (reg is not null) logs["reg_loss"] = regSum / seen;
            foreach (var (e, m) in _trainMetrics) logs[e.Key] = MetricValue(m);
            if (val is not null)
                foreach (var (k, v) in EvaluateCore(val)) logs["val_" + k] = v;
            foreach (var cb in epochMetrics) cb.AddLogs(epoch, logs);
            logs["lr"] = LearningRate;
            History.Add(epoch, logs);
            CollectEpochGarbage();
            foreach (var cb in cbs) cb.OnEpochEnd(epoch, logs);
        }
        foreach (var cb in cbs) cb.OnTrainEnd(logs);
        return History;
    }

    private long _heapAfterCollect;

    /// <summary>
    /// TorchSharp wrappers nobody disposes (gradients read by the optimizer, scalars) are finalizable, so they outlive
    /// their batch and pile up in the oldest generation, which the runtime collects rarely: over a long run on a large
    /// table the process grows by megabytes an epoch. When an epoch grew the managed heap by more than 16 MB, it is
    /// collected (tens of milliseconds against seconds of training; small data never triggers it).
    /// </summary>
    private void CollectEpochGarbage()
    {
        long heap = GC.GetTotalMemory(forceFullCollection: false);
        if (heap - _heapAfterCollect < 16L << 20) return;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _heapAfterCollect = GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>
    /// Gradient clipping for an optimizer object (a named optimizer takes it in its spec:
    /// <c>adam(global_clipnorm=0.5)</c>); when set, it replaces the spec's. Applied after
    /// <see cref="Callback.OnAfterBackward"/>, before the optimizer's step.
    /// </summary>
    public GradientClipping? GradientClipping { get; set; }

    /// <summary>
    /// Also put the running (epoch-so-far, exact) value of every training metric into the batch logs, for progress
    /// bars and batch callbacks. Costs one <c>Compute</c> per metric per batch (a sort for ROC-AUC / PR-AUC); off by default.
    /// A metric undefined so far (one class seen) reads NaN.
    /// </summary>
    public bool BatchMetrics { get; set; }

    private static double RunningValue(IStreamingMetric m)
    {
        try { return m.Compute(); }
        catch (InvalidOperationException) { return double.NaN; }
    }

    private static long DrawSeed()
    {
        using var t = randint(int.MaxValue, [1], dtype: ScalarType.Int64);
        return t.item<long>();
    }

    private List<string> ComputeLogKeys(bool hasReg, bool hasVal)
    {
        var keys = new List<string> { "loss" };
        if (hasReg) keys.Add("reg_loss");
        keys.AddRange(_metrics.Select(m => m.Key));
        if (hasVal)
        {
            keys.Add("val_loss");
            keys.AddRange(_metrics.Select(m => "val_" + m.Key));
        }
        keys.Add("lr");
        return keys;
    }

    private void ResolvePlan(Tensor pred, Tensor yBatch, Tensor yAll)
    {
        _plan = MetricPlan.Resolve(_metrics, Loss, OutputActivation, _validate, pred, yBatch.shape, yAll);
        _trainMetrics = [.. _metrics.Select(e => (e, _plan.Create(e)))];
        _evalMetrics = [.. _metrics.Select(e => (e, _plan.Create(e)))];
    }

    private void UpdateMetrics(List<(MetricEntry Entry, IStreamingMetric Metric)> metrics, Tensor yTrue, Tensor yPred, Tensor? weight)
    {
        if (metrics.Count == 0) return;
        var plan = _plan!;
        if (plan.Task == MetricTask.Ranking)
        {
            UpdateRankingMetrics(metrics, yTrue, yPred);
            return;
        }
        using var scope = NewDisposeScope();
        var score = plan.Scores(yPred).to_type(ScalarType.Float64).cpu().contiguous();
        var target = plan.Targets(yTrue).to_type(ScalarType.Float64).cpu().contiguous();
        ReadOnlySpan<double> s = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(score.bytes);
        if (_inFit && !AllFinite(s))
        {
            // A diverging run (Keras: "loss: nan"): the metrics of this pass read NaN; the loss shows it too.
            foreach (var (_, m) in metrics) _nonFinite.Add(m);
            return;
        }
        ReadOnlySpan<double> t = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(target.bytes);
        int columns = yPred.dim() > 1 ? (int)yPred.shape[^1] : 1;
        ReadOnlySpan<double> w = default;
        if (weight is not null && metrics.Any(m => m.Entry.Weighted))
        {
            // Sequences and images: every timestep / pixel is a metric row; its weight is broadcast from the left.
            long[] rows = yPred.dim() > 2 ? yPred.shape[..^1] : [yPred.shape[0]];
            Tensor wr = weight.numel() == rows.Aggregate(1L, (a, b) => a * b) ? weight
                : (Losses.Loss.AlignWeight(weight, rows) ?? weight).expand(rows);
            var wd = wr.to_type(ScalarType.Float64).cpu().contiguous();
            w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(wd.bytes);
        }
        var plain = new MetricBatch(t, s, columns);
        var weighted = new MetricBatch(t, s, columns, w);
        foreach (var (e, m) in metrics) m.Update(e.Weighted ? weighted : plain);
    }

    /// <summary>Ranking: each row of the padded [queries, list] batch is one query (a fresh id); padding (target &lt; 0) is dropped.</summary>
    private void UpdateRankingMetrics(List<(MetricEntry Entry, IStreamingMetric Metric)> metrics, Tensor yTrue, Tensor yPred)
    {
        using var scope = NewDisposeScope();
        var y = yTrue.to_type(ScalarType.Float64).cpu().reshape(yTrue.shape[0], -1);
        var s = yPred.to_type(ScalarType.Float64).cpu().reshape(y.shape);
        var keep = y.ge(0);
        var query = arange(y.shape[0], dtype: ScalarType.Int64).unsqueeze(1).expand(y.shape) + _nextQueryId;
        _nextQueryId += y.shape[0];
        double[] t = y.masked_select(keep).data<double>().ToArray(), p = s.masked_select(keep).data<double>().ToArray();
        long[] g = query.masked_select(keep).data<long>().ToArray();
        var batch = new MetricBatch(t, p) { Group = g };
        foreach (var (_, m) in metrics) m.Update(batch);
    }

    private long _nextQueryId;
    private void ResetMetrics(List<(MetricEntry Entry, IStreamingMetric Metric)> metrics)
    {
        foreach (var (_, m) in metrics)
        {
            m.Reset();
            _nonFinite.Remove(m);
        }
    }

    /// <summary>The metric's value, NaN when it saw a non-finite prediction during Fit.</summary>
    private double MetricValue(IStreamingMetric m) => _nonFinite.Contains(m) ? double.NaN : m.Compute();

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        // x − x is 0 for finite x and NaN for ±∞ and NaN, so one sum answers for the whole span.
        double acc = 0;
        foreach (double v in values) acc += v - v;
        return acc == 0;
    }

    /// <summary>
    /// Class weights as sample weights: one weight per class label — per row for [N] / [N, 1] indices and [N, K]
    /// one-hot rows, per element for sequence and image targets ([B, T] / [B, H, W] indices with a class-index loss,
    /// one-hot [B, T, K] / [B, H, W, K]) — multiplied with the sample weights, the lower-rank one broadcast from the left.
    /// </summary>
    private Tensor? CombineWeights(Tensor y, Tensor? sampleWeight, ClassWeight? classWeight)
    {
        if (classWeight is null) return sampleWeight;
        var labels = LabelsOf(y);
        IReadOnlyDictionary<int, double> map = classWeight.Map ?? ClassWeight.ComputeBalanced(labels.Counted());
        using var scope = NewDisposeScope();
        var cw = WeightsFor(labels, map);
        if (sampleWeight is null) return cw.MoveToOuterDisposeScope();
        Tensor sw = sampleWeight.to_type(ScalarType.Float32);
        while (sw.dim() < cw.dim()) sw = sw.unsqueeze(-1);
        while (cw.dim() < sw.dim()) cw = cw.unsqueeze(-1);
        return (cw * sw).MoveToOuterDisposeScope();
    }

    private static Tensor WeightsFor(ClassLabels labels, IReadOnlyDictionary<int, double> map)
    {
        var w = new float[labels.Values.Length];
        for (int i = 0; i < w.Length; i++)
            w[i] = labels.Ignored(i) ? 1f : (float)map.GetValueOrDefault(labels.Values[i], 1.0);
        return tensor(w).reshape(labels.Shape);
    }

    /// <summary>Class labels and the shape of the weights they give (see <see cref="CombineWeights"/>); elements equal to a
    /// class-index loss's ignore index weigh 1 and are not counted for "balanced" (the loss gives them weight 0).</summary>
    private sealed record ClassLabels(int[] Values, long[] Shape, long? IgnoreIndex)
    {
        public bool Ignored(int i) => IgnoreIndex is long ig && Values[i] == ig;

        public int[] Counted() => IgnoreIndex is null ? Values : [.. Values.Where((_, i) => !Ignored(i))];
    }

    /// <summary>Class label per row (a one-column target's value, a one-hot row's argmax) or per element of sequence and
    /// image targets: class indices of any rank when the loss reads class indices, else one-hot along the last axis.</summary>
    private ClassLabels LabelsOf(Tensor y)
    {
        using var scope = NewDisposeScope();
        var indexLoss = _loss as Losses.ClassIndexLoss;
        Tensor lab;
        if (y.dim() == 1 || (y.dim() >= 2 && y.shape[^1] == 1)) lab = y.dim() == 1 ? y : y.squeeze(-1);
        else if (indexLoss is not null) lab = y;
        else
        {
            var sums = y.to_type(ScalarType.Float64).sum(-1);
            if (!sums.eq(1).all().item<bool>())
                throw new ArgumentException(y.dim() == 2
                    ? "class weights need one class per row: a class index or a one-hot row (multilabel targets have none)"
                    : $"class weights on targets of shape [{string.Join(", ", y.shape)}] need one-hot vectors along the last axis, or a class-index loss (sparse categorical cross-entropy, nll) for [B, …] class indices");
            lab = y.argmax(-1);
        }
        long[] shape = lab.shape;
        long? ignore = indexLoss?.IgnoreIndex;
        double[] v = lab.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var result = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (ignore is long ig && v[i] == ig) { result[i] = (int)ig; continue; }
            if (v[i] != Math.Floor(v[i]) || v[i] < 0 || v[i] > int.MaxValue)
                throw new ArgumentException(shape.Length <= 1
                    ? $"class weights need integer class labels ≥ 0; row {i} has target {v[i]}"
                    : $"class weights need integer class labels ≥ 0; element {i} (row {i / (v.Length / shape[0])}) has target {v[i]}");
            result[i] = (int)v[i];
        }
        return new ClassLabels(result, shape, ignore);
    }

    internal static string StateKey(Callback cb, int index) => $"{index}:{cb.GetType().Name}";

    /// <summary>
    /// Validates the loss's inputs for every row at once — all targets and weights, with the first batch's prediction
    /// giving the per-sample shape — so later batches skip the per-call checks. Returns false (check every batch)
    /// when the loss's checks are off or the rows are streamed.
    /// </summary>
    private static bool ValidateOnce(Losses.Loss loss, IBatchSource source, Tensor pred)
    {
        if (!loss.CheckInputs || source.AllTargets is not { } y) return false;
        using var scope = NewDisposeScope();
        long[] shape = [.. pred.shape];
        shape[0] = y.shape[0];
        using var proxy = pred.detach().narrow(0, 0, 1).expand(shape);
        loss.Validate(y, proxy, source.AllWeights);
        return true;
    }
}
