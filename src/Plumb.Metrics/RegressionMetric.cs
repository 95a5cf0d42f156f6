using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// Base of the regression metrics: one real target and one prediction per sample, optional non-negative
/// sample weights. Validates each batch whole (NaN/±∞ values, negative weights, the metric's own domain such
/// as non-negative targets for MSLE) before the state changes, naming the value and its sample index.
/// </summary>
/// <remarks>
/// States are exact where they can be (counts, maxima, retained samples for the median-based metrics) and
/// otherwise compensated (Neumaier) sums and weighted Welford moments, so that merged shards agree with one
/// pass to rounding (≈1e-15 relative), and values agree with scikit-learn 1.2.1 to 1e-9 relative.
/// <code>
/// var mse = new Mse();
/// mse.Update(new MetricBatch(target, prediction));
/// double value = mse.Compute();
/// double direct = Mse.Regression([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
/// </code>
/// </remarks>
public abstract class RegressionMetric : IMergeableMetric
{
    private const int Magic = 0x47524C50; // "PLRG"
    private const int FormatVersion = 2;
    private readonly List<MetricState> _states = [];

    private protected RegressionMetric(string name, MetricDirection direction)
    {
        Name = name;
        Direction = direction;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public MetricDirection Direction { get; }

    /// <summary>Number of samples seen (zero-weight ones included).</summary>
    public long Count { get; private set; }

    /// <summary>Identifies the metric and its parameters; only equal keys merge.</summary>
    private protected virtual string ConfigKey => Name;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        if (batch.Columns != 1) throw new ArgumentException($"{Name}: regression expects one prediction column, got {batch.Columns} (several outputs: {Name}(multioutput=uniform_average) or raw_values)");
        if (batch.Target.Length != batch.Count)
            throw new ArgumentException($"{Name}: {batch.Target.Length} targets for {batch.Count} predictions");
        var y = batch.Target;
        var p = batch.Score;
        Validate(y, p, batch.Weight, "");
        Accumulate(y, p, batch.Weight);
        Count += y.Length;
    }

    /// <summary>Checks one batch (finite values, the metric's domain, weights) without changing the state; errors name the
    /// sample's index in the stream, after <paramref name="prefix"/>.</summary>
    internal void Validate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w, string prefix)
    {
        try
        {
            ConfusionState.ValidateWeights(w, Count);
            for (int i = 0; i < y.Length; i++)
            {
                if (!double.IsFinite(y[i])) throw new ArgumentException($"{Name}: target {Fmt(y[i])} at index {Count + i} is not finite");
                if (!double.IsFinite(p[i])) throw new ArgumentException($"{Name}: prediction {Fmt(p[i])} at index {Count + i} is not finite");
                CheckDomain(y[i], p[i], Count + i);
            }
        }
        catch (ArgumentException e) when (prefix.Length > 0) { throw new ArgumentException(prefix + e.Message, e); }
    }

    /// <summary>Resets, adds the samples and computes: the functional form.</summary>
    public double Evaluate(ReadOnlySpan<double> target, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default)
    {
        Reset();
        Update(new MetricBatch(target, prediction, 1, weight));
        return Compute();
    }

    /// <inheritdoc />
    public abstract double Compute();

    /// <inheritdoc />
    public void Reset()
    {
        Count = 0;
        foreach (var part in _states) part.Reset();
    }

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not RegressionMetric o || o.GetType() != GetType() || o.ConfigKey != ConfigKey)
            throw new ArgumentException($"cannot merge {other.Name} into {ConfigKey}");
        if (ReferenceEquals(o, this)) throw new ArgumentException("cannot merge a metric into itself");
        for (int i = 0; i < _states.Count; i++) _states[i].Merge(o._states[i]);
        Count += o.Count;
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        using var ms = new MemoryStream();
        using (var wr = new BinaryWriter(ms))
        {
            wr.Write(Magic);
            wr.Write(FormatVersion);
            wr.Write(ConfigKey);
            wr.Write(Count);
            foreach (var part in _states) part.Write(wr);
        }
        return ms.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var rd = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            if (rd.ReadInt32() != Magic || rd.ReadInt32() != FormatVersion)
                throw new ArgumentException($"not a Plumb regression-metric state (format {FormatVersion})");
            string key = rd.ReadString();
            if (key != ConfigKey) throw new ArgumentException($"state was written by {key}, this metric is {ConfigKey}");
            long count = rd.ReadInt64();
            Reset();
            foreach (var part in _states) part.Read(rd);
            Count = count;
        }
        catch (EndOfStreamException e) { throw new ArgumentException("truncated regression-metric state", e); }
    }

    private protected virtual void CheckDomain(double y, double p, long index) { }

    /// <summary>The weight of this output in scikit-learn's <c>multioutput='variance_weighted'</c> average (the score's
    /// denominator, the spread of the targets), or NaN for metrics that have no such weight.</summary>
    internal virtual double VarianceWeight => double.NaN;

    private protected abstract void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w);

    /// <summary>Declares a piece of the state (call from the constructor): reset, merge, save and load then cover it.</summary>
    private protected T Declare<T>(T state) where T : MetricState
    {
        _states.Add(state);
        return state;
    }

    private protected static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A regression metric that is the weighted mean of a per-sample loss: Σ wᵢ·ℓ(yᵢ, ŷᵢ) / Σ wᵢ, kept as two
/// compensated sums (mergeable, serialisable).
/// </summary>
/// <remarks>
/// <code>
/// MeanLossMetric mae = new Mae();
/// mae.Update(new MetricBatch([1, 2], [1.5, 2]));
/// double v = mae.Compute(); // (0.5 + 0) / 2 = 0.25
/// </code>
/// </remarks>
public abstract class MeanLossMetric : RegressionMetric
{
    private readonly SumState _loss, _weight;

    private protected MeanLossMetric(string name) : base(name, MetricDirection.LowerIsBetter)
    {
        _loss = Declare(new SumState());
        _weight = Declare(new SumState());
    }

    /// <summary>The per-sample loss ℓ(y, ŷ).</summary>
    private protected abstract double Loss(double y, double p);

    /// <summary>Σ wᵢ·ℓ(yᵢ, ŷᵢ) / Σ wᵢ (NaN when there is no weight).</summary>
    public override double Compute() => _loss.Value / _weight.Value;

    private protected override void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> w)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double wi = w.IsEmpty ? 1 : w[i];
            _loss.Add(w.IsEmpty ? Loss(y[i], p[i]) : Loss(y[i], p[i]) * wi);
            _weight.Add(wi);
        }
    }
}

/// <summary>Neumaier's compensated sum: error independent of the number of terms to first order.</summary>
internal struct CompensatedSum
{
    public double Sum;
    public double Compensation;

    public readonly double Value => Sum + Compensation;

    public void Add(double x)
    {
        double t = Sum + x;
        if (Math.Abs(Sum) >= Math.Abs(x)) Compensation += Sum - t + x;
        else Compensation += x - t + Sum;
        Sum = t;
    }

    public void Add(CompensatedSum o)
    {
        Add(o.Sum);
        Add(o.Compensation);
    }

    public readonly void Write(BinaryWriter w)
    {
        w.Write(Sum);
        w.Write(Compensation);
    }

    public static CompensatedSum Read(BinaryReader r) => new() { Sum = r.ReadDouble(), Compensation = r.ReadDouble() };
}

/// <summary>Weighted mean and M2 = Σ w (x − mean)² (West's weighted Welford; Chan's merge).</summary>
internal struct WeightedMoments
{
    public double Weight;
    public double Mean;
    public double M2;

    public void Add(double x, double w)
    {
        if (w == 0) return;
        if (Weight == 0) { (Weight, Mean, M2) = (w, x, 0); return; }
        double total = Weight + w;
        double delta = x - Mean;
        Mean += delta * (w / total);
        M2 += w * delta * (x - Mean);
        Weight = total;
    }

    public void Add(WeightedMoments o)
    {
        if (o.Weight == 0) return;
        if (Weight == 0) { this = o; return; }
        double total = Weight + o.Weight;
        double delta = o.Mean - Mean;
        Mean += delta * (o.Weight / total);
        M2 += o.M2 + delta * delta * (Weight * o.Weight / total);
        Weight = total;
    }

    public readonly void Write(BinaryWriter w)
    {
        w.Write(Weight);
        w.Write(Mean);
        w.Write(M2);
    }

    public static WeightedMoments Read(BinaryReader r) => new() { Weight = r.ReadDouble(), Mean = r.ReadDouble(), M2 = r.ReadDouble() };
}

/// <summary>Retained (value, weight) samples for the median- and quantile-based metrics (a declared state).</summary>
internal sealed class RetainedSamples : MetricState
{
    private readonly List<double> _values = [];
    private readonly List<double> _weights = [];

    /// <summary>Whether any batch carried explicit weights (scikit-learn then uses its weighted percentile).</summary>
    public bool Weighted { get; private set; }

    public int Count => _values.Count;

    public void Add(double v, double w) { _values.Add(v); _weights.Add(w); }

    public void MarkWeighted() => Weighted = true;

    public void Clear() { _values.Clear(); _weights.Clear(); Weighted = false; }

    public override void Reset() => Clear();

    public override void Merge(MetricState other) => Add((RetainedSamples)other);

    public void Add(RetainedSamples o)
    {
        _values.AddRange(o._values);
        _weights.AddRange(o._weights);
        Weighted |= o.Weighted;
    }

    /// <summary>numpy's <c>percentile(v, 50)</c> (linear) or <c>median</c>, or scikit-learn's <c>_weighted_percentile(v, w, 50)</c>.</summary>
    public double Median(bool numpyMedian)
    {
        int n = _values.Count;
        if (n == 0) return double.NaN;
        if (!Weighted) return NumpyMedian.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values), percentile: !numpyMedian);
        var keys = _values.ToArray();
        var w = _weights.ToArray();
        Array.Sort(keys, w);
        double cdfTotal = 0;
        foreach (double x in w) cdfTotal += x;
        double target = 0.5 * cdfTotal;
        if (target == 0) target = Math.BitIncrement(0.0);
        double cdf = 0;
        for (int i = 0; i < n; i++)
        {
            cdf += w[i];
            if (cdf >= target) return keys[i];
        }
        return keys[n - 1];
    }

    public IEnumerable<(double Value, double Weight)> Items()
    {
        for (int i = 0; i < _values.Count; i++) yield return (_values[i], _weights[i]);
    }

    public override void Write(BinaryWriter w)
    {
        w.Write(Weighted);
        w.Write(_values.Count);
        for (int i = 0; i < _values.Count; i++) { w.Write(_values[i]); w.Write(_weights[i]); }
    }

    public override void Read(BinaryReader r)
    {
        Clear();
        Weighted = r.ReadBoolean();
        int n = r.ReadInt32();
        for (int i = 0; i < n; i++) Add(r.ReadDouble(), r.ReadDouble());
    }
}
