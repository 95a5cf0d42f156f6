namespace Plumb.Metrics.Statistics;

/// <summary>
/// The random stream of one bootstrap resample: xoshiro256** (Blackman &amp; Vigna) seeded through SplitMix64
/// from (seed, resample index), so resample b draws the same rows for a given seed whatever the number of
/// threads or the .NET version.
/// </summary>
internal struct BootstrapRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public BootstrapRandom(ulong seed, long resample)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(resample + 1));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, n) (multiply-high; bias below n/2⁶⁴).</summary>
    public int NextInt(int n) => (int)Math.BigMul(Next(), (ulong)n, out _);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
