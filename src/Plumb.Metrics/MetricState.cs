namespace Plumb.Metrics;

/// <summary>
/// One piece of a metric's streaming state, declared once with <see cref="RegressionMetric"/>'s <c>Declare</c> (as
/// torchmetrics' <c>add_state</c>): the metric base resets, merges, saves and loads every declared piece in
/// declaration order, so a metric never hand-writes those four for its own fields.
/// </summary>
internal abstract class MetricState
{
    /// <summary>Back to the empty state.</summary>
    public abstract void Reset();

    /// <summary>Adds <paramref name="other"/>, a piece of the same kind from a metric with the same options.</summary>
    public abstract void Merge(MetricState other);

    /// <summary>Writes the piece (little-endian).</summary>
    public abstract void Write(BinaryWriter w);

    /// <summary>Replaces the piece with one written by <see cref="Write"/>.</summary>
    public abstract void Read(BinaryReader r);
}

/// <summary>A compensated (Neumaier) sum as a declared state.</summary>
internal sealed class SumState : MetricState
{
    private CompensatedSum _sum;

    public double Value => _sum.Value;

    public void Add(double x) => _sum.Add(x);

    public override void Reset() => _sum = default;

    public override void Merge(MetricState other) => _sum.Add(((SumState)other)._sum);

    public override void Write(BinaryWriter w) => _sum.Write(w);

    public override void Read(BinaryReader r) => _sum = CompensatedSum.Read(r);
}

/// <summary>Weighted mean and M2 as a declared state (Chan's merge).</summary>
internal sealed class MomentsState : MetricState
{
    private WeightedMoments _m;

    public double Weight => _m.Weight;

    public double Mean => _m.Mean;

    public double M2 => _m.M2;

    public void Add(double x, double w) => _m.Add(x, w);

    public override void Reset() => _m = default;

    public override void Merge(MetricState other) => _m.Add(((MomentsState)other)._m);

    public override void Write(BinaryWriter w) => _m.Write(w);

    public override void Read(BinaryReader r) => _m = WeightedMoments.Read(r);
}

/// <summary>A running maximum as a declared state (−∞ when empty).</summary>
internal sealed class MaxState : MetricState
{
    public double Value { get; private set; } = double.NegativeInfinity;

    public void Add(double x) => Value = Math.Max(Value, x);

    public override void Reset() => Value = double.NegativeInfinity;

    public override void Merge(MetricState other) => Add(((MaxState)other).Value);

    public override void Write(BinaryWriter w) => w.Write(Value);

    public override void Read(BinaryReader r) => Value = r.ReadDouble();
}
