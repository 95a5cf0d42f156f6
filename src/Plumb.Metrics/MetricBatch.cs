namespace Plumb.Metrics;

/// <summary>
/// One batch of targets, scores and optional sample weights, as row-major spans.
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
/// </remarks>
public readonly ref struct MetricBatch
{
    /// <summary>Creates a batch; <paramref name="columns"/> is the number of score values per sample.</summary>
    public MetricBatch(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int columns = 1, ReadOnlySpan<double> weight = default)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1");
        if (score.Length % columns != 0)
            throw new ArgumentException($"score length {score.Length} is not a multiple of columns {columns}", nameof(score));
        int n = score.Length / columns;
        if (target.Length != n && target.Length != score.Length)
            throw new ArgumentException($"target length {target.Length} matches neither {n} samples nor {score.Length} score values", nameof(target));
        if (!weight.IsEmpty && weight.Length != n)
            throw new ArgumentException($"weight length {weight.Length} does not match {n} samples", nameof(weight));
        Target = target;
        Score = score;
        Columns = columns;
        Weight = weight;
    }

    /// <summary>Targets (see remarks).</summary>
    public ReadOnlySpan<double> Target { get; }

    /// <summary>Scores or predictions (see remarks).</summary>
    public ReadOnlySpan<double> Score { get; }

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
    public int Count => Score.Length / Columns;
}
