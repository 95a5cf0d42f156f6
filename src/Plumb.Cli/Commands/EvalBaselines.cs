using System.Globalization;
using Plumb.Metrics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb eval --baselines</c>: what the trivial predictors (<see cref="Baselines"/>) score on the same rows with the
/// same metrics, and each lower-is-better metric's skill over the best of them (1 − model / baseline).
/// </summary>
/// <remarks>
/// There are no training rows in <c>eval</c>, so the prior is fitted on the targets of the rows being judged: its
/// values are the floor a model must clear on these rows (prevalence, majority share, mean and median of these targets).
/// Sample weights are not applied to the baselines.
/// </remarks>
internal static class EvalBaselines
{
    /// <summary>The baselines as the JSON object under <c>baselines</c> (docs/outputs.md).</summary>
    /// <exception cref="UsageException">Ranking (no trivial baseline) or metrics that cannot be created.</exception>
    public static Dictionary<string, object> Compute(EvalCommand.EvalRequest r, EvalCommand.Evaluation e)
    {
        if (r.Task == MetricTask.Ranking) throw new UsageException("--baselines: no trivial predictor for --task ranking");
        var options = new MetricOptions
        {
            Task = r.Task, Average = r.Average, Threshold = r.Threshold,
            NumClasses = r.Task is MetricTask.Multiclass or MetricTask.Multilabel ? e.Columns : 0,
        };
        var specs = r.Metrics.Select(MetricRegistry.Resolve).ToList();
        IReadOnlyList<BaselineScore> scores;
        try { scores = Baselines.Fit(r.Task, e.Target, e.Columns).Evaluate(e.Target, specs, options); }
        catch (ArgumentException x) { throw new UsageException($"--baselines: {UsageException.MessageOf(x)}"); }
        var skill = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in e.Results)
        {
            var spec = specs.FirstOrDefault(s => s.Key == key);
            if (value is not double v || spec is null || spec.Descriptor.Direction != MetricDirection.LowerIsBetter) continue;
            double best = scores.Select(s => s.Values.GetValueOrDefault(key, double.NaN)).Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Min();
            skill[key] = Baselines.Skill(v, best);
        }
        return new Dictionary<string, object>
        {
            ["fitted_on"] = "the targets of these rows (no training data in eval)",
            ["predictors"] = scores.Select(s => (object)new Dictionary<string, object>
            {
                ["name"] = s.Predictor, ["description"] = s.Description,
                ["values"] = s.Values.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
            }).ToList(),
            ["skill"] = skill,
        };
    }

    /// <summary>Prints the baselines under the metric table.</summary>
    public static void WriteTable(TextWriter output, Dictionary<string, object> baselines)
    {
        output.WriteLine($"baselines (trivial predictors fitted on {baselines["fitted_on"]}):");
        foreach (Dictionary<string, object> p in ((List<object>)baselines["predictors"]).Cast<Dictionary<string, object>>())
        {
            output.WriteLine($"  {p["name"]}: {p["description"]}");
            foreach (var (k, v) in (Dictionary<string, object>)p["values"]) output.WriteLine($"    {k,-26} {Num((double)v)}");
        }
        foreach (var (k, v) in (Dictionary<string, object>)baselines["skill"])
            output.WriteLine($"  skill of {k} (1 − model / best baseline): {Num((double)v)}");
    }

    private static string Num(double v) => double.IsNaN(v) ? "nan" : v.ToString("0.####", CultureInfo.InvariantCulture);
}
