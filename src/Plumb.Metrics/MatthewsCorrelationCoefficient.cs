namespace Plumb.Metrics;

/// <summary>
/// Matthews correlation coefficient (MCC, the φ coefficient in the binary case), as scikit-learn's
/// <c>matthews_corrcoef</c>: binary and multiclass (Gorodkin's R_K), in [−1, 1].
/// </summary>
/// <remarks>
/// With C the weighted confusion matrix, t_k its row sums, p_k its column sums, c = trace, s = Σ C:
/// MCC = (c·s − Σ t_k p_k) / √((s² − Σ p_k²)(s² − Σ t_k²)); 0 when the denominator is 0.
/// <see cref="MetricOptions.Average"/> does not apply. Not defined for multilabel tasks.
/// <code>
/// double mcc = MatthewsCorrelationCoefficient.Binary([1, 1, 0, 0], [0.9, 0.8, 0.7, 0.1]); // 1/√3 = 0.5773…
/// </code>
/// </remarks>
public sealed class MatthewsCorrelationCoefficient : LabelMetric
{
    /// <summary>Creates a streaming MCC.</summary>
    public MatthewsCorrelationCoefficient(MetricOptions? options = null) : base("mcc", MetricDirection.HigherIsBetter, options) =>
        Require(Options.Task != MetricTask.Multilabel, "mcc is not defined for multilabel tasks");

    /// <summary>Binary MCC (predicted positive when score ≥ threshold).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double threshold = 0.5, ReadOnlySpan<double> weight = default) =>
        (double)new MatthewsCorrelationCoefficient(new MetricOptions { Threshold = threshold }).Evaluate(new MetricBatch(target, score, 1, weight));

    internal override object ComputeFrom(ConfusionState s)
    {
        int k = s.K;
        var t = new double[k];
        var p = new double[k];
        double correct = 0;
        for (int i = 0; i < k; i++)
        {
            correct += s.Cell(i, i);
            for (int j = 0; j < k; j++) { t[i] += s.Cell(i, j); p[j] += s.Cell(i, j); }
        }
        double n = 0, tp = 0, pp = 0, tt = 0;
        for (int i = 0; i < k; i++) { n += p[i]; tp += t[i] * p[i]; pp += p[i] * p[i]; tt += t[i] * t[i]; }
        double cov = correct * n - tp, covP = n * n - pp, covT = n * n - tt;
        return covP * covT == 0 ? 0.0 : cov / Math.Sqrt(covT * covP);
    }
}
