using System.Globalization;
using System.Text;

namespace Plumb.Metrics;

/// <summary>One row of a classification report: precision, recall, F1 and (weighted) support.</summary>
/// <param name="Label">The class label, or the average's name (<c>macro avg</c>…).</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Weight of the samples whose true label is this one (for averages: all).</param>
public sealed record ClassificationReportRow(string Label, double Precision, double Recall, double F1, double Support);

/// <summary>
/// Per-class precision, recall, F1 and support with their averages, as scikit-learn's <c>classification_report</c>;
/// <see cref="ToString()"/> prints scikit-learn's text table (2 digits).
/// </summary>
/// <remarks>
/// <code>
/// var r = new ClassificationReport(new MetricOptions { Task = MetricTask.Multiclass });
/// r.Update(new MetricBatch([0, 1, 2, 2], [0, 2, 1, 2]));
/// Console.WriteLine(r.ComputeResult());
/// </code>
/// </remarks>
/// <param name="Classes">One row per label, in label order.</param>
/// <param name="Accuracy">The accuracy, when scikit-learn prints it (binary/multiclass with every label present); else null.</param>
/// <param name="Averages">micro (when not accuracy), macro, weighted and (multilabel) samples averages.</param>
public sealed record ClassificationReportResult(IReadOnlyList<ClassificationReportRow> Classes, double? Accuracy, IReadOnlyList<ClassificationReportRow> Averages)
{
    /// <summary>scikit-learn's text layout: right-aligned columns, values with <paramref name="digits"/> decimals.</summary>
    public string ToString(int digits)
    {
        string F(double v) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
        string S(double v) => v.ToString(v == Math.Floor(v) ? "0" : "G6", CultureInfo.InvariantCulture);
        int nameWidth = Math.Max("weighted avg".Length, Classes.Select(c => c.Label.Length).DefaultIfEmpty(0).Max());
        const int w = 9;
        var sb = new StringBuilder();
        sb.Append(new string(' ', nameWidth)).Append("  ").Append("precision".PadLeft(w)).Append(' ').Append("recall".PadLeft(w))
          .Append(' ').Append("f1-score".PadLeft(w)).Append(' ').Append("support".PadLeft(w)).Append("\n\n");
        void Row(ClassificationReportRow r) =>
            sb.Append(r.Label.PadLeft(nameWidth)).Append("  ").Append(F(r.Precision).PadLeft(w)).Append(' ').Append(F(r.Recall).PadLeft(w))
              .Append(' ').Append(F(r.F1).PadLeft(w)).Append(' ').Append(S(r.Support).PadLeft(w)).Append('\n');
        foreach (var r in Classes) Row(r);
        sb.Append('\n');
        if (Accuracy is { } acc)
        {
            double support = Averages.Count > 0 ? Averages[0].Support : Classes.Sum(c => c.Support);
            sb.Append("accuracy".PadLeft(nameWidth)).Append("  ").Append(new string(' ', w)).Append(' ').Append(new string(' ', w))
              .Append(' ').Append(F(acc).PadLeft(w)).Append(' ').Append(S(support).PadLeft(w)).Append('\n');
        }
        foreach (var r in Averages) Row(r);
        return sb.ToString();
    }

    /// <summary>scikit-learn's text layout with 2 decimals.</summary>
    public override string ToString() => ToString(2);
}
