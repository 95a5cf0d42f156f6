namespace Plumb.Metrics;

/// <summary>
/// A streaming metric whose state can be combined and moved: shards updated anywhere, merged in any order,
/// compute the one-pass value (bit-identical for count- and sort-based metrics, within 1e-12 relative for
/// floating sums), and the state can be saved and loaded.
/// </summary>
public interface IMergeableMetric : IStreamingMetric
{
    /// <summary>Adds the state of <paramref name="other"/> (a metric of the same type and settings) to this one.</summary>
    /// <exception cref="ArgumentException">A metric of another type or with other settings.</exception>
    void Merge(IStreamingMetric other);

    /// <summary>Writes the state (not the settings) to <paramref name="stream"/>.</summary>
    void WriteState(Stream stream);

    /// <summary>Replaces the state with one written by <see cref="WriteState"/> of a metric with the same settings.</summary>
    /// <exception cref="InvalidDataException">A truncated or incompatible state.</exception>
    void ReadState(Stream stream);
}
