namespace Plumb.Metrics;

/// <summary>
/// Area under the ROC curve for binary targets, exact (ties count one half), as scikit-learn's
/// <c>roc_auc_score</c>.
/// </summary>
/// <remarks>
/// AUC = Σ over positive/negative pairs of w⁺w⁻·([s⁺ &gt; s⁻] + ½[s⁺ = s⁻]) / (Σw⁺ · Σw⁻): the probability
/// that a random positive scores above a random negative. Computed over every sample seen, so the epoch AUC
/// is not an average of batch AUCs. Undefined (an error) when only one class is present.
/// <code>
/// double auc = RocAuc.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
/// </code>
/// </remarks>
public sealed class RocAuc : IStreamingMetric
{
    private readonly List<double> _scores = [];
    private readonly List<double> _targets = [];
    private readonly List<double> _weights = [];

    /// <inheritdoc />
    public string Name => "roc_auc";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>Exact binary ROC-AUC.</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        var m = new RocAuc();
        m.Update(new MetricBatch(target, score, 1, weight));
        return m.Compute();
    }

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            _scores.Add(batch.Score[i]);
            _targets.Add(batch.Target[i]);
            _weights.Add(batch.Weight.IsEmpty ? 1 : batch.Weight[i]);
        }
    }

    /// <inheritdoc />
    public double Compute()
    {
        int n = _scores.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = _scores.ToArray();
        Array.Sort(keys, order);
        double pos = 0, neg = 0, area = 0;
        // Sweep ascending; within a group of tied scores, positives beat all negatives below the group
        // and tie with the group's negatives (½).
        for (int i = 0; i < n;)
        {
            int j = i;
            double gp = 0, gn = 0;
            while (j < n && keys[j] == keys[i])
            {
                double w = _weights[order[j]];
                if (_targets[order[j]] == 1) gp += w; else gn += w;
                j++;
            }
            area += gp * (neg + 0.5 * gn);
            pos += gp;
            neg += gn;
            i = j;
        }
        if (pos == 0 || neg == 0)
            throw new InvalidOperationException("roc_auc is undefined when only one class is present in the targets");
        return area / (pos * neg);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _scores.Clear();
        _targets.Clear();
        _weights.Clear();
    }
}
