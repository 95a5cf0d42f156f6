using System.Globalization;

namespace Plumb.Metrics.Statistics;

/// <summary>
/// Is model B better than model A on the same rows, or is the difference noise? For each metric: both
/// values, the paired difference B − A with its seeded bootstrap interval (<see cref="Bootstrap.Paired"/>),
/// DeLong's test for ROC-AUC and McNemar's test for accuracy (binary task), and a one-line conclusion.
/// </summary>
/// <remarks>
/// <para>The verdict on a metric comes from the bootstrap interval of the difference: B is better when the
/// whole interval lies on B's better side (above 0 for a metric where higher is better, below 0 where lower
/// is better), A when it lies on the other side, and "no clear difference" when it contains 0. DeLong's and
/// McNemar's p-values are reported beside it.</para>
/// <code>
/// var r = ModelComparison.Compare(["roc_auc", "accuracy"], new MetricOptions(), target, scoreA, scoreB,
///     new BootstrapOptions { Seed = 1 }, nameA: "logreg", nameB: "mlp");
/// Console.WriteLine(r.Metrics[0].Conclusion); // "mlp is better on roc_auc: Δ=+0.0213, 95% CI [0.0102, 0.0331], DeLong p=0.0004"
/// </code>
/// </remarks>
public static class ModelComparison
{
    /// <summary>Compares two models' scores on the same rows.</summary>
    /// <param name="metrics">Metric specs.</param>
    /// <param name="options">Task (binary or regression: one score column per model), threshold…</param>
    /// <param name="target">Targets, one per row.</param>
    /// <param name="scoreA">Model A's scores.</param>
    /// <param name="scoreB">Model B's scores on the same rows.</param>
    /// <param name="bootstrap">Resamples, level, seed.</param>
    /// <param name="nameA">Model A's name in the conclusions.</param>
    /// <param name="nameB">Model B's name in the conclusions.</param>
    /// <exception cref="ArgumentException">Bad inputs or options (see <see cref="Bootstrap.Paired"/>).</exception>
    public static ModelComparisonResult Compare(IReadOnlyList<string> metrics, MetricOptions options, ReadOnlySpan<double> target,
        ReadOnlySpan<double> scoreA, ReadOnlySpan<double> scoreB, BootstrapOptions? bootstrap = null, string nameA = "A", string nameB = "B")
    {
        var b = bootstrap ?? new BootstrapOptions();
        if (options.Task is not (MetricTask.Binary or MetricTask.Regression))
            throw new ArgumentException($"compare: task {options.Task} is not supported (binary or regression: one score column per model)");
        var paired = Bootstrap.Paired(metrics, options, target, scoreA, scoreB, 1, default, b);
        var result = new List<MetricComparison>();
        for (int j = 0; j < paired.Count; j++)
        {
            var spec = MetricRegistry.Resolve(metrics[j]);
            var p = paired[j];
            DeLongTest? delong = null;
            McNemarTest? mcnemar = null;
            if (options.Task == MetricTask.Binary && spec.Name == "roc_auc" && !spec.Has("bins"))
                delong = DeLong.Test(target, scoreA, scoreB);
            if (options.Task == MetricTask.Binary && spec.Name == "accuracy")
            {
                double cut = options.FromLogits ? Math.Log(options.Threshold) - Math.Log(1 - options.Threshold) : options.Threshold;
                long bc = 0, cb = 0;
                for (int i = 0; i < target.Length; i++)
                {
                    bool ra = (scoreA[i] >= cut ? 1 : 0) == target[i], rb = (scoreB[i] >= cut ? 1 : 0) == target[i];
                    if (ra && !rb) bc++;
                    else if (!ra && rb) cb++;
                }
                mcnemar = McNemar.Test(bc, cb);
            }
            string? winner = Winner(p);
            string? better = winner is null ? null : winner == "B" ? nameB : nameA;
            result.Add(new MetricComparison(p, delong, mcnemar, better, Conclusion(p, delong, mcnemar, better)));
        }
        return new ModelComparisonResult(nameA, nameB, target.Length, b, result);
    }

    /// <summary>"B", "A" or null (the interval of B − A contains 0, or the metric has no direction).</summary>
    private static string? Winner(PairedInterval p)
    {
        var ci = p.DifferenceInterval;
        if (!ci.IsDefined || p.Direction == MetricDirection.None) return null;
        bool above = ci.Lower > 0, below = ci.Upper < 0;
        if (!above && !below) return null;
        bool bBetter = p.Direction == MetricDirection.HigherIsBetter ? above : below;
        return bBetter ? "B" : "A";
    }

    private static string Conclusion(PairedInterval p, DeLongTest? delong, McNemarTest? mcnemar, string? winner)
    {
        var c = CultureInfo.InvariantCulture;
        string level = (p.DifferenceInterval.Level * 100).ToString("0.##", c);
        string stats = $"Δ={p.Difference.ToString("+0.0000;-0.0000;0.0000", c)}, {level}% CI {p.DifferenceInterval.Format()}";
        if (delong is not null) stats += $", DeLong p={P(delong.P)}";
        if (mcnemar is not null) stats += $", McNemar p={P(mcnemar.P)}";
        return winner is null
            ? $"no clear difference on {p.Key}: {stats} (the interval contains 0)"
            : $"{winner} is better on {p.Key}: {stats}";
    }

    /// <summary>A p-value with 4 significant digits (or "&lt;1e-16").</summary>
    internal static string P(double p) =>
        double.IsNaN(p) ? "undefined" : p < 1e-16 ? "<1e-16" : p.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>The result of <see cref="ModelComparison.Compare"/>.</summary>
/// <param name="NameA">Model A's name.</param>
/// <param name="NameB">Model B's name.</param>
/// <param name="Rows">Rows compared.</param>
/// <param name="Bootstrap">How the intervals were resampled.</param>
/// <param name="Metrics">One comparison per metric, in the order asked.</param>
public sealed record ModelComparisonResult(string NameA, string NameB, int Rows, BootstrapOptions Bootstrap, IReadOnlyList<MetricComparison> Metrics);

/// <summary>One metric's comparison of two models.</summary>
/// <param name="Paired">Values, intervals and the paired difference B − A.</param>
/// <param name="DeLong">DeLong's test (binary ROC-AUC), else null.</param>
/// <param name="McNemar">McNemar's test (binary accuracy at the threshold), else null.</param>
/// <param name="Better">The better model's name, or null when the interval of the difference contains 0.</param>
/// <param name="Conclusion">One plain sentence, e.g. "B is better on roc_auc: Δ=+0.0213, 95% CI [0.0102, 0.0331], DeLong p=0.0004".</param>
public sealed record MetricComparison(PairedInterval Paired, DeLongTest? DeLong, McNemarTest? McNemar, string? Better, string Conclusion);
