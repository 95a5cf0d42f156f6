namespace Plumb.Metrics.Kernels;

/// <summary>
/// The cumulative counts of a binary ranking at each distinct score, highest score first: exactly the
/// <c>fps, tps, thresholds</c> of scikit-learn's <c>_binary_clf_curve</c> (zero-weight samples dropped,
/// as there). ROC and PR curves, ROC-AUC, average precision and the operating points all derive from it.
/// </summary>
internal sealed class BinaryCurve
{
    private readonly double[] _tps, _fps;

    internal BinaryCurve(double[] thresholds, double[] tps, double[] fps)
    {
        Thresholds = thresholds;
        Tps = _tps = tps;
        Fps = _fps = fps;
    }

    /// <summary>Distinct scores, decreasing.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Weight of positives with score ≥ threshold.</summary>
    public IReadOnlyList<double> Tps { get; }

    /// <summary>Weight of negatives with score ≥ threshold.</summary>
    public IReadOnlyList<double> Fps { get; }

    /// <summary>Total positive weight.</summary>
    public double Positives => _tps.Length == 0 ? 0 : _tps[^1];

    /// <summary>Total negative weight.</summary>
    public double Negatives => _fps.Length == 0 ? 0 : _fps[^1];

    /// <summary>
    /// ROC-AUC: Σ over threshold groups of Δfp·(tp_above + Δtp/2) / (P·N), the trapezoid rule on the ROC
    /// points, ties counting one half. NaN when a class is absent.
    /// </summary>
    public double RocAuc() => Sums().Auc;

    /// <summary>
    /// Average precision, step-wise (not interpolated): Σₖ (Rₖ − Rₖ₋₁)·Pₖ over thresholds, highest first,
    /// as scikit-learn's <c>average_precision_score</c>. 0 when there are no positives (as scikit-learn,
    /// which warns).
    /// </summary>
    public double AveragePrecision() => Sums().Ap;

    /// <summary><see cref="RocAuc"/> and <see cref="AveragePrecision"/> from one pass.</summary>
    public (double Auc, double Ap) AucAp()
    {
        var sums = Sums();
        return (sums.Auc, sums.Ap);
    }

    private RankSums Sums()
    {
        var sums = new RankSums();
        double[] tps = _tps, fps = _fps;
        for (int i = 0; i < tps.Length; i++) sums.Add(tps[i], fps[i]);
        return sums;
    }

    /// <summary>
    /// ROC points like scikit-learn 1.2's <c>roc_curve</c>: with <paramref name="dropIntermediate"/> (its
    /// default) collinear points are removed; a first point (0, 0) with threshold <c>max score + 1</c> is
    /// prepended. Rates are NaN when a class is absent.
    /// </summary>
    public (double[] Fpr, double[] Tpr, double[] Thresholds) RocPoints(bool dropIntermediate = true)
    {
        int m = Tps.Count;
        var keep = new List<int>(m);
        if (dropIntermediate && m > 2)
        {
            keep.Add(0);
            for (int i = 1; i < m - 1; i++)
            {
                // numpy: diff(x, 2)[i-1] = x[i+1] - 2 x[i] + x[i-1], computed as (x[i+1]-x[i]) - (x[i]-x[i-1])
                double d2f = (Fps[i + 1] - Fps[i]) - (Fps[i] - Fps[i - 1]);
                double d2t = (Tps[i + 1] - Tps[i]) - (Tps[i] - Tps[i - 1]);
                if (d2f != 0 || d2t != 0) keep.Add(i);
            }
            keep.Add(m - 1);
        }
        else for (int i = 0; i < m; i++) keep.Add(i);
        var fpr = new double[keep.Count + 1];
        var tpr = new double[keep.Count + 1];
        var thr = new double[keep.Count + 1];
        double p = Positives, n = Negatives;
        thr[0] = m == 0 ? double.NaN : Thresholds[0] + 1;
        fpr[0] = n > 0 ? 0 : double.NaN;
        tpr[0] = p > 0 ? 0 : double.NaN;
        for (int j = 0; j < keep.Count; j++)
        {
            int i = keep[j];
            fpr[j + 1] = n > 0 ? Fps[i] / n : double.NaN;
            tpr[j + 1] = p > 0 ? Tps[i] / p : double.NaN;
            thr[j + 1] = Thresholds[i];
        }
        return (fpr, tpr, thr);
    }

    /// <summary>
    /// Precision-recall points like scikit-learn 1.2's <c>precision_recall_curve</c>: thresholds increasing,
    /// one (precision, recall) per threshold, then the final point (1, 0) without a threshold. Recall is 1
    /// everywhere when there are no positives (as scikit-learn, which warns).
    /// </summary>
    public (double[] Precision, double[] Recall, double[] Thresholds) PrPoints()
    {
        int m = Tps.Count;
        var prec = new double[m + 1];
        var rec = new double[m + 1];
        var thr = new double[m];
        double p = Positives;
        for (int j = 0; j < m; j++)
        {
            int i = m - 1 - j;
            double ps = Tps[i] + Fps[i];
            prec[j] = ps != 0 ? Tps[i] / ps : 0;
            rec[j] = p != 0 ? Tps[i] / p : 1;
            thr[j] = Thresholds[i];
        }
        prec[m] = 1;
        rec[m] = 0;
        return (prec, rec, thr);
    }
}

/// <summary>
/// ROC-AUC and average precision summed over the groups of a ranking, highest score first, from the cumulative
/// positive and negative weight after each group: the arithmetic of <see cref="BinaryCurve.RocAuc"/> and
/// <see cref="BinaryCurve.AveragePrecision"/>, also used without building the curve.
/// </summary>
internal struct RankSums
{
    private double _tp, _fp, _area, _ap;

    /// <summary>Adds the next group, given the cumulative weights <paramref name="tp"/> and <paramref name="fp"/> after it.</summary>
    public void Add(double tp, double fp)
    {
        double gp = tp - _tp, gn = fp - _fp;
        _area += gn * (_tp + 0.5 * gp);
        if (gp != 0) _ap += gp * (tp / (tp + fp));
        _tp = tp;
        _fp = fp;
    }

    /// <summary>Area / (P·N); NaN when a class is absent.</summary>
    public readonly double Auc => _tp > 0 && _fp > 0 ? _area / (_tp * _fp) : double.NaN;

    /// <summary>Σ ΔR·P; 0 when there are no positives.</summary>
    public readonly double Ap => _tp > 0 ? _ap / _tp : 0;
}
