using CsCheck;
using Plumb.Metrics;
using Plumb.Metrics.Kernels;

namespace Plumb.Metrics.Tests;

/// <summary>
/// The fast float32 kernels against scikit-learn 1.2.1 on a reproducible grid, and against the general
/// (comparison-sort) implementation on random data with and without ties.
/// Grid (numpy): i = arange(20000); sg = (((i*7919) % 10007)/10007.0).astype(float32) (ties: 10007 values);
/// lg = ((i*31+7) % 10 &lt; 3); lg2 = where((i*13) % 7 &lt; 3, 1 − lg, lg).
/// </summary>
public class ScoreKernelTests
{
    private static (float[] S, byte[] L) Grid(int n = 20000)
    {
        var s = new float[n];
        var l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = (float)((i * 7919L % 10007) / 10007.0);
            int lg = (i * 31 + 7) % 10 < 3 ? 1 : 0;
            l[i] = (byte)(i * 13 % 7 < 3 ? 1 - lg : lg);
        }
        return (s, l);
    }

    private static void Near(double expected, double actual, double rel = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Rank_kernel_matches_sklearn_on_the_grid()
    {
        var (s, l) = Grid();
        var (auc, ap) = RankKernel.AucAp(s, l);
        Near(0.5002669673770079, auc);   // roc_auc_score(lg2, sg.astype(float64))
        Near(0.47212767736404826, ap);   // average_precision_score(lg2, sg.astype(float64))
    }

    [Fact]
    public void Log_loss_kernel_matches_sklearn()
    {
        var (s, l) = Grid();
        Near(1.0002447740777842, LogLossKernel.Binary(s, l), 1e-12);   // log_loss(lg2, sg.astype(float64), eps=2**-23)
        // Extremes (clipping): pe = [0,1,1e-9,1-1e-9,0.5,0.25,1e-30,0.999999,0.3,0.7]*5 as float32,
        // le = [1,0,1,0,1,0,0,1,1,0]*5; log_loss(le, pe.astype(float64), eps=2**-23)
        float[] pe = [.. Enumerable.Repeat(new float[] { 0, 1, 1e-9f, 1 - 1e-9f, 0.5f, 0.25f, 1e-30f, 0.999999f, 0.3f, 0.7f }, 5).SelectMany(x => x)];
        byte[] le = [.. Enumerable.Repeat(new byte[] { 1, 0, 1, 0, 1, 0, 0, 1, 1, 0 }, 5).SelectMany(x => x)];
        Near(6.715831652619447, LogLossKernel.Binary(pe, le), 1e-12);
    }

    [Fact]
    public void F1_kernels_match_sklearn()
    {
        var (s, l) = Grid();
        Near(0.48576869627875857, F1Kernel.Binary(s, l));   // f1_score(lg2, (sg >= 0.5).astype(int))
        int n = 20000;
        var yt = new int[n];
        var yp = new int[n];
        var yp9 = new int[n];
        for (int i = 0; i < n; i++)
        {
            yt[i] = i * 7 % 10;
            yp[i] = i % 5 < 3 ? yt[i] : i * 3 % 10;
            yp9[i] = yp[i] == 9 ? 8 : yp[i];
        }
        Near(0.4666666666666666, F1Kernel.Macro(yt, yp, 10));    // f1_score(yt, yp, average='macro'), yt = (i*7)%10, yp = where(i%5<3, yt, (i*3)%10)
        Near(0.39999999999999997, F1Kernel.Macro(yt, yp9, 10));  // class 9 never predicted: its F1 is 0 and it still counts
        // Hand: scores [0.9,0.4,0.6], labels [1,1,0]: TP 1, PP 2, P 2 → 2·1/(2+2)
        Near(0.5, F1Kernel.Binary([0.9f, 0.4f, 0.6f], [1, 1, 0]));
    }

    [Fact]
    public void Kernels_refuse_nan_with_its_index()
    {
        var (s, l) = Grid();
        s[12345] = float.NaN;
        Assert.Contains("score[12345]", Assert.Throws<ArgumentException>(() => RankKernel.AucAp(s, l)).Message);
        Assert.Contains("[12345]", Assert.Throws<ArgumentException>(() => LogLossKernel.Binary(s, l)).Message);
        Assert.Contains("score[12345]", Assert.Throws<ArgumentException>(() => F1Kernel.Binary(s, l)).Message);
        var (s2, l2) = Grid();
        l2[777] = 2;
        Assert.Contains("label[777]", Assert.Throws<ArgumentException>(() => RankKernel.AucAp(s2, l2)).Message);
    }

    private static (double Auc, double Ap) General(float[] s, byte[] l)
    {
        var c = RankKernel.Curve(Array.ConvertAll(s, x => (double)x), l, default);
        return (c.RocAuc(), c.AveragePrecision());
    }

    private static Gen<(float[] S, byte[] L)> Data(bool ties) =>
        from n in Gen.Int[5000, 30000]
        from s in (ties ? Gen.Int[-40, 40].Select(v => v / 8f) : Gen.Float[-1e6f, 1e6f]).Array[n]
        from l in Gen.Int[0, 1].Select(v => (byte)v).Array[n]
        select (s, l);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fast_rank_kernel_equals_the_general_path(bool ties) =>
        Data(ties).Sample(d =>
        {
            var (auc, ap) = RankKernel.AucAp(d.S, d.L);
            var (gAuc, gAp) = General(d.S, d.L);
            // The AUC-only sweep gives the same (integer) area as the combined one.
            return Math.Abs(auc - gAuc) <= 1e-12 && Math.Abs(ap - gAp) <= 1e-12 && RankKernel.RocAuc(d.S, d.L) == auc;
        }, iter: 25);

    [Theory]
    [InlineData(0.25, 0.5, 200_000)]     // one binade, few ties: dense buckets, the vector sweep
    [InlineData(0.0, 1.0, 300_000)]      // probabilities
    [InlineData(-30.0, 30.0, 100_000)]   // logits of both signs
    public void Fast_rank_kernel_equals_the_general_path_on_dense_buckets(double lo, double hi, int n)
    {
        var rnd = new Random(n);
        var s = new float[n];
        var l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = (float)(lo + (hi - lo) * rnd.NextDouble());
            l[i] = (byte)(rnd.NextDouble() < 0.3 + 0.4 * (s[i] - lo) / (hi - lo) ? 1 : 0);
        }
        var (auc, ap) = RankKernel.AucAp(s, l);
        var (gAuc, gAp) = General(s, l);
        Assert.Equal(gAuc, auc, 13);
        Assert.Equal(gAp, ap, 13);
        Assert.Equal(auc, RankKernel.RocAuc(s, l));
    }

    [Fact]
    public void Rank_kernel_counting_sweep_matches_sklearn()
    {
        // 300,000 samples on 20,011 keys 0.25 + k·2^-25 (one key range of 2^15 ulps): ~240 records per bucket of
        // 16 keys, so every bucket is swept by counting, not sorting. numpy: i = arange(300000);
        // k = (i*7919) % 20011; s = (0.25 + k*2.0**-25).astype(float32); l = (k + (i*13 % 7)*2000) > 15000.
        int n = 300_000;
        var s = new float[n];
        var l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            long k = i * 7919L % 20011;
            s[i] = (float)(0.25 + k * Math.Pow(2, -25));
            l[i] = (byte)(k + i * 13L % 7 * 2000 > 15000 ? 1 : 0);
        }
        var (auc, ap) = RankKernel.AucAp(s, l);
        Near(0.919275169728221, auc, 1e-12);   // roc_auc_score(l, s.astype(float64))
        Near(0.9378729784409199, ap, 1e-12);   // average_precision_score(l, s.astype(float64))
        Assert.Equal(auc, RankKernel.RocAuc(s, l));
        Assert.Equal(ap, RankKernel.AveragePrecision(s, l));   // the AP-only sweep (no area) gives the same AP
        var (gAuc, gAp) = General(s, l);
        Assert.Equal(gAuc, auc, 13);
        Assert.Equal(gAp, ap, 13);
    }

    [Fact]
    public void Rank_kernel_handles_a_bucket_too_full_to_count_and_signed_zeros()
    {
        // 80,000 equal scores (one bucket beyond the 16-bit counts: sorted) beside spread ones; −0 and +0 tie.
        var rnd = new Random(11);
        int n = 150_000;
        var s = new float[n];
        var l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = i < 80_000 ? 0.5f : (float)rnd.NextDouble();
            if (i % 7 == 0) s[i] = i % 14 == 0 ? -0f : 0f;
            l[i] = (byte)(rnd.NextDouble() < (s[i] > 0.4 ? 0.6 : 0.3) ? 1 : 0);
        }
        var (auc, ap) = RankKernel.AucAp(s, l);
        var (gAuc, gAp) = General(s, l);
        Assert.Equal(gAuc, auc, 13);
        // 48,000 equal AP terms summed one by one (the sorted bucket) drift ~1e-14 from the general path.
        Near(gAp, ap, 1e-12);
        // Hand check of the signed-zero tie alone: 2 negatives at −0, 2 positives at +0 → AUC ½, AP ½.
        var z = new float[5000];
        var zl = new byte[5000];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = i % 2 == 0 ? -0f : 0f;
            zl[i] = (byte)(i % 2);
        }
        Assert.Equal((0.5, 0.5), RankKernel.AucAp(z, zl));
    }

    [Fact]
    public void Fast_rank_kernel_handles_any_floats()
    {
        // Negative, huge, subnormal, infinite, ±0 and constant inputs agree with the general path.
        var rnd = new Random(5);
        float[] special = [float.NegativeInfinity, -3.4e38f, -1f, -1e-45f, -0f, 0f, 1e-45f, 1e-38f, 1f, 3.4e38f, float.PositiveInfinity];
        var s = new float[9000];
        var l = new byte[9000];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = special[rnd.Next(special.Length)];
            l[i] = (byte)rnd.Next(2);
        }
        var (auc, ap) = RankKernel.AucAp(s, l);
        var (gAuc, gAp) = General(s, l);
        Assert.Equal(gAuc, auc, 12);
        Assert.Equal(gAp, ap, 12);
        Array.Fill(s, 0.25f);
        Assert.Equal(0.5, RankKernel.AucAp(s, l).Auc);
    }

    [Fact]
    public void Fast_kernels_equal_scalar_definitions_on_random_data() =>
        (from n in Gen.Int[1, 3000]
         from p in Gen.Float[0f, 1f].Array[n]
         from l in Gen.Int[0, 1].Select(v => (byte)v).Array[n]
         select (p, l)).Sample(d =>
        {
            double ll = 0;
            long tp = 0, pp = 0, pos = 0;
            for (int i = 0; i < d.p.Length; i++)
            {
                double q = Math.Clamp(d.p[i], LogLossKernel.Float32Eps, 1 - LogLossKernel.Float32Eps);
                ll -= Math.Log(d.l[i] == 1 ? q : 1 - q);
                bool pr = d.p[i] >= 0.5f;
                tp += pr && d.l[i] == 1 ? 1 : 0;
                pp += pr ? 1 : 0;
                pos += d.l[i];
            }
            ll /= d.p.Length;
            double f1 = pp + pos == 0 ? 0 : 2.0 * tp / (pp + pos);
            return Math.Abs(LogLossKernel.Binary(d.p, d.l) - ll) <= 1e-12 * Math.Max(1, ll) && F1Kernel.Binary(d.p, d.l) == f1;
        }, iter: 100);
}

/// <summary>
/// The two bucket sweeps of <see cref="RankKernel"/> (counting, sorting) forced in turn through its internal hook;
/// not run in parallel with other tests, which must see the default choice.
/// </summary>
[Collection(RankKernelHooks.Name)]
public class RankKernelSweepTests
{
    [Theory]
    [InlineData(0.25, 0.5, 200_000)]
    [InlineData(-30.0, 30.0, 100_000)]
    [InlineData(0.0, 1e-38, 100_000)]    // subnormals and small normals
    public void Counting_and_sorting_sweeps_agree(double lo, double hi, int n)
    {
        // The same data with every bucket counted that can be (threshold 1 record) and with none counted.
        var rnd = new Random(n + 1);
        var s = new float[n];
        var l = new byte[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = (float)(lo + (hi - lo) * rnd.NextDouble());
            if (i % 5 == 0) s[i] = s[i / 2];   // ties
            l[i] = (byte)(rnd.NextDouble() < 0.2 + 0.5 * (s[i] - lo) / (hi - lo) ? 1 : 0);
        }
        (double, double) counted, sorted;
        try
        {
            RankKernel.CountMinimumOverride = 1;
            counted = RankKernel.AucAp(s, l);
            Assert.Equal(counted.Item1, RankKernel.RocAuc(s, l));
            Assert.Equal(counted.Item2, RankKernel.AveragePrecision(s, l));
            RankKernel.CountMinimumOverride = int.MaxValue;
            sorted = RankKernel.AucAp(s, l);
        }
        finally { RankKernel.CountMinimumOverride = null; }
        var c = RankKernel.Curve(Array.ConvertAll(s, x => (double)x), l, default);
        var (gAuc, gAp) = (c.RocAuc(), c.AveragePrecision());
        Assert.Equal(gAuc, counted.Item1, 13);
        Assert.Equal(gAp, counted.Item2, 13);
        Assert.Equal(sorted.Item1, counted.Item1);   // integer areas: bit-identical
        Assert.Equal(sorted.Item2, counted.Item2, 13);
    }
}

/// <summary>Serialises the tests that change <see cref="RankKernel"/>'s internal tuning hook.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class RankKernelHooks
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RankKernel hooks";

    [Fact]
    public void UnweightedFloat64CurveEqualsTheWeightedPathWithUnitWeights()
    {
        // The key-sort path (no weights) against the item-sort path (explicit weights of 1): the same thresholds,
        // true- and false-positive counts, with ties, ±0, infinities and negative scores.
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var (score, label) = Float64Ranking(rng, onlyClass: -1);
            int n = score.Length;
            var ones = Enumerable.Repeat(1.0, n).ToArray();
            var fast = RankKernel.Curve(score, label, default);
            var general = RankKernel.Curve(score, label, ones);
            Assert.Equal(general.Thresholds, fast.Thresholds);
            Assert.Equal(general.Tps, fast.Tps);
            Assert.Equal(general.Fps, fast.Fps);
            Assert.All(fast.Thresholds, t => Assert.False(double.IsNegative(t) && t == 0)); // −0 reads as +0
        });
        Assert.Throws<ArgumentException>(() => RankKernel.Curve([0.5, double.NaN], [1, 0], default));
        Assert.Throws<ArgumentException>(() => RankKernel.Curve([0.5, 0.2], [1, 2], default));
    }
    [Fact]
    public void Float64AucApWithoutTheCurveEqualTheCurvesValuesBitForBit()
    {
        // The curve-free pass against BinaryCurve.RocAuc/AveragePrecision on the general (item-sort) curve: the same
        // doubles, with ties, ±0, infinities, one class only and the empty input (NaN AUC, AP 0 without positives).
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var (score, label) = Float64Ranking(rng, onlyClass: rng.Next(6) == 0 ? rng.Next(2) : -1);
            var curve = RankKernel.Curve(score, label, Enumerable.Repeat(1.0, score.Length).ToArray());
            var (auc, ap) = RankKernel.AucApUnweighted(score, label);
            Assert.Equal(BitConverter.DoubleToInt64Bits(curve.RocAuc()), BitConverter.DoubleToInt64Bits(auc));
            Assert.Equal(BitConverter.DoubleToInt64Bits(curve.AveragePrecision()), BitConverter.DoubleToInt64Bits(ap));
        });
        Assert.Throws<ArgumentException>(() => RankKernel.AucApUnweighted([0.5, double.NaN], [1, 0]));
        Assert.Throws<ArgumentException>(() => RankKernel.AucApUnweighted([0.5, 0.2], [1, 2]));
    }
    /// <summary>
    /// Random float64 scores with ties, ±0, infinities and negatives, and labels (all of <paramref name="onlyClass"/>
    /// when it is 0 or 1); small inputs take the key sort, large ones (≥ 16,384) the radix sort.
    /// </summary>
    private static (double[] Score, byte[] Label) Float64Ranking(Random rng, int onlyClass)
    {
        int n = rng.Next(4) == 0 ? rng.Next(16384, 40000) : rng.Next(0, 400);
        var score = new double[n];
        var label = new byte[n];
        for (int i = 0; i < n; i++)
        {
            score[i] = rng.Next(8) switch
            {
                0 => 0.0,
                1 => -0.0,
                2 => Math.Round(rng.NextDouble() * 4 - 2, 1),
                3 => rng.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
                _ => rng.NextDouble() * 2e6 - 1e6,
            };
            label[i] = (byte)(onlyClass >= 0 ? onlyClass : rng.Next(2));
        }
        return (score, label);
    }
}
