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
/// ConfusionMatrixResult r = cm.ComputeResult();   // Counts [[1, 0], [1, 2]], labels [0, 1]
/// var m = (double[][])cm.ComputeStructured();     // the same, JSON-ready
/// </code>
/// </remarks>
public sealed class ConfusionMatrix : LabelMetric, IStructuredMetric<ConfusionMatrixResult>
{
    /// <summary>Creates a streaming confusion matrix.</summary>
    public ConfusionMatrix(MetricOptions? options = null) : base("confusion_matrix", MetricDirection.None, options) { }

    /// <summary>The binary or multiclass matrix over the labels.</summary>
    /// <exception cref="InvalidOperationException">A multilabel task (see <see cref="ComputePerLabel"/>).</exception>
    public ConfusionMatrixResult ComputeResult() => State.Task == MetricTask.Multilabel
        ? throw new InvalidOperationException("confusion_matrix: a multilabel task has one 2×2 matrix per label; use ComputePerLabel()")
        : Matrix(State);

    /// <summary>Multilabel: one 2×2 matrix [[tn, fp], [fn, tp]] per label (scikit-learn's <c>multilabel_confusion_matrix</c>).</summary>
    public IReadOnlyList<ConfusionMatrixResult> ComputePerLabel()
    {
        var s = State;
        if (s.Task != MetricTask.Multilabel) return [Matrix(s)];
        return [.. Enumerable.Range(0, s.K).Select(l =>
        {
            var (tn, fp, fn, tp) = s.LabelCounts(l);
            return new ConfusionMatrixResult([0, 1], new[,] { { tn, fp }, { fn, tp } });
        })];
    }

    internal override object ComputeFrom(ConfusionState s)
    {
        if (s.Task != MetricTask.Multilabel) return Matrix(s).ToArrays();
        var d = new Dictionary<string, object>();
        var per = ComputePerLabel();
        for (int l = 0; l < per.Count; l++) d[l.ToString(CultureInfo.InvariantCulture)] = per[l].ToArrays();
        return d;
    }

    private static ConfusionMatrixResult Matrix(ConfusionState s)
    {
        int[] labels = s.Labels();
        var m = new double[labels.Length, labels.Length];
        for (int i = 0; i < labels.Length; i++)
            for (int j = 0; j < labels.Length; j++) m[i, j] = s.Cell(labels[i], labels[j]);
        return new ConfusionMatrixResult(labels, m);
    }
}
