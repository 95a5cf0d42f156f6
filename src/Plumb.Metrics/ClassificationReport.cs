using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// Per-class precision, recall, F1 and support with their averages, as scikit-learn's
/// <c>classification_report(output_dict=True)</c>.
/// </summary>
/// <remarks>
/// An object with one entry per label ("0", "1", …) holding <c>precision</c>, <c>recall</c>, <c>f1-score</c>,
/// <c>support</c> (weighted true count), then <c>accuracy</c> (a number; binary and multiclass when every label
/// is present — otherwise <c>micro avg</c>), <c>macro avg</c>, <c>weighted avg</c> and, for multilabel,
/// <c>samples avg</c>. Zero divisions take <see cref="MetricOptions.ZeroDivision"/>. No direction.
/// <code>
/// var r = new ClassificationReport(new MetricOptions { Task = MetricTask.Multiclass });
/// r.Update(new MetricBatch([0, 1, 2, 2], [0, 2, 1, 2]));
/// Console.WriteLine(r.ComputeResult());      // scikit-learn's text table
/// var report = (IReadOnlyDictionary&lt;string, object&gt;)r.ComputeStructured(); // output_dict=True
/// </code>
/// </remarks>
public sealed class ClassificationReport : LabelMetric, IStructuredMetric<ClassificationReportResult>
{
    /// <summary>Creates a streaming classification report.</summary>
    public ClassificationReport(MetricOptions? options = null) : base("classification_report", MetricDirection.None, options) { }

    /// <summary>The report as rows.</summary>
    public ClassificationReportResult ComputeResult() => Report(State);

    internal override object ComputeFrom(ConfusionState s)
    {
        var r = Report(s);
        var report = new Dictionary<string, object>();
        foreach (var row in r.Classes) report[row.Label] = Row(row);
        if (r.Accuracy is { } acc) report["accuracy"] = acc;
        foreach (var row in r.Averages) report[row.Label] = Row(row);
        return report;
    }

    private ClassificationReportResult Report(ConfusionState s)
    {
        double zd = Options.ZeroDivision;
        var c = LabelMath.PerLabel(s);
        var p = (double[])LabelMath.Averaged(s, RatioKind.Precision, Average.None, 1, zd);
        var r = (double[])LabelMath.Averaged(s, RatioKind.Recall, Average.None, 1, zd);
        var f = (double[])LabelMath.Averaged(s, RatioKind.FBeta, Average.None, 1, zd);
        var classes = new List<ClassificationReportRow>();
        double support = 0;
        for (int i = 0; i < c.Labels.Length; i++)
        {
            classes.Add(new(c.Labels[i].ToString(CultureInfo.InvariantCulture), p[i], r[i], f[i], c.True[i]));
            support += c.True[i];
        }
        bool microIsAccuracy = s.Task != MetricTask.Multilabel && (!s.LabelsDeclared || AllPresent(s));
        Average[] avgs = s.Task == MetricTask.Multilabel
            ? [Average.Micro, Average.Macro, Average.Weighted, Average.Samples]
            : [Average.Micro, Average.Macro, Average.Weighted];
        double? accuracy = null;
        var averages = new List<ClassificationReportRow>();
        foreach (var a in avgs)
        {
            double ap = (double)LabelMath.Averaged(s, RatioKind.Precision, a, 1, zd);
            double ar = (double)LabelMath.Averaged(s, RatioKind.Recall, a, 1, zd);
            double af = (double)LabelMath.Averaged(s, RatioKind.FBeta, a, 1, zd);
            if (a == Average.Micro && microIsAccuracy) accuracy = ap;
            else averages.Add(new(a.ToString().ToLowerInvariant() + " avg", ap, ar, af, support));
        }
        return new ClassificationReportResult(classes, accuracy, averages);
    }

    private static bool AllPresent(ConfusionState s)
    {
        for (int c = 0; c < s.K; c++) if (!s.IsPresent(c)) return false;
        return true;
    }

    private static Dictionary<string, object> Row(ClassificationReportRow row) => new()
    {
        ["precision"] = row.Precision,
        ["recall"] = row.Recall,
        ["f1-score"] = row.F1,
        ["support"] = row.Support,
    };
}
