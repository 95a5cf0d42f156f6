using CsCheck;
using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>Properties of the score metrics: sharding, order, monotone transforms, weights, binning, state.</summary>
public class ScorePropertyTests
{
    private sealed record Data(double[] Y, double[] S, double[] W);

    /// <summary>Binary data; ties when scores come from a coarse grid; float32-exact or not; with weights.</summary>
    private static readonly Gen<Data> Binary =
        from n in Gen.Int[2, 300]
        from coarse in Gen.Bool
        from s in (coarse ? Gen.Int[0, 16].Select(v => v / 16.0) : Gen.Double[0, 1]).Array[n]
        from y in Gen.Int[0, 1].Select(v => (double)v).Array[n]
        from w in Gen.Int[0, 4].Select(v => v * 0.5).Array[n]
        select new Data(Fix(y), s, w);

    // Both classes present.
    private static double[] Fix(double[] y)
    {
        y[0] = 0;
        y[^1] = 1;
        return y;
    }

    private static readonly string[] Exact = ["roc_auc", "average_precision", "precision_at_recall(r=0.5)", "recall_at_precision(p=0.5)"];
    private static readonly string[] Sums = ["log_loss", "brier", "ece(bins=7)", "roc_auc(bins=50)", "average_precision(bins=50)"];

    private static double Value(string spec, Data d, bool weighted, int from = 0, int to = -1, IMergeableMetric? into = null)
    {
        var m = (IMergeableMetric)MetricRegistry.Create(spec);
        if (to < 0) to = d.Y.Length;
        m.Update(new MetricBatch(d.Y.AsSpan(from, to - from), d.S.AsSpan(from, to - from), 1, weighted ? d.W.AsSpan(from, to - from) : default));
        if (into is null) return m.Compute();
        into.Merge(m);
        return double.NaN;
    }

    private static bool Positive(Data d, bool weighted)
    {
        double p = 0, n = 0;
        for (int i = 0; i < d.Y.Length; i++)
        {
            double w = weighted ? d.W[i] : 1;
            if (d.Y[i] == 1) p += w; else n += w;
        }
        return p > 0 && n > 0;
    }

    [Fact]
    public void Merge_of_random_shards_equals_one_pass() =>
        Gen.Select(Binary, Gen.Int[1, 5], Gen.Bool).Sample((d, shards, weighted) =>
        {
            if (!Positive(d, weighted)) return true;
            foreach (string spec in Exact.Concat(Sums))
            {
                double one = Value(spec, d, weighted);
                var merged = (IMergeableMetric)MetricRegistry.Create(spec);
                var cuts = Enumerable.Range(1, shards - 1).Select(k => k * d.Y.Length / shards).Prepend(0).Append(d.Y.Length).ToArray();
                // Merge the shards in reverse order: order must not matter either.
                for (int k = shards - 1; k >= 0; k--) Value(spec, d, weighted, cuts[k], cuts[k + 1], merged);
                double m = merged.Compute();
                bool ok = Exact.Contains(spec) ? m == one : Math.Abs(m - one) <= 1e-12 * Math.Max(1, Math.Abs(one));
                if (!ok) throw new Exception($"{spec}: merged {m:R} vs one pass {one:R}");
            }
            return true;
        }, iter: 60);

    [Fact]
    public void Permutation_invariance_is_bit_identical_for_sort_based_metrics() =>
        Gen.Select(Binary, Gen.Int, Gen.Bool).Sample((d, seed, weighted) =>
        {
            if (!Positive(d, weighted)) return true;
            var perm = Enumerable.Range(0, d.Y.Length).ToArray();
            new Random(seed).Shuffle(perm);
            var p = new Data([.. perm.Select(i => d.Y[i])], [.. perm.Select(i => d.S[i])], [.. perm.Select(i => d.W[i])]);
            return Exact.All(spec => Value(spec, d, weighted) == Value(spec, p, weighted));
        }, iter: 100);

    [Fact]
    public void Auc_and_ap_are_unchanged_by_monotone_transforms() =>
        (from n in Gen.Int[2, 200]
         from s in Gen.Int[-20, 20].Array[n]
         from y in Gen.Int[0, 1].Array[n]
         select (s, y)).Sample(t =>
        {
            double[] y = Fix([.. t.y.Select(v => (double)v)]);
            double[] s = [.. t.s.Select(v => (double)v)];
            double[] f = [.. t.s.Select(v => Math.Exp(v / 4.0) + 3.0 * v * v * v)];   // strictly increasing
            return RocAuc.Binary(y, s) == RocAuc.Binary(y, f) && AveragePrecision.Binary(y, s) == AveragePrecision.Binary(y, f);
        }, iter: 200);

    [Fact]
    public void Weight_two_equals_duplicated_rows() =>
        Gen.Select(Binary, Gen.Int).Sample((d, seed) =>
        {
            var rnd = new Random(seed);
            var two = d.Y.Select(_ => rnd.Next(2) == 0 ? 1.0 : 2.0).ToArray();
            var idx = Enumerable.Range(0, d.Y.Length).SelectMany(i => Enumerable.Repeat(i, (int)two[i])).ToArray();
            var dup = new Data([.. idx.Select(i => d.Y[i])], [.. idx.Select(i => d.S[i])], []);
            var wd = d with { W = two };
            foreach (string spec in Exact.Concat(Sums))
            {
                double a = Value(spec, wd, true), b = Value(spec, dup, false);
                if (!(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b)))) throw new Exception($"{spec}: weighted {a:R} vs duplicated {b:R}");
            }
            return true;
        }, iter: 60);

    [Fact]
    public void Binned_auc_and_ap_stay_within_their_bound() =>
        (from n in Gen.Int[2, 2000]
         from bins in Gen.Int[1, 300]
         from s in Gen.Double[0, 1].Array[n]
         from y in Gen.Int[0, 1].Array[n]
         select (bins, s, y)).Sample(t =>
        {
            double[] y = Fix([.. t.y.Select(v => (double)v)]);
            foreach (var kind in new[] { BinnedRanking.Kind.RocAuc, BinnedRanking.Kind.AveragePrecision })
            {
                var m = new BinnedRanking(kind, t.bins);
                m.Update(new MetricBatch(y, t.s));
                double exact = kind == BinnedRanking.Kind.RocAuc ? RocAuc.Binary(y, t.s) : AveragePrecision.Binary(y, t.s);
                if (!(Math.Abs(m.Compute() - exact) <= m.ErrorBound + 1e-12))
                    throw new Exception($"{kind} bins={t.bins}: |{m.Compute():R} − {exact:R}| > {m.ErrorBound:R}");
            }
            return true;
        }, iter: 200);

    [Fact]
    public void Binned_equals_exact_when_no_bin_mixes_classes()
    {
        // Positives at 0.95, 0.85, negatives at 0.05, 0.55, 0.9 (200 bins: all in distinct bins).
        double[] y = [1, 1, 0, 0, 0];
        double[] s = [0.95, 0.85, 0.05, 0.55, 0.9];
        var m = new BinnedRanking(BinnedRanking.Kind.RocAuc, 200);
        m.Update(new MetricBatch(y, s));
        Assert.Equal(0, m.ErrorBound);
        Assert.Equal(RocAuc.Binary(y, s), m.Compute(), 15);   // 5/6 by hand: (0.95 beats 3) + (0.85 beats 2)
        Assert.Equal(5.0 / 6, m.Compute(), 15);
    }

    [Fact]
    public void State_round_trips_through_a_stream() =>
        Gen.Select(Binary, Gen.Bool).Sample((d, weighted) =>
        {
            if (!Positive(d, weighted)) return true;
            foreach (string spec in Exact.Concat(Sums))
            {
                var a = (IMergeableMetric)MetricRegistry.Create(spec);
                a.Update(new MetricBatch(d.Y, d.S, 1, weighted ? d.W : default(ReadOnlySpan<double>)));
                var b = (IMergeableMetric)MetricRegistry.Create(spec);
                b.LoadState(a.SaveState());
                if (a.Compute() != b.Compute()) throw new Exception(spec);
            }
            return true;
        }, iter: 40);

    [Fact]
    public void Truncated_or_foreign_state_is_an_argument_error()
    {
        var a = new RocAuc();
        a.Update(new MetricBatch([0, 1, 0], [0.1, 0.7, 0.3]));
        byte[] state = a.SaveState();
        Assert.Throws<ArgumentException>(() => new RocAuc().LoadState(state.AsSpan(0, state.Length - 3)));
        Assert.Throws<ArgumentException>(() => new LogLoss().LoadState(state));   // another metric's state
        var b = new RocAuc();
        b.LoadState(state);
        Assert.Equal(a.Compute(), b.Compute());
    }

    [Fact]
    public void Exact_binary_state_is_5_bytes_per_float32_sample()
    {
        var m = new RocAuc();
        var y = new double[1000];
        var s = new double[1000];
        for (int i = 0; i < 1000; i++)
        {
            y[i] = i % 3 == 0 ? 1 : 0;
            s[i] = (float)(i * 0.37 % 1);   // float32-exact values
        }
        m.Update(new MetricBatch(y, s));
        Assert.Equal(5, m.BytesPerSample);
        m.Update(new MetricBatch([1], [0.1]));   // 0.1 is not a float32: widens once to float64
        Assert.Equal(9, m.BytesPerSample);
    }
}
