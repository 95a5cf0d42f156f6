namespace Plumb.Metrics;

/// <summary>
/// Reliability of binary probabilities: per-bin observed frequency and mean prediction (scikit-learn's
/// <c>calibration_curve(strategy="uniform")</c>) and the expected calibration error. Specs:
/// <c>calibration(bins=10)</c> (structured) and <c>ece(bins=10)</c> (a number).
/// </summary>
/// <remarks>
/// <para>Bins: B equal bins on [0, 1] with edges k/B computed as numpy's <c>linspace</c>; p goes to bin
/// #{inner edges &lt; p} (<c>np.searchsorted(bins[1:-1], p)</c>, so a probability equal to an edge falls in
/// the lower bin). For each non-empty bin b: prob_true_b = Σ w·y / Σ w, prob_pred_b = Σ w·p / Σ w.</para>
/// <para>ECE = Σ_b (W_b / W)·|prob_true_b − prob_pred_b| (W_b: weight in bin b). 0 is perfectly calibrated.
/// Probabilities must lie in [0, 1] (sigmoid first with <c>FromLogits</c>). State: 3 sums per bin.</para>
/// <code>
/// var cal = new Calibration(bins: 3);
/// cal.Update(new MetricBatch([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]));
/// // prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85], ece = (3·0.2 + 2·0.025 + 4·0.15)/9
/// </code>
/// </remarks>
public sealed class Calibration : SumMetric, IStructuredMetric<CalibrationCurvePoints>
{
    /// <summary>Creates the reliability bins; <paramref name="eceOnly"/> makes <see cref="Name"/> <c>ece</c>.</summary>
    public Calibration(MetricOptions? options = null, int bins = 10, bool eceOnly = false) : base(options ?? new MetricOptions(), 3 * CheckBins(bins))
    {
        if (Options.Task != MetricTask.Binary) throw new ArgumentException("calibration/ece: binary task only");
        Bins = bins;
        EceOnly = eceOnly;
    }

    /// <summary>Number of bins.</summary>
    public int Bins { get; }

    /// <summary>True for the scalar <c>ece</c> form.</summary>
    public bool EceOnly { get; }

    /// <inheritdoc />
    public override string Name => EceOnly ? "ece" : "calibration";

    private protected override bool SameSettings(SumMetric other) => other is Calibration c && c.Bins == Bins && c.EceOnly == EceOnly;

    private static int CheckBins(int bins) =>
        bins is >= 1 and <= 1_000_000 ? bins : throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be in 1…1,000,000");

    /// <summary>The bin of probability p: the number of inner edges k/B (k = 1…B−1) strictly below p.</summary>
    internal static int BinOf(double p, int bins)
    {
        double step = 1.0 / bins;
        int b = Math.Clamp((int)Math.Ceiling(p * bins) - 1, 0, bins - 1);
        while (b > 0 && b * step + 0.0 >= p) b--;
        while (b < bins - 1 && (b + 1) * step + 0.0 < p) b++;
        return b;
    }

    /// <inheritdoc />
    public override void Update(in MetricBatch batch)
    {
        CheckProbabilityBatch(batch);
        int n = batch.Count;
        for (int i = 0; i < n; i++)
        {
            double p = batch.Score[i];
            if (Options.FromLogits) p = Transforms.Sigmoid(p);
            if (p is < 0 or > 1) throw new ArgumentException($"{Name}: probability[{i}] = {batch.Score[i]} is outside [0, 1]");
        }
        for (int i = 0; i < n; i++)
        {
            double p = batch.Score[i];
            if (Options.FromLogits) p = Transforms.Sigmoid(p);
            int b = BinOf(p, Bins);
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            Sums[3 * b] += w;
            Sums[3 * b + 1] += w * p;
            Sums[3 * b + 2] += w * batch.Target[i];
        }
    }

    /// <summary>Expected calibration error.</summary>
    public double Ece
    {
        get
        {
            double total = 0, ece = 0;
            for (int b = 0; b < Bins; b++) total += Sums[3 * b];
            if (!(total > 0)) throw new InvalidOperationException($"{Name} of no samples is undefined");
            for (int b = 0; b < Bins; b++)
            {
                double wb = Sums[3 * b];
                if (wb > 0) ece += wb / total * Math.Abs(Sums[3 * b + 2] / wb - Sums[3 * b + 1] / wb);
            }
            return ece;
        }
    }

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.LowerIsBetter;

    /// <summary>The ECE (for both forms; the bins are in <see cref="ComputeStructured"/>).</summary>
    public override double Compute() => Ece;

    /// <summary>
    /// <c>ece</c>: the number. <c>calibration</c>: {"prob_true": [...], "prob_pred": [...], "weight": [...],
    /// "bin": [...], "ece": x} over the non-empty bins (weight = Σ w in the bin, the count for unit weights).
    /// </summary>
    public object ComputeStructured()
    {
        if (EceOnly) return Ece;
        var c = ComputeResult();
        return new Dictionary<string, object>
        {
            ["prob_true"] = c.ProbTrue,
            ["prob_pred"] = c.ProbPred,
            ["weight"] = c.Weight,
            ["bin"] = c.Bin,
            ["ece"] = c.Ece,
        };
    }

    /// <summary>The reliability diagram over the non-empty bins, with the ECE.</summary>
    public CalibrationCurvePoints ComputeResult()
    {
        double ece = Ece;
        var pt = new List<double>();
        var pp = new List<double>();
        var wt = new List<double>();
        var bin = new List<double>();
        for (int b = 0; b < Bins; b++)
        {
            double wb = Sums[3 * b];
            if (!(wb > 0)) continue;
            pt.Add(Sums[3 * b + 2] / wb);
            pp.Add(Sums[3 * b + 1] / wb);
            wt.Add(wb);
            bin.Add(b);
        }
        return new CalibrationCurvePoints(pt.ToArray(), pp.ToArray(), wt.ToArray(), bin.ToArray(), ece);
    }
}
