namespace Plumb.Metrics;

/// <summary>The median of unweighted values as numpy computes it.</summary>
internal static class NumpyMedian
{
    /// <summary>
    /// <c>np.median(values)</c>: the middle value, or the mean of the two middle ones (a + b)/2; with
    /// <paramref name="percentile"/>, <c>np.percentile(values, 50)</c>, which interpolates b − (b − a)·0.5 instead.
    /// NaN for no values. The values are copied, not reordered.
    /// </summary>
    public static double Of(ReadOnlySpan<double> values, bool percentile = false)
    {
        int n = values.Length;
        if (n == 0) return double.NaN;
        double[] v = values.ToArray();
        Array.Sort(v);
        if (n % 2 == 1) return v[n / 2];
        double a = v[n / 2 - 1], b = v[n / 2];
        return percentile ? b - (b - a) * 0.5 : (a + b) / 2;
    }
}
