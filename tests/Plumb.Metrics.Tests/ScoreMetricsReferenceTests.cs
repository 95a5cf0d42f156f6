using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>
/// Score metrics against scikit-learn 1.2.1 (values pasted, computed with /usr/bin/python3; the data and
/// expressions are given with each value). Shared data (binary, with ties at 0.35, 0.4 and 0.8):
/// y = [0,1,1,0,1,0,0,1,1,0,1,0]; s = [0.1,0.4,0.35,0.8,0.8,0.2,0.4,0.9,0.35,0.05,0.6,0.8];
/// w = [1,2,0.5,1,3,1,0.25,1,2,1,1.5,0.75].
/// </summary>
public class ScoreMetricsReferenceTests
{
    internal static readonly double[] Y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
    internal static readonly double[] S = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.4, 0.9, 0.35, 0.05, 0.6, 0.8];
    internal static readonly double[] W = [1, 2, 0.5, 1, 3, 1, 0.25, 1, 2, 1, 1.5, 0.75];

    private static void Near(double expected, double actual, double rel = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    private static void Near(double[] expected, object actual)
    {
        var a = Assert.IsType<double[]>(actual);
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Near(expected[i], a[i]);
    }

    private static object Run(string spec, MetricOptions o, double[] y, double[] s, int cols = 1, double[]? w = null)
    {
        var m = MetricRegistry.Create(spec, o);
        m.Update(new MetricBatch(y, s, cols, w ?? default(ReadOnlySpan<double>)));
        return m is IStructuredMetric st ? st.ComputeStructured() : m.Compute();
    }

    private static readonly MetricOptions Bin = new();

    [Fact]
    public void Binary_roc_auc_with_ties_and_weights()
    {
        Near(0.6805555555555556, (double)Run("roc_auc", Bin, Y, S));      // roc_auc_score(y, s)
        Near(0.72, (double)Run("auc", Bin, Y, S, 1, W));                   // roc_auc_score(y, s, sample_weight=w)
        Near(0.6805555555555556, RocAuc.Binary(Y, S));
    }

    [Fact]
    public void Binary_average_precision_with_ties_and_weights()
    {
        Near(0.6674603174603174, (double)Run("average_precision", Bin, Y, S));   // average_precision_score(y, s)
        Near(0.7887168257976275, (double)Run("pr_auc", Bin, Y, S, 1, W));        // ..., sample_weight=w
        Near(0.6674603174603174, AveragePrecision.Binary(Y, S));
    }

    [Fact]
    public void Binary_log_loss_and_brier()
    {
        Near(0.6637302901336096, (double)Run("log_loss", Bin, Y, S));            // log_loss(y, s)
        Near(0.6214790996203471, (double)Run("logloss", Bin, Y, S, 1, W));       // log_loss(y, s, sample_weight=w)
        Near(0.24229166666666668, (double)Run("brier", Bin, Y, S));              // brier_score_loss(y, s)
        Near(0.2239166666666667, (double)Run("brier_score", Bin, Y, S, 1, W));   // brier_score_loss(y, s, sample_weight=w)
    }

    [Fact]
    public void From_logits_is_declared_once()
    {
        // z; log_loss(y, expit(z)), brier_score_loss(y, expit(z))
        double[] z = [-3.0, 0.5, 2.0, -0.2, 1.1, -1.5, 0.0, 4.0, 0.3, -2.2, 0.9, 1.7];
        var o = new MetricOptions { FromLogits = true };
        Near(0.44301294967582733, (double)Run("log_loss", o, Y, z));
        Near(0.14142883637832218, (double)Run("brier", o, Y, z));
        // AUC is unchanged by the sigmoid: same value from logits or probabilities.
        var p = z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        Assert.Equal((double)Run("roc_auc", Bin, Y, p), (double)Run("roc_auc", o, Y, z));
    }

    [Fact]
    public void Roc_curve_points_as_sklearn_1_2()
    {
        // fpr, tpr, thr = roc_curve(y, s)   (drop_intermediate=True)
        var d = (IReadOnlyDictionary<string, object>)Run("roc_curve", Bin, Y, S);
        Near([0.0, 0.0, 0.3333333333333333, 0.3333333333333333, 0.5, 0.5, 1.0], d["fpr"]);
        Near([0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 1.0, 1.0], d["tpr"]);
        Near([1.9, 0.9, 0.8, 0.6, 0.4, 0.35, 0.05], d["thresholds"]);
        // roc_curve(y, s, drop_intermediate=False)
        d = (IReadOnlyDictionary<string, object>)Run("roc_curve(drop_intermediate=0)", Bin, Y, S);
        Near([0.0, 0.0, 0.3333333333333333, 0.3333333333333333, 0.5, 0.5, 0.6666666666666666, 0.8333333333333334, 1.0], d["fpr"]);
        Near([1.9, 0.9, 0.8, 0.6, 0.4, 0.35, 0.2, 0.1, 0.05], d["thresholds"]);
        // roc_curve(y, s, sample_weight=w)
        d = (IReadOnlyDictionary<string, object>)Run("roc_curve", Bin, Y, S, 1, W);
        Near([0.0, 0.0, 0.35, 0.35, 0.4, 0.4, 1.0], d["fpr"]);
        Near([0.0, 0.1, 0.4, 0.55, 0.75, 1.0, 1.0], d["tpr"]);
    }

    [Fact]
    public void Pr_curve_and_operating_points()
    {
        // p, r, thr = precision_recall_curve(y, s)
        var d = (IReadOnlyDictionary<string, object>)Run("pr_curve", Bin, Y, S);
        Near([0.5, 0.5454545454545454, 0.6, 0.6666666666666666, 0.5714285714285714, 0.6, 0.5, 1.0, 1.0], d["precision"]);
        Near([1.0, 1.0, 1.0, 1.0, 0.6666666666666666, 0.5, 0.3333333333333333, 0.16666666666666666, 0.0], d["recall"]);
        Near([0.05, 0.1, 0.2, 0.35, 0.4, 0.6, 0.8, 0.9], d["thresholds"]);
        Near(0.6666666666666666, (double)Run("precision_at_recall(r=0.7)", Bin, Y, S));   // max(p[r >= 0.7])
        Near(0.16666666666666666, (double)Run("recall_at_precision(p=0.7)", Bin, Y, S));  // max(r[p >= 0.7])
    }

    [Fact]
    public void Calibration_bins_and_ece()
    {
        // pt, pp = calibration_curve(y, s, n_bins=4)
        var d = (IReadOnlyDictionary<string, object>)Run("calibration(bins=4)", Bin, Y, S);
        Near([0.0, 0.75, 1.0, 0.5], d["prob_true"]);
        Near([0.11666666666666668, 0.375, 0.6, 0.825], d["prob_pred"]);
        // ids = np.searchsorted(np.linspace(0,1,5)[1:-1], s); Σ_b count_b/n·|mean(y[b]) − mean(s[b])|
        Near(0.2958333333333333, (double)Run("ece(bins=4)", Bin, Y, S));
        Near(0.2958333333333333, (double)d["ece"]);
    }

    [Fact]
    public void Calibration_example_of_sklearn_docstring()
    {
        // calibration_curve([0,0,0,0,1,1,1,1,1], [0.1,0.2,0.3,0.4,0.65,0.7,0.8,0.9,1.], n_bins=3)
        var d = (IReadOnlyDictionary<string, object>)Run("calibration(bins=3)", Bin, [0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]);
        Near([0.0, 0.5, 1.0], d["prob_true"]);
        Near([0.2, 0.525, 0.85], d["prob_pred"]);
        // by hand: (3·|0 − 0.2| + 2·|0.5 − 0.525| + 4·|1 − 0.85|)/9
        Near((3 * 0.2 + 2 * 0.025 + 4 * 0.15) / 9, (double)d["ece"]);
    }

    [Fact]
    public void Zero_weight_samples_leave_no_threshold_as_in_sklearn()
    {
        // y = [0,1,0,1,1,0], s = [0.1,0.3,0.5,0.7,0.9,0.6], w = [1,1,0,2,1,1]: the score 0.5 has weight 0.
        double[] y = [0, 1, 0, 1, 1, 0], s = [0.1, 0.3, 0.5, 0.7, 0.9, 0.6], w = [1, 1, 0, 2, 1, 1];
        // roc_curve(y, s, sample_weight=w, drop_intermediate=False)
        var d = (IReadOnlyDictionary<string, object>)Run("roc_curve(drop_intermediate=false)", Bin, y, s, 1, w);
        Near([0.0, 0.0, 0.0, 0.5, 0.5, 1.0], d["fpr"]);
        Near([0.0, 0.25, 0.75, 0.75, 1.0, 1.0], d["tpr"]);
        Near([1.9, 0.9, 0.7, 0.6, 0.3, 0.1], d["thresholds"]);
        // precision_recall_curve(y, s, sample_weight=w)
        d = (IReadOnlyDictionary<string, object>)Run("pr_curve", Bin, y, s, 1, w);
        Near([0.6666666666666666, 0.8, 0.75, 1.0, 1.0, 1.0], d["precision"]);
        Near([1.0, 1.0, 0.75, 0.75, 0.25, 0.0], d["recall"]);
        Near([0.1, 0.3, 0.6, 0.7, 0.9], d["thresholds"]);
        Near(0.875, (double)Run("roc_auc", Bin, y, s, 1, w));             // roc_auc_score(y, s, sample_weight=w)
        Near(0.95, (double)Run("average_precision", Bin, y, s, 1, w));    // average_precision_score(y, s, sample_weight=w)
    }

    // Multiclass: ym, Z (logits), P = scipy.special.softmax(Z, axis=1), wm.
    internal static readonly double[] Ym = [0, 1, 2, 0, 1, 0, 1, 2, 0, 1, 2, 0];
    internal static readonly double[] Z =
    [
        2.0, 0.5, -1, 0.1, 1.2, 0.3, -0.5, 0.2, 1.5, 0.3, 0.3, 0.9, 0.0, 2.0, 0.1, 1.5, -0.3, 0.2,
        0.2, 0.2, 0.2, 0.5, 0.1, 0.5, 1.0, 1.0, -1.0, -1.0, 0.4, 0.1, 0.0, 0.0, 2.5, 0.7, 0.9, 0.1,
    ];
    internal static readonly double[] Wm = [1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2, 1, 0.5];

    private static double[] Softmax(double[] z)
    {
        var p = (double[])z.Clone();
        for (int i = 0; i < p.Length / 3; i++) Transforms.FromLogits(p.AsSpan(3 * i, 3), MetricTask.Multiclass);
        return p;
    }

    private static MetricOptions Mc(Average? avg = null, bool logits = false) => new() { Task = MetricTask.Multiclass, Average = avg, FromLogits = logits };

    [Fact]
    public void Multiclass_roc_auc_ovr_and_ovo()
    {
        var p = Softmax(Z);
        Near(0.9382495590828923, (double)Run("roc_auc", Mc(), Ym, p, 3));                                // roc_auc_score(ym, P, multi_class='ovr', average='macro')
        Near(0.9341931216931217, (double)Run("roc_auc", Mc(Average.Weighted), Ym, p, 3));                // ..., average='weighted'
        Near(0.9184027777777778, (double)Run("roc_auc", Mc(Average.Micro), Ym, p, 3));                   // ..., average='micro'
        Near([0.9142857142857143, 0.9375, 0.9629629629629629], Run("roc_auc", Mc(Average.None), Ym, p, 3)); // average=None
        Near(0.9392135642135642, (double)Run("roc_auc", Mc(Average.Weighted), Ym, p, 3, Wm));            // ovr weighted, sample_weight=wm
        Near(0.9416666666666668, (double)Run("roc_auc(multi_class=ovo)", Mc(), Ym, p, 3));               // multi_class='ovo', macro
        Near(0.9385416666666668, (double)Run("roc_auc(multi_class=ovo)", Mc(Average.Weighted), Ym, p, 3)); // ovo weighted
        // From logits: the softmax is applied by the metric.
        Near(0.9382495590828923, (double)Run("roc_auc", Mc(logits: true), Ym, Z, 3));
    }

    [Fact]
    public void Multiclass_roc_auc_refuses_rows_that_are_not_probabilities()
    {
        var e = Assert.Throws<ArgumentException>(() => Run("roc_auc", Mc(), Ym, Z, 3));
        Assert.Contains("sample 0", e.Message);
    }

    [Fact]
    public void Multiclass_average_precision_log_loss_brier()
    {
        var p = Softmax(Z);
        // Yb = label_binarize(ym, classes=[0,1,2]); average_precision_score(Yb, P, average=...)
        Near(0.912063492063492, (double)Run("average_precision", Mc(), Ym, p, 3));
        Near(0.9109126984126984, (double)Run("ap", Mc(Average.Weighted), Ym, p, 3));
        Near(0.8641737891737892, (double)Run("ap", Mc(Average.Micro), Ym, p, 3));
        Near(0.6490647874654919, (double)Run("log_loss", Mc(), Ym, p, 3));             // log_loss(ym, P)
        Near(0.6697690497769667, (double)Run("log_loss", Mc(), Ym, p, 3, Wm));         // log_loss(ym, P, sample_weight=wm)
        Near(0.6490647874654919, (double)Run("cross_entropy", Mc(logits: true), Ym, Z, 3));
        Near(0.36480290968159507, (double)Run("brier", Mc(), Ym, p, 3));               // np.mean(np.sum((Yb - P)**2, axis=1))
    }

    [Fact]
    public void Multiclass_log_loss_refuses_unnormalised_rows_unless_normalize()
    {
        double[] y = [0, 1];
        double[] q = [0.5, 0.6, 0.2, 0.2];
        var e = Assert.Throws<ArgumentException>(() => Run("log_loss", Mc(), y, q, 2));
        Assert.Contains("sample 0", e.Message);
        // normalize: rows divided by their sums, as sklearn 1.2.1: −(ln(0.5/1.1) + ln(0.2/0.4))/2
        Near(-(Math.Log(0.5 / 1.1) + Math.Log(0.5)) / 2, (double)Run("log_loss(normalize=1)", Mc(), y, q, 2));
    }

    // Multilabel: YL, SL, wl.
    internal static readonly double[] YL = [1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1];
    internal static readonly double[] SL = [0.9, 0.1, 0.8, 0.2, 0.7, 0.6, 0.6, 0.6, 0.3, 0.3, 0.2, 0.9, 0.5, 0.3, 0.3, 0.6, 0.9, 0.2, 0.7, 0.4, 0.5, 0.4, 0.8, 0.7];
    internal static readonly double[] WL = [1, 2, 1, 1, 0.5, 1, 3, 1];

    [Theory]
    // roc_auc_score(YL, SL, average=a), average_precision_score(YL, SL, average=a), then with sample_weight=wl
    [InlineData(Average.Micro, 0.9027777777777778, 0.8717261904761904, 0.8744897959183673, 0.8777361645446753)]
    [InlineData(Average.Macro, 0.90625, 0.8972222222222221, 0.9062461348175633, 0.934046509046509)]
    [InlineData(Average.Weighted, 0.90625, 0.8972222222222221, 0.8906122448979592, 0.9246520146520146)]
    [InlineData(Average.Samples, 0.875, 0.9166666666666666, 0.8095238095238095, 0.9047619047619048)]
    public void Multilabel_roc_auc_and_average_precision(Average avg, double auc, double ap, double aucW, double apW)
    {
        var o = new MetricOptions { Task = MetricTask.Multilabel, Average = avg };
        Near(auc, (double)Run("roc_auc", o, YL, SL, 3));
        Near(ap, (double)Run("average_precision", o, YL, SL, 3));
        Near(aucW, (double)Run("roc_auc", o, YL, SL, 3, WL));
        Near(apW, (double)Run("average_precision", o, YL, SL, 3, WL));
    }

    [Fact]
    public void Multilabel_per_label_values()
    {
        var o = new MetricOptions { Task = MetricTask.Multilabel, Average = Average.None };
        Near([0.90625, 0.8125, 1.0], Run("roc_auc", o, YL, SL, 3));                    // average=None
        Near([0.8875, 0.8041666666666667, 1.0], Run("average_precision", o, YL, SL, 3));
    }

    [Fact]
    public void Hand_worked_binary_example()
    {
        // y = [0,0,1,1], s = [0.1,0.4,0.35,0.8]: pairs (pos, neg): (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4) → 3/4.
        Near(0.75, RocAuc.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
        // thresholds 0.8: P=1 (R .5); 0.4: P=.5; 0.35: P=2/3 (R 1) → AP = .5·1 + .5·(2/3) = 0.8333…
        Near(0.5 + 0.5 * 2 / 3, AveragePrecision.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
        // A tie between a positive and a negative counts one half: y=[0,1], s=[0.5,0.5] → 0.5.
        Near(0.5, RocAuc.Binary([0, 1], [0.5, 0.5]));
        // −0.0 and +0.0 tie.
        Near(0.5, RocAuc.Binary([0, 1], [-0.0, 0.0]));
    }

    [Fact]
    public void One_class_roc_auc_is_an_error_and_average_precision_without_positives_is_zero()
    {
        Assert.Throws<InvalidOperationException>(() => RocAuc.Binary([1, 1], [0.2, 0.3]));
        Assert.Equal(0, AveragePrecision.Binary([0, 0], [0.2, 0.3]));
    }

    [Fact]
    public void Nan_scores_and_bad_targets_are_refused_with_their_index()
    {
        var e = Assert.Throws<ArgumentException>(() => RocAuc.Binary([0, 1, 0], [0.1, double.NaN, 0.3]));
        Assert.Contains("score[1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => RocAuc.Binary([0, 2, 0], [0.1, 0.2, 0.3]));
        Assert.Contains("target[1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => LogLoss.Binary([0, 1], [0.1, double.NaN]));
        Assert.Contains("score[1]", e.Message);
    }
}
