namespace Plumb.Benchmarks;

/// <summary>Runs variants round-robin (the order rotated each round, a GC before each) so they share the machine's
/// conditions, and summarises the per-round times by medians.</summary>
internal static class InterleavedTiming
{
    /// <summary>Seconds per call of each variant, one list per variant, after one warm-up call each.</summary>
    public static List<double>[] Time(Action[] variants, int rounds)
    {
        foreach (var v in variants) v(); // warm-up
        var times = variants.Select(_ => new List<double>()).ToArray();
        var sw = new System.Diagnostics.Stopwatch();
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < variants.Length; k++)
            {
                int i = (k + r) % variants.Length;
                GC.Collect();
                sw.Restart();
                variants[i]();
                times[i].Add(sw.Elapsed.TotalSeconds);
            }
        return times;
    }

    /// <summary>The median.</summary>
    public static double Median(IEnumerable<double> v)
    {
        var a = v.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}
