using System.Runtime.InteropServices;

namespace Plumb.Metrics;

/// <summary>
/// One batch of targets, scores and optional sample weights, as row-major spans, read without copying:
/// targets as <c>double</c>, <c>float</c>, <c>int</c>, <c>long</c> or <c>bool</c>; scores as <c>double</c>, <c>float</c>,
/// or (predicted labels) <c>int</c> or <c>long</c>.
/// </summary>
/// <remarks>
/// <para><see cref="Target"/>: one value per sample (binary 0/1, class index, regression value), or
/// <see cref="Columns"/> values per sample for multilabel targets.</para>
/// <para><see cref="Score"/>: <see cref="Columns"/> values per sample: one for binary scores or regression
/// predictions, K class scores for multiclass and multilabel.</para>
/// <para><see cref="Weight"/>: empty for unit weights, else one non-negative weight per sample.</para>
/// <para><see cref="Group"/>: empty for every task but ranking; for ranking metrics, the query id of each sample
/// (rows of one query need not be contiguous, nor in one batch). Set it with an initializer:
/// <c>new MetricBatch(relevance, score) { Group = queryIds }</c>. Other metrics ignore it.</para>
/// <para>The label metrics, log loss, Brier, ROC-AUC and average precision read <c>int</c>/<c>long</c>/<c>bool</c> targets
/// and <c>float</c> scores directly (SIMD); any other metric sees them through <see cref="Target"/> and
/// <see cref="Score"/>, which widen such a batch to <c>double</c> once, on first use. Every value of a
/// <c>float</c>, <c>int</c> or <c>long</c> (up to 2⁵³) is exactly a <c>double</c>, so results do not depend
/// on the element type.</para>
/// <code>
/// int[] y = [1, 0, 1];
/// float[] p = [0.9f, 0.2f, 0.4f];
/// f1.Update(new MetricBatch(y, p)); // no copy into double[]
/// </code>
/// </remarks>
public readonly ref struct MetricBatch
{
    private readonly ReadOnlySpan<byte> _target;
    private readonly ReadOnlySpan<byte> _score;
    private readonly Widened? _widened;

    /// <summary>Creates a batch; <paramref name="columns"/> is the number of score values per sample.</summary>
    public MetricBatch(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Double, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Double, columns, weight) { }

    /// <summary>Creates a batch of <c>int</c> labels and <c>float</c> scores (no copy).</summary>
    public MetricBatch(ReadOnlySpan<int> target, ReadOnlySpan<float> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int32, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Single, columns, weight) { }

    /// <summary>Creates a batch of <c>long</c> labels and <c>float</c> scores (no copy).</summary>
    public MetricBatch(ReadOnlySpan<long> target, ReadOnlySpan<float> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int64, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Single, columns, weight) { }

    /// <summary>Creates a batch of <c>bool</c> binary targets (true = 1) and <c>float</c> scores (no copy).</summary>
    public MetricBatch(ReadOnlySpan<bool> target, ReadOnlySpan<float> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Byte, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Single, columns, weight) { }

    /// <summary>Creates a batch of <c>int</c> labels and <c>double</c> scores (no copy).</summary>
    public MetricBatch(ReadOnlySpan<int> target, ReadOnlySpan<double> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int32, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Double, columns, weight) { }

    /// <summary>Creates a batch of <c>long</c> labels and <c>double</c> scores (no copy).</summary>
    public MetricBatch(ReadOnlySpan<long> target, ReadOnlySpan<double> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int64, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Double, columns, weight) { }

    /// <summary>Creates a batch of <c>float</c> targets and scores (e.g. regression outputs; no copy).</summary>
    public MetricBatch(ReadOnlySpan<float> target, ReadOnlySpan<float> score, int columns = 1, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Single, MemoryMarshal.AsBytes(score), score.Length, ElementKind.Single, columns, weight) { }

    /// <summary>Creates a batch of <c>int</c> true labels and <c>int</c> predicted labels (multiclass, one column; no copy).</summary>
    public MetricBatch(ReadOnlySpan<int> target, ReadOnlySpan<int> predicted, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int32, MemoryMarshal.AsBytes(predicted), predicted.Length, ElementKind.Int32, 1, weight) { }

    /// <summary>Creates a batch of <c>long</c> true labels and <c>long</c> predicted labels (multiclass, one column; no copy).</summary>
    public MetricBatch(ReadOnlySpan<long> target, ReadOnlySpan<long> predicted, ReadOnlySpan<double> weight = default)
        : this(MemoryMarshal.AsBytes(target), target.Length, ElementKind.Int64, MemoryMarshal.AsBytes(predicted), predicted.Length, ElementKind.Int64, 1, weight) { }

    private MetricBatch(ReadOnlySpan<byte> target, int targetLength, ElementKind targetKind,
        ReadOnlySpan<byte> score, int scoreLength, ElementKind scoreKind, int columns, ReadOnlySpan<double> weight)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1");
        if (scoreLength % columns != 0)
            throw new ArgumentException($"score length {scoreLength} is not a multiple of columns {columns}", nameof(score));
        int n = scoreLength / columns;
        if (targetLength != n && targetLength != scoreLength)
            throw new ArgumentException($"target length {targetLength} matches neither {n} samples nor {scoreLength} score values", nameof(target));
        if (!weight.IsEmpty && weight.Length != n)
            throw new ArgumentException($"weight length {weight.Length} does not match {n} samples", nameof(weight));
        _target = target;
        _score = score;
        TargetKind = targetKind;
        ScoreKind = scoreKind;
        TargetLength = targetLength;
        Count = n;
        Columns = columns;
        Weight = weight;
        _widened = targetKind == ElementKind.Double && scoreKind == ElementKind.Double ? null : new Widened();
    }

    /// <summary>Targets as <c>double</c> (see remarks; a batch of other element types is widened once, on first use).</summary>
    public ReadOnlySpan<double> Target => TargetKind == ElementKind.Double
        ? MemoryMarshal.Cast<byte, double>(_target)
        : _widened!.Target ??= Widen(_target, TargetKind, TargetLength);

    /// <summary>Scores or predictions as <c>double</c> (see remarks; widened once, on first use, when given as another type).</summary>
    public ReadOnlySpan<double> Score => ScoreKind == ElementKind.Double
        ? MemoryMarshal.Cast<byte, double>(_score)
        : _widened!.Score ??= Widen(_score, ScoreKind, Count * Columns);

    /// <summary>Score values per sample.</summary>
    public int Columns { get; }

    /// <summary>Sample weights, or empty for unit weights.</summary>
    public ReadOnlySpan<double> Weight { get; }

    /// <summary>Query id per sample for ranking metrics, or empty (see remarks).</summary>
    /// <exception cref="ArgumentException">Non-empty and not one id per sample.</exception>
    public ReadOnlySpan<long> Group
    {
        get => _group;
        init
        {
            if (!value.IsEmpty && value.Length != Count)
                throw new ArgumentException($"group length {value.Length} does not match {Count} samples", nameof(Group));
            _group = value;
        }
    }

    private readonly ReadOnlySpan<long> _group;

    /// <summary>Number of samples in the batch.</summary>
    public int Count { get; }

    internal ElementKind TargetKind { get; }

    internal ElementKind ScoreKind { get; }

    internal int TargetLength { get; }

    /// <summary>The targets as given, reinterpreted as <typeparamref name="T"/> (which must match <see cref="TargetKind"/>).</summary>
    internal ReadOnlySpan<T> RawTarget<T>() where T : struct => MemoryMarshal.Cast<byte, T>(_target);

    /// <summary>The scores as given, reinterpreted as <typeparamref name="T"/> (which must match <see cref="ScoreKind"/>).</summary>
    internal ReadOnlySpan<T> RawScore<T>() where T : struct => MemoryMarshal.Cast<byte, T>(_score);

    private static double[] Widen(ReadOnlySpan<byte> raw, ElementKind kind, int length)
    {
        var d = new double[length];
        switch (kind)
        {
            case ElementKind.Single:
                {
                    var s = MemoryMarshal.Cast<byte, float>(raw);
                    for (int i = 0; i < length; i++) d[i] = s[i];
                    break;
                }
            case ElementKind.Int32:
                {
                    var s = MemoryMarshal.Cast<byte, int>(raw);
                    for (int i = 0; i < length; i++) d[i] = s[i];
                    break;
                }
            case ElementKind.Byte:
                for (int i = 0; i < length; i++) d[i] = raw[i];
                break;
            default:
                {
                    var s = MemoryMarshal.Cast<byte, long>(raw);
                    for (int i = 0; i < length; i++) d[i] = s[i];
                    break;
                }
        }
        return d;
    }

    /// <summary>The widened copies of a non-double batch, made at most once.</summary>
    private sealed class Widened
    {
        public double[]? Target;
        public double[]? Score;
    }
}

/// <summary>The element type a <see cref="MetricBatch"/> span was given as.</summary>
internal enum ElementKind : byte { Double, Single, Int32, Int64, Byte }
