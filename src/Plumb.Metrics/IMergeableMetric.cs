namespace Plumb.Metrics;

/// <summary>
/// A streaming metric whose state can be combined across shards and stored: computing shards anywhere,
/// merging them and calling <see cref="IStreamingMetric.Compute"/> gives the one-pass result (bit-identical
/// for counts; within rounding of a compensated sum for floating sums).
/// </summary>
/// <remarks>
/// <code>
/// var a = new F1(); a.Update(shard1);
/// var b = new F1(); b.Update(shard2);
/// var c = new F1(); c.LoadState(b.SaveState());
/// a.Merge(c);                 // a now holds shard1 + shard2
/// double f1 = a.Compute();
/// </code>
/// </remarks>
public interface IMergeableMetric : IStreamingMetric
{
    /// <summary>Adds the state of <paramref name="other"/> (same metric, same options) to this one.</summary>
    /// <exception cref="ArgumentException">Different metric kind or incompatible options.</exception>
    void Merge(IMergeableMetric other);

    /// <summary>The state as bytes (a versioned binary format, little-endian).</summary>
    byte[] SaveState();

    /// <summary>Replaces the state with one produced by <see cref="SaveState"/> on a metric with the same options.</summary>
    /// <exception cref="ArgumentException">Not a state of this metric, other options, or truncated.</exception>
    void LoadState(ReadOnlySpan<byte> state);
}
