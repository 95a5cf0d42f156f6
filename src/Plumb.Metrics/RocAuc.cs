namespace Plumb.Metrics;

/// <summary>
/// Area under the ROC curve, exact (ties count one half), as scikit-learn's <c>roc_auc_score</c>: binary,
/// multiclass one-vs-rest or one-vs-one, multilabel.
/// </summary>
/// <remarks>
/// <para>Binary: AUC = Σ over positive/negative pairs of w⁺w⁻·([s⁺ &gt; s⁻] + ½[s⁺ = s⁻]) / (Σw⁺·Σw⁻), the
/// probability that a random positive scores above a random negative, computed over every sample seen (the
/// epoch AUC is not an average of batch AUCs). Undefined (an error) when only one class is present.</para>
/// <para>Multiclass (rows must be probabilities summing to 1, or declare <c>FromLogits</c> for a softmax):
/// <c>ovr</c> (default) computes class c vs the rest per column and averages macro, weighted (by the
/// weighted support of c), micro (all (sample, class) cells pooled) or none; <c>ovo</c> is Hand &amp; Till:
/// for each pair (a, b) the mean of AUC(a vs b on column a) and AUC(b vs a on column b) over the rows of
/// classes a and b, averaged macro or weighted by the pair's prevalence; no sample weights (as scikit-learn).</para>
/// <para>Multilabel: per column, averaged micro, macro, weighted, samples (per row, across columns) or none.</para>
/// <para>Memory: 5 bytes per sample for binary, unweighted, float32-exact scores (float32 + label byte);
/// float64 scores or weights widen it. Compute sorts once (the fast kernel of
/// <see cref="Kernels.RankKernel"/> for float32 unweighted data). For O(bins) memory see
/// <see cref="BinnedRanking"/> (<c>roc_auc(bins=200)</c>).</para>
/// <code>
/// double auc = RocAuc.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
/// var m = new RocAuc(new MetricOptions { Task = MetricTask.Multiclass }, multiClass: "ovo");
/// </code>
/// </remarks>
public sealed class RocAuc : ScoreMetric
{
    /// <summary>Binary exact ROC-AUC (the streaming form used by the training loop).</summary>
    public RocAuc() : this(new MetricOptions()) { }

    /// <summary>ROC-AUC for the task in <paramref name="options"/>; <paramref name="multiClass"/> is <c>ovr</c> or <c>ovo</c>.</summary>
    public RocAuc(MetricOptions options, string multiClass = "ovr") : base(options)
    {
        MultiClass = multiClass.ToLowerInvariant() switch
        {
            "ovr" => "ovr",
            "ovo" => "ovo",
            _ => throw new ArgumentException($"roc_auc: multi_class must be ovr or ovo, got '{multiClass}'"),
        };
        var avg = EffectiveAverage;
        if (options.Task == MetricTask.Multiclass && (avg == Metrics.Average.Samples || avg == Metrics.Average.Binary ||
            (MultiClass == "ovo" && avg is Metrics.Average.Micro or Metrics.Average.None)))
            throw new ArgumentException($"roc_auc: average={avg.ToString().ToLowerInvariant()} is not available for multiclass {MultiClass}");
    }

    /// <summary><c>ovr</c> or <c>ovo</c> (multiclass only).</summary>
    public string MultiClass { get; }

    /// <inheritdoc />
    public override string Name => "roc_auc";

    private protected override bool RequireProbabilityRows => true;

    /// <summary>Exact binary ROC-AUC of 0/1 targets and scores (optional weights).</summary>
    /// <exception cref="ArgumentException">Bad targets, non-finite scores, or only one class present.</exception>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        return ComputeOnce(new RocAuc(), new MetricBatch(target, score, 1, weight));
    }

    /// <summary>Binary form for <c>int</c> 0/1 targets and <c>float</c> scores, read without copying (optional weights).</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, ReadOnlySpan<double> weight = default)
    {
        if (weight.IsEmpty && TryRankInPlace(target, score, averagePrecision: false, out double auc)) return Checked(auc, null);
        return ComputeOnce(new RocAuc(), new MetricBatch(target, score, 1, weight));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No samples, or a class (or pair) with only one label present.</exception>
    public override object ComputeStructured()
    {
        if (State.Count == 0) throw new InvalidOperationException("roc_auc of no samples is undefined");
        var avg = EffectiveAverage;
        int k = State.Columns;
        if (Options.Task == MetricTask.Binary) return Checked(Column(0).AucAp(computeAp: false).Auc, null);
        if (Options.Task == MetricTask.Multiclass && MultiClass == "ovo")
        {
            if (State.Weights is not null) throw new InvalidOperationException("roc_auc: sample weights are not supported for multiclass ovo (as in scikit-learn)");
            var present = new bool[k];
            foreach (byte t in State.Targets) present[t] = true;
            if (present.Any(p => !p)) throw new InvalidOperationException($"roc_auc ovo: class {Array.IndexOf(present, false)} never occurs in the targets");
            int pairs = k * (k - 1) / 2, ix = 0;
            var scores = new double[pairs];
            var prevalence = new double[pairs];
            for (int a = 0; a < k; a++)
                for (int b = a + 1; b < k; b++)
                {
                    var pa = Pair(a, b, a, a);
                    var pb = Pair(a, b, b, b);
                    scores[ix] = (pa.AucAp(false).Auc + pb.AucAp(false).Auc) / 2;
                    prevalence[ix] = (double)pa.Count / State.Count;
                    ix++;
                }
            return Average(scores, avg == Metrics.Average.Weighted ? prevalence : null);
        }
        if (avg == Metrics.Average.Micro) return Checked(Flattened().AucAp(false).Auc, "micro");
        if (avg == Metrics.Average.Samples)
        {
            if (Options.Task != MetricTask.Multilabel) throw new InvalidOperationException("roc_auc: average=samples needs a multilabel task");
            var per = new double[State.Count];
            for (int i = 0; i < State.Count; i++) per[i] = Checked(SampleRow(i).AucAp(false).Auc, $"sample {i}");
            return Average(per, State.Weights is null ? null : Enumerable.Range(0, State.Count).Select(i => State.Weights[i]).ToArray());
        }
        var values = new double[k];
        for (int c = 0; c < k; c++) values[c] = Checked(Column(c).AucAp(false).Auc, $"class {c}");
        return avg switch
        {
            Metrics.Average.None => values,
            Metrics.Average.Weighted => Average(values, Support()),
            _ => Average(values, null),
        };
    }

    private static double Checked(double auc, string? where) =>
        double.IsNaN(auc)
            ? throw new InvalidOperationException($"roc_auc is undefined when only one class is present in the targets{(where is null ? "" : $" ({where})")}")
            : auc;
}
