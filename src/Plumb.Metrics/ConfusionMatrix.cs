using System.Globalization;

namespace Plumb.Metrics;

/// <summary>
/// The (weighted) confusion matrix, as scikit-learn's <c>confusion_matrix</c> (binary, multiclass) and
/// <c>multilabel_confusion_matrix</c> (multilabel).
/// </summary>
/// <remarks>
/// Binary and multiclass: <c>double[][]</c>, row = true class, column = predicted class, over the labels
/// (present ones unless <see cref="MetricOptions.NumClasses"/> is declared, as scikit-learn without
/// <c>labels=</c>). Multilabel: an object label → [[tn, fp], [fn, tp]]. Not a number: read it with
/// <see cref="IStructuredMetric.ComputeStructured"/>. No direction.
/// <code>
/// var cm = new ConfusionMatrix();
/// cm.Update(new MetricBatch([1, 0, 1, 1], [0.9, 0.4, 0.3, 0.8]));
/// var m = (double[][])cm.ComputeStructured(); // [[1, 0], [1, 2]]
/// </code>
/// </remarks>
public sealed class ConfusionMatrix : LabelMetric
{
    /// <summary>Creates a streaming confusion matrix.</summary>
    public ConfusionMatrix(MetricOptions? options = null) : base("confusion_matrix", MetricDirection.None, options) { }

    internal override object ComputeFrom(ConfusionState s)
    {
        if (s.Task == MetricTask.Multilabel)
        {
            var d = new Dictionary<string, object>();
            for (int l = 0; l < s.K; l++)
            {
                var (tn, fp, fn, tp) = s.LabelCounts(l);
                d[l.ToString(CultureInfo.InvariantCulture)] = new[] { new[] { tn, fp }, new[] { fn, tp } };
            }
            return d;
        }
        int[] labels = s.Labels();
        var m = new double[labels.Length][];
        for (int i = 0; i < labels.Length; i++)
        {
            m[i] = new double[labels.Length];
            for (int j = 0; j < labels.Length; j++) m[i][j] = s.Cell(labels[i], labels[j]);
        }
        return m;
    }
}
