namespace Plumb.Metrics;

/// <summary>
/// A threshold's quality measured on rows that did not choose it: the rows are split in two stratified halves, the
/// threshold is tuned on each half and counted on the other, and the two sets of counts are pooled.
/// </summary>
/// <remarks>
/// Tuning a threshold for F1 on the validation rows and reporting that F1 on the same rows is optimistic: the
/// threshold was picked because it happened to fit those rows. Cross-fitting measures the procedure (tune on some
/// rows, apply to others) on every row once. With 10 validation rows, the F1 threshold tuned on half A is applied
/// to half B and the one tuned on B to A; the pooled TP, FP, TN, FN give precision, recall, F1 and accuracy.
/// <code>
/// var cf = CrossFittedThreshold.Evaluate("f1", yVal, pVal, seed: 42);
/// Console.WriteLine($"F1 at a tuned threshold, cross-fitted: {cf.Pooled.F1}");
/// </code>
/// </remarks>
/// <param name="ThresholdA">Threshold tuned on half A (applied to half B).</param>
/// <param name="ThresholdB">Threshold tuned on half B (applied to half A).</param>
/// <param name="Pooled">The pooled counts of both halves, each at the other half's threshold.</param>
/// <param name="RowsA">Rows in half A.</param>
/// <param name="RowsB">Rows in half B.</param>
public sealed record CrossFittedThreshold(double ThresholdA, double ThresholdB, ThresholdPoint Pooled, int RowsA, int RowsB)
{
    /// <summary>Cross-fits <paramref name="objective"/> (see <see cref="ThresholdSelection.Optimize"/>) over two stratified halves chosen with <paramref name="seed"/>.</summary>
    /// <returns>Null when a half would have no positive or no negative (fewer than 2 of either class).</returns>
    /// <exception cref="ArgumentException">Unknown objective or invalid data.</exception>
    public static CrossFittedThreshold? Evaluate(string objective, ReadOnlySpan<double> target, ReadOnlySpan<double> score, int seed)
    {
        if (target.Length != score.Length) throw new ArgumentException($"target length {target.Length} does not match score length {score.Length}", nameof(score));
        var pos = new List<int>();
        var neg = new List<int>();
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == 1) pos.Add(i);
            else if (target[i] == 0) neg.Add(i);
            else throw new ArgumentException($"target {target[i]} at index {i} is not 0 or 1", nameof(target));
        }
        if (pos.Count < 2 || neg.Count < 2) return null;
        var rng = new Random(seed);
        int[] p = [.. pos], n = [.. neg];
        rng.Shuffle(p);
        rng.Shuffle(n);
        // Alternate within each class: the halves differ by at most one row of each class.
        int[] a = [.. p.Where((_, k) => k % 2 == 0), .. n.Where((_, k) => k % 2 == 0)];
        int[] b = [.. p.Where((_, k) => k % 2 == 1), .. n.Where((_, k) => k % 2 == 1)];
        var (ya, sa) = Take(target, score, a);
        var (yb, sb) = Take(target, score, b);
        double ta = ThresholdSelection.Optimize(objective, ya, sa).Threshold;
        double tb = ThresholdSelection.Optimize(objective, yb, sb).Threshold;
        var onB = ThresholdSelection.At(ta, yb, sb);
        var onA = ThresholdSelection.At(tb, ya, sa);
        var pooled = new ThresholdPoint(double.NaN, double.NaN, onA.TruePositives + onB.TruePositives, onA.FalsePositives + onB.FalsePositives,
            onA.TrueNegatives + onB.TrueNegatives, onA.FalseNegatives + onB.FalseNegatives);
        return new CrossFittedThreshold(ta, tb, pooled, a.Length, b.Length);
    }

    private static (double[] Target, double[] Score) Take(ReadOnlySpan<double> target, ReadOnlySpan<double> score, int[] rows)
    {
        var y = new double[rows.Length];
        var s = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++) (y[i], s[i]) = (target[rows[i]], score[rows[i]]);
        return (y, s);
    }
}
