using System.Globalization;
using System.Text;

namespace Plumb.Metrics;

/// <summary>How a confusion matrix is normalised (scikit-learn's <c>normalize=</c>).</summary>
public enum ConfusionNormalization
{
    /// <summary>Each row (true class) sums to 1: per-class recall on the diagonal.</summary>
    True,
    /// <summary>Each column (predicted class) sums to 1: per-class precision on the diagonal.</summary>
    Pred,
    /// <summary>The whole matrix sums to 1.</summary>
    All,
}

/// <summary>
/// A (weighted) confusion matrix: <see cref="Counts"/>[i, j] = weight of samples of true class
/// <see cref="Labels"/>[i] predicted as <see cref="Labels"/>[j]. <see cref="ToString"/> is an aligned table.
/// </summary>
/// <remarks>
/// <code>
/// var cm = new ConfusionMatrix();
/// cm.Update(new MetricBatch([1, 0, 1, 1], [0.9, 0.4, 0.3, 0.8]));
/// ConfusionMatrixResult r = cm.ComputeResult();   // Counts = [[1, 0], [1, 2]]
/// double recallOf1 = r.Normalized(ConfusionNormalization.True)[1, 1]; // 2/3
/// Console.WriteLine(r);
/// </code>
/// </remarks>
public sealed class ConfusionMatrixResult
{
    /// <summary>Creates a result over <paramref name="labels"/> with a square <paramref name="counts"/> matrix.</summary>
    /// <exception cref="ArgumentException">The matrix is not labels × labels.</exception>
    public ConfusionMatrixResult(IReadOnlyList<int> labels, double[,] counts)
    {
        if (counts.GetLength(0) != labels.Count || counts.GetLength(1) != labels.Count)
            throw new ArgumentException($"a confusion matrix over {labels.Count} labels must be {labels.Count}×{labels.Count}, got {counts.GetLength(0)}×{counts.GetLength(1)}");
        Labels = labels;
        Counts = counts;
    }

    /// <summary>The class labels, in row (and column) order.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Row = true class, column = predicted class.</summary>
    public double[,] Counts { get; }

    /// <summary>The total weight.</summary>
    public double Total
    {
        get
        {
            double t = 0;
            foreach (double c in Counts) t += c;
            return t;
        }
    }

    /// <summary>The matrix with rows, columns or everything summing to 1 (0/0 gives 0, as scikit-learn).</summary>
    public double[,] Normalized(ConfusionNormalization by)
    {
        int k = Labels.Count;
        var n = new double[k, k];
        double total = Total;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double d = by switch
                {
                    ConfusionNormalization.True => Row(i),
                    ConfusionNormalization.Pred => Column(j),
                    _ => total,
                };
                n[i, j] = d == 0 ? 0 : Counts[i, j] / d;
            }
        return n;
    }

    /// <summary>As nested arrays (JSON-ready), rows = true class.</summary>
    public double[][] ToArrays() => [.. Enumerable.Range(0, Labels.Count).Select(i => Enumerable.Range(0, Labels.Count).Select(j => Counts[i, j]).ToArray())];

    /// <summary>An aligned text table: a header of predicted labels, one row per true label.</summary>
    public override string ToString()
    {
        int k = Labels.Count;
        string F(double v) => v.ToString(v == Math.Floor(v) && Math.Abs(v) < 1e15 ? "0" : "G6", CultureInfo.InvariantCulture);
        var cells = new string[k + 1, k + 1];
        cells[0, 0] = "true\\pred";
        for (int j = 0; j < k; j++) cells[0, j + 1] = Labels[j].ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < k; i++)
        {
            cells[i + 1, 0] = Labels[i].ToString(CultureInfo.InvariantCulture);
            for (int j = 0; j < k; j++) cells[i + 1, j + 1] = F(Counts[i, j]);
        }
        var width = new int[k + 1];
        for (int j = 0; j <= k; j++)
            for (int i = 0; i <= k; i++) width[j] = Math.Max(width[j], cells[i, j].Length);
        var sb = new StringBuilder();
        for (int i = 0; i <= k; i++)
        {
            for (int j = 0; j <= k; j++)
            {
                if (j > 0) sb.Append("  ");
                sb.Append(j == 0 ? cells[i, j].PadRight(width[j]) : cells[i, j].PadLeft(width[j]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private double Row(int i)
    {
        double s = 0;
        for (int j = 0; j < Labels.Count; j++) s += Counts[i, j];
        return s;
    }

    private double Column(int j)
    {
        double s = 0;
        for (int i = 0; i < Labels.Count; i++) s += Counts[i, j];
        return s;
    }
}
