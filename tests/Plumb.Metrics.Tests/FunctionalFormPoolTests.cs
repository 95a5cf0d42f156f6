using Xunit;

namespace Plumb.Metrics.Tests;

/// <summary>
/// The functional forms RocAuc.Binary / AveragePrecision.Binary compute on buffers rented from the shared array pool
/// and give them back. Calls of different sizes one after another (a larger call leaves a larger buffer behind) must
/// each give the value of their own data: checked against the definitions computed naively here (Mann–Whitney pair
/// count with ties 1/2; AP = Σ over distinct thresholds (R_i − R_{i−1})·P_i, scikit-learn's step form).
/// </summary>
public class FunctionalFormPoolTests
{
    private static (int[] Y, float[] S) Data(int n, int seed, double prevalence)
    {
        var rng = new Random(seed);
        var y = new int[n];
        var s = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < prevalence ? 1 : 0;
            // Coarse scores (100 levels) so that ties occur often.
            s[i] = MathF.Round((float)(rng.NextDouble() * 0.7 + 0.3 * y[i]) * 100) / 100;
        }
        return (y, s);
    }

    private static double NaiveAuc(int[] y, float[] s)
    {
        var pos = new List<float>();
        var neg = new List<float>();
        for (int i = 0; i < y.Length; i++) (y[i] == 1 ? pos : neg).Add(s[i]);
        double wins = 0;
        foreach (float p in pos)
            foreach (float q in neg)
                wins += p > q ? 1 : p == q ? 0.5 : 0;
        return wins / ((double)pos.Count * neg.Count);
    }

    private static double NaiveAp(int[] y, float[] s)
    {
        int totalPos = y.Sum();
        double ap = 0, prevRecall = 0;
        int tp = 0, fp = 0;
        foreach (var g in y.Zip(s).GroupBy(p => p.Second).OrderByDescending(g => g.Key))
        {
            foreach (var (label, _) in g) { if (label == 1) tp++; else fp++; }
            double recall = (double)tp / totalPos, precision = (double)tp / (tp + fp);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    [Fact]
    public void Calls_of_different_sizes_in_a_row_each_give_their_own_value()
    {
        // Sizes above and below the fast-path minimum (4,096), largest first so later calls reuse a larger buffer.
        foreach (var (n, seed) in new[] { (12_000, 1), (5_000, 2), (9_000, 3), (300, 4), (6_500, 5) })
        {
            var (y, s) = Data(n, seed, 0.2);
            Assert.Equal(NaiveAuc(y, s), RocAuc.Binary(y, s), 12);
            Assert.Equal(NaiveAp(y, s), AveragePrecision.Binary(y, s), 12);
            var yd = Array.ConvertAll(y, v => (double)v);
            var sd = Array.ConvertAll(s, v => (double)v);
            Assert.Equal(NaiveAuc(y, s), RocAuc.Binary(yd, sd), 12);
            Assert.Equal(NaiveAp(y, s), AveragePrecision.Binary(yd, sd), 12);
        }
    }

    [Fact]
    public void A_refused_call_leaves_the_next_call_correct()
    {
        var (y, s) = Data(8_000, 7, 0.3);
        var bad = (int[])y.Clone();
        bad[5_000] = 2;
        Assert.Throws<ArgumentException>(() => RocAuc.Binary(bad, s));
        var nan = (float[])s.Clone();
        nan[6_000] = float.NaN;
        Assert.Throws<ArgumentException>(() => AveragePrecision.Binary(y, nan));
        var (y2, s2) = Data(7_000, 8, 0.3);
        Assert.Equal(NaiveAuc(y2, s2), RocAuc.Binary(y2, s2), 12);
        Assert.Equal(NaiveAp(y2, s2), AveragePrecision.Binary(y2, s2), 12);
    }
}
