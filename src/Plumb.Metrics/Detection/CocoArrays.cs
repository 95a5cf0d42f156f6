namespace Plumb.Metrics.Detection;

/// <summary>
/// pycocotools' <c>eval['precision']</c> [T, R, K, A, M] and <c>eval['recall']</c> [T, K, A, M] (−1 where
/// undefined), and the 12 summary statistics of <c>summarize()</c>.
/// </summary>
/// <remarks>
/// T = 10 IoU thresholds (.50:.05:.95), R = 101 recall points, K categories (sorted ids), A = 4 area ranges
/// (all, small, medium, large), M = 3 maxDets (1, 10, 100); both arrays are flat in that (C) order.
/// </remarks>
public sealed class CocoArrays
{
    internal CocoArrays(int[] categoryIds, double[] precision, double[] recall)
    {
        CategoryIds = categoryIds; Precision = precision; Recall = recall;
    }

    /// <summary>The evaluated category ids, sorted (the K axis).</summary>
    public IReadOnlyList<int> CategoryIds { get; }

    /// <summary>Interpolated precision [T, R, K, A, M], flat, −1 where the category has no ground truth.</summary>
    public double[] Precision { get; }

    /// <summary>Final recall [T, K, A, M], flat, −1 where the category has no ground truth.</summary>
    public double[] Recall { get; }

    private int K => CategoryIds.Count;

    /// <summary>Precision at IoU index t, recall point r, category index k, area index a, maxDets index m.</summary>
    public double PrecisionAt(int t, int r, int k, int a, int m) => Precision[(((t * 101 + r) * K + k) * 4 + a) * 3 + m];

    /// <summary>Recall at IoU index t, category index k, area index a, maxDets index m.</summary>
    public double RecallAt(int t, int k, int a, int m) => Recall[((t * K + k) * 4 + a) * 3 + m];

    /// <summary>
    /// The 12 numbers of <c>COCOeval.summarize()</c>: AP, AP50, AP75, AP small/medium/large, AR1, AR10, AR100,
    /// AR small/medium/large (−1 where no value is defined).
    /// </summary>
    public double[] Stats() =>
    [
        Ap(-1, 0, 2), Ap(0, 0, 2), Ap(5, 0, 2), Ap(-1, 1, 2), Ap(-1, 2, 2), Ap(-1, 3, 2),
        Ar(0, 0), Ar(0, 1), Ar(0, 2), Ar(1, 2), Ar(2, 2), Ar(3, 2),
    ];

    /// <summary>Per-category AP@[.50:.95] (area all, 100 detections): the mean of its defined precision values; −1 when none.</summary>
    public double[] PerCategoryAp()
    {
        var ap = new double[K];
        var buf = new List<double>(10 * 101);
        for (int k = 0; k < K; k++)
        {
            buf.Clear();
            for (int t = 0; t < 10; t++)
                for (int r = 0; r < 101; r++)
                {
                    double v = PrecisionAt(t, r, k, 0, 2);
                    if (v > -1) buf.Add(v);
                }
            ap[k] = buf.Count == 0 ? -1 : NumpyMean.Mean(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buf));
        }
        return ap;
    }

    /// <summary>Per-category precision at the 101 recall points for IoU index t (area all, 100 detections).</summary>
    public double[] PrecisionCurve(int k, int t)
    {
        var c = new double[101];
        for (int r = 0; r < 101; r++) c[r] = PrecisionAt(t, r, k, 0, 2);
        return c;
    }

    // summarize(ap=1): mean of precision[t?, :, :, a, m] > −1 in C order (t, r, k).
    private double Ap(int onlyT, int a, int m)
    {
        var vals = new List<double>();
        for (int t = 0; t < 10; t++)
        {
            if (onlyT >= 0 && t != onlyT) continue;
            for (int r = 0; r < 101; r++)
                for (int k = 0; k < K; k++)
                {
                    double v = PrecisionAt(t, r, k, a, m);
                    if (v > -1) vals.Add(v);
                }
        }
        return vals.Count == 0 ? -1 : NumpyMean.Mean(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(vals));
    }

    // summarize(ap=0): mean of recall[:, :, a, m] > −1 in C order (t, k).
    private double Ar(int a, int m)
    {
        var vals = new List<double>();
        for (int t = 0; t < 10; t++)
            for (int k = 0; k < K; k++)
            {
                double v = RecallAt(t, k, a, m);
                if (v > -1) vals.Add(v);
            }
        return vals.Count == 0 ? -1 : NumpyMean.Mean(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(vals));
    }
}
