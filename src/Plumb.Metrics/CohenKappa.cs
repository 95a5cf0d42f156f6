namespace Plumb.Metrics;

/// <summary>How disagreements between classes are weighted in <see cref="CohenKappa"/>.</summary>
public enum KappaWeighting
{
    /// <summary>Every disagreement costs 1.</summary>
    None,
    /// <summary>Cost |i − j| (ordinal classes).</summary>
    Linear,
    /// <summary>Cost (i − j)² (ordinal classes; the usual choice for grades).</summary>
    Quadratic,
}

/// <summary>
/// Cohen's kappa between the targets and the predicted labels, unweighted or with linear / quadratic
/// weights, as scikit-learn's <c>cohen_kappa_score</c>. Binary and multiclass.
/// </summary>
/// <remarks>
/// κ = 1 − Σ W∘C / Σ W∘E with C the weighted confusion matrix, E = outer(column sums, row sums) / Σ C the
/// matrix expected by chance and W the cost matrix (1 off the diagonal; |i − j|; (i − j)²) indexed by the
/// position of the class among the labels (see <see cref="LabelMetric"/>). NaN when Σ W∘E = 0 (e.g. a single
/// class), as scikit-learn.
/// <code>
/// double k = CohenKappa.Binary([1, 1, 0, 0], [0.9, 0.8, 0.7, 0.1]); // 0.5
/// </code>
/// </remarks>
public sealed class CohenKappa : LabelMetric
{
    private readonly KappaWeighting _weighting;

    /// <summary>Creates a streaming Cohen's kappa.</summary>
    public CohenKappa(KappaWeighting weighting = KappaWeighting.None, MetricOptions? options = null)
        : base("cohen_kappa", MetricDirection.HigherIsBetter, options)
    {
        _weighting = weighting;
        Require(Options.Task != MetricTask.Multilabel, "cohen_kappa is not defined for multilabel tasks");
    }

    /// <summary>Binary Cohen's kappa (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new CohenKappa(KappaWeighting.None, new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    internal override object ComputeFrom(ConfusionState s)
    {
        int[] labels = s.Labels();
        int m = labels.Length;
        var colSum = new double[m];
        var rowSum = new double[m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double c = s.Cell(labels[i], labels[j]);
                rowSum[i] += c;
                colSum[j] += c;
            }
        double total = 0;
        foreach (double v in colSum) total += v;
        double num = 0, den = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double w = _weighting switch
                {
                    KappaWeighting.Linear => Math.Abs(i - j),
                    KappaWeighting.Quadratic => (i - j) * (i - j),
                    _ => i == j ? 0 : 1,
                };
                num += w * s.Cell(labels[i], labels[j]);
                den += w * (colSum[i] * rowSum[j] / total);
            }
        return 1 - num / den;
    }
}
