using Plumb.Advice;

namespace Plumb.Cli.Output;

/// <summary>The JSON shape of a <see cref="TrainingAdvice"/>: <c>plumb advise --json</c> and summary.json's <c>advice</c> (docs/outputs.md).</summary>
internal static class AdviceJson
{
    /// <summary>The advice as nested dictionaries with <c>snake_case</c> keys.</summary>
    public static Dictionary<string, object?> Of(TrainingAdvice a)
    {
        var p = a.Profile;
        return new Dictionary<string, object?>
        {
            ["profile"] = new Dictionary<string, object?>
            {
                ["task"] = p.Task.ToString().ToLowerInvariant(),
                ["task_reason"] = p.TaskReason,
                ["rows"] = p.Rows,
                ["features"] = p.Features,
                ["classes"] = p.Classes.Select(c => new Dictionary<string, object?> { ["name"] = c.Name, ["count"] = c.Count, ["fraction"] = c.Fraction }).ToList(),
                ["minority_fraction"] = double.IsNaN(p.MinorityFraction) ? null : p.MinorityFraction,
                ["imbalance_ratio"] = double.IsNaN(p.ImbalanceRatio) ? null : p.ImbalanceRatio,
                ["conflicting_duplicates"] = new Dictionary<string, object?> { ["groups"] = p.ConflictGroups, ["rows"] = p.ConflictRows },
                ["target"] = p.Target is { } t
                    ? new Dictionary<string, object?>
                    {
                        ["mean"] = t.Mean, ["std"] = t.Std, ["median"] = t.Median, ["robust_std"] = t.RobustStd, ["skewness"] = t.Skewness,
                        ["outliers"] = t.Outliers, ["outlier_fraction"] = t.OutlierFraction, ["min"] = t.Min, ["max"] = t.Max,
                    }
                    : null,
            },
            ["validation_rows"] = a.ValidationRows,
            ["output_activation"] = Rec(a.OutputActivation),
            ["loss"] = Rec(a.Loss),
            ["metrics"] = a.Metrics.Select(Rec).ToList(),
            ["judge"] = Rec(a.Judge),
            ["monitor"] = Rec(a.Monitor),
            ["tie_break"] = a.TieBreak is { } tb ? Rec(tb) : null,
            ["patience"] = new Dictionary<string, object?> { ["value"] = a.Patience.Epochs, ["reason"] = a.Patience.Reason },
            ["threshold"] = Rec(a.Threshold),
            ["pitfalls"] = a.Pitfalls.Select(x => new Dictionary<string, object?> { ["id"] = x.Id, ["message"] = x.Message }).ToList(),
        };
    }

    private static Dictionary<string, object?> Rec(Recommendation r)
    {
        var d = new Dictionary<string, object?> { ["value"] = r.Value, ["reason"] = r.Reason };
        if (r.Alternatives.Count > 0) d["alternatives"] = r.Alternatives.Select(Rec).ToList();
        return d;
    }
}
