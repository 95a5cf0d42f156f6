namespace Plumb.Metrics.Detection;

/// <summary>
/// The sum and mean of a double array as numpy's <c>np.sum</c> / <c>np.mean</c> compute them: pairwise summation
/// within buffers of 8192 elements, the buffers added in order, then one division; so summary statistics equal
/// pycocotools' to the last bit.
/// </summary>
internal static class NumpyMean
{
    public static double Mean(ReadOnlySpan<double> a)
    {
        if (a.Length == 0) return double.NaN;
        return Sum(a) / a.Length;
    }

    /// <summary>numpy's <c>np.add.reduce</c> of a contiguous array: buffers of 8192, each summed pairwise.</summary>
    public static double Sum(ReadOnlySpan<double> a)
    {
        if (a.Length == 0) return 0;
        double s = PairwiseSum(a[..Math.Min(a.Length, Buffer)]);
        for (int i = Buffer; i < a.Length; i += Buffer) s += PairwiseSum(a.Slice(i, Math.Min(Buffer, a.Length - i)));
        return s;
    }

    private const int Buffer = 8192;

    /// <summary>numpy's <c>pairwise_sum_DOUBLE</c>: 8 accumulators in blocks of up to 128, halving above.</summary>
    public static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
