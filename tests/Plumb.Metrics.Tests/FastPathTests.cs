using CsCheck;

namespace Plumb.Metrics.Tests;

/// <summary>
/// The SIMD fast paths of the public metrics (binary and int/long label counting, binary log loss and Brier,
/// float32 intake of the score metrics) against counts and sums computed here sample by sample: counts
/// bit-identical for every element type, float sums within 1e-12; thresholds exactly at a score, NaN/±∞
/// refusal with the same message as the double path, zero weights, and every length 0…70 so that each
/// partial SIMD block is hit.
/// </summary>
public sealed class FastPathTests
{
    private static readonly double[] Thresholds = [0.5, 0.3, 0.1, 0.0, 1.0, 0.7000000000000001, (double)MathF.BitIncrement(0.3f), (double)MathF.BitDecrement(0.3f)];

    /// <summary>Scores that sit on, just below and just above the thresholds (as float32 and float64).</summary>
    private static float RandomScore(Random rng, double threshold) => rng.Next(6) switch
    {
        0 => (float)threshold,
        1 => MathF.BitDecrement((float)threshold),
        2 => MathF.BitIncrement((float)threshold),
        3 => rng.Next(2),
        4 => -rng.NextSingle(),
        _ => rng.NextSingle(),
    };

    private static (int[] Y, float[] S) BinaryData(int seed, int n, double threshold)
    {
        var rng = new Random(seed);
        var y = new int[n];
        var s = new float[n];
        for (int i = 0; i < n; i++) { y[i] = rng.Next(2); s[i] = RandomScore(rng, threshold); }
        return (y, s);
    }

    /// <summary>Reference cells (2·target + prediction) by hand: predicted positive when (double)score ≥ threshold.</summary>
    private static double[] Cells(int[] y, double[] s, double threshold, double[]? w = null)
    {
        var c = new double[4];
        for (int i = 0; i < y.Length; i++) c[2 * y[i] + (s[i] >= threshold ? 1 : 0)] += w?[i] ?? 1;
        return c;
    }

    private static double[] Widen(float[] s) => Array.ConvertAll(s, v => (double)v);

    private static double[] StateCells(LabelMetric m) => [m.State.Cell(0, 0), m.State.Cell(0, 1), m.State.Cell(1, 0), m.State.Cell(1, 1)];

    /// <summary>Every element-type combination of one binary data set.</summary>
    private static IEnumerable<(string Kind, Action<LabelMetric> Update)> Batches(int[] y, float[] s, double[]? w = null)
    {
        long[] yl = Array.ConvertAll(y, v => (long)v);
        float[] yf = Array.ConvertAll(y, v => (float)v);
        double[] yd = Array.ConvertAll(y, v => (double)v), sd = Widen(s);
        yield return ("int/float", m => m.Update(new MetricBatch(y, s, 1, w)));
        bool[] yb = Array.ConvertAll(y, v => v == 1);
        yield return ("bool/float", m => m.Update(new MetricBatch(yb, s, 1, w)));
        yield return ("long/float", m => m.Update(new MetricBatch(yl, s, 1, w)));
        yield return ("float/float", m => m.Update(new MetricBatch(yf, s, 1, w)));
        yield return ("int/double", m => m.Update(new MetricBatch(y, sd, 1, w)));
        yield return ("long/double", m => m.Update(new MetricBatch(yl, sd, 1, w)));
        yield return ("double/double", m => m.Update(new MetricBatch(yd, sd, 1, w)));
    }

    [Fact]
    public void Binary_counts_equal_the_hand_count_for_every_element_type_and_length()
    {
        Gen.Select(Gen.Int[0, 70], Gen.Int[0, Thresholds.Length - 1], Gen.Int).Sample((n, ti, seed) =>
        {
            double th = Thresholds[ti];
            var (y, s) = BinaryData(seed, n, th);
            var expected = Cells(y, Widen(s), th);
            foreach (var (kind, update) in Batches(y, s))
            {
                var f1 = new F1(new MetricOptions { Threshold = th });
                update(f1);
                Assert.True(expected.SequenceEqual(StateCells(f1)), $"{kind}, n = {n}, threshold {th}");
                Assert.Equal(n, f1.State.TotalWeight);
                Assert.Equal(expected[0] + expected[1] + expected[2] > 0, f1.State.IsPresent(0));
                Assert.Equal(expected[1] + expected[2] + expected[3] > 0, f1.State.IsPresent(1));
            }
        });
    }

    [Fact]
    public void Binary_counts_of_a_large_batch_run_in_parallel_chunks_and_stay_exact()
    {
        int n = (1 << 18) + 13;
        var (y, s) = BinaryData(7, n, 0.5);
        var expected = Cells(y, Widen(s), 0.5);
        foreach (var (kind, update) in Batches(y, s))
        {
            var m = new Precision();
            update(m);
            Assert.True(expected.SequenceEqual(StateCells(m)), kind);
        }
    }

    [Fact]
    public void From_logits_decides_score_at_or_above_the_logit_of_the_threshold()
    {
        // logit(0.5) = 0 exactly: a score of exactly 0 is positive, the float just below is not
        float[] s = [0f, -float.Epsilon, float.Epsilon, -3f, 3f, 0f, -0f, 1e-30f, -1e-30f];
        int[] y = [1, 1, 0, 0, 1, 0, 1, 0, 1];
        var m = new Recall(new MetricOptions { FromLogits = true });
        m.Update(new MetricBatch(y, s));
        // positives predicted: 0 → yes, 3 → yes, −0 → yes (−0 ≥ 0), −1e-30 → no, −ε → no
        Assert.Equal(3, m.State.Cell(1, 1));
        Assert.Equal(2, m.State.Cell(1, 0));
        Assert.Equal(3, m.State.Cell(0, 1)); // 0, ε, 1e-30
        Assert.Equal(1, m.State.Cell(0, 0));
    }

    [Fact]
    public void Weighted_binary_counts_equal_the_hand_sums_zero_weights_included()
    {
        // dyadic weights: every partial sum is exact, so any summation order gives the same bits
        double[] pool = [0, 0, 0.25, 1, 2.5];
        Gen.Select(Gen.Int[0, 70], Gen.Int).Sample((n, seed) =>
        {
            var (y, s) = BinaryData(seed, n, 0.5);
            var rng = new Random(seed ^ 0x5eed);
            var w = new double[n];
            for (int i = 0; i < n; i++) w[i] = pool[rng.Next(pool.Length)];
            var expected = Cells(y, Widen(s), 0.5, w);
            var counts = Cells(y, Widen(s), 0.5);
            foreach (var (kind, update) in Batches(y, s, w))
            {
                var m = new F1();
                update(m);
                Assert.True(expected.SequenceEqual(StateCells(m)), $"{kind}, n = {n}");
                // a sample of weight 0 still makes its classes present, as on the double path
                Assert.Equal(counts[0] + counts[1] + counts[2] > 0, m.State.IsPresent(0));
                Assert.Equal(counts[1] + counts[2] + counts[3] > 0, m.State.IsPresent(1));
            }
        });
    }

    [Fact]
    public void Binary_metrics_of_int_float_batches_equal_the_double_batch_bit_for_bit()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int).Sample((n, seed) =>
        {
            var (y, s) = BinaryData(seed, n, 0.5);
            double[] yd = Array.ConvertAll(y, v => (double)v), sd = Widen(s);
            Assert.Equal(F1.Binary(yd, sd), F1.Binary(y, s));
            Assert.Equal(FBeta.Binary(yd, sd, 2), FBeta.Binary(y, s, 2));
            Assert.Equal(Accuracy.Binary(yd, sd), Accuracy.Binary(y, s));
            var mcc = new MatthewsCorrelationCoefficient();
            var mccD = new MatthewsCorrelationCoefficient();
            mcc.Update(new MetricBatch(y, s));
            mccD.Update(new MetricBatch(yd, sd));
            Assert.Equal(mccD.Compute(), mcc.Compute());
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(63)]
    [InlineData(64)]
    public void A_nan_or_infinite_score_is_refused_with_the_double_paths_message_and_leaves_the_state(int at)
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var (y, s) = BinaryData(3, 65, 0.5);
            s[at] = bad;
            var m = new F1();
            var e = Assert.Throws<ArgumentException>(() => m.Update(new MetricBatch(y, s)));
            var d = Assert.Throws<ArgumentException>(() => new F1().Update(new MetricBatch(Array.ConvertAll(y, v => (double)v), Widen(s))));
            Assert.Equal(d.Message, e.Message);
            Assert.Contains($"index {at}", e.Message);
            Assert.Equal(0, m.State.Count);
            Assert.Equal(0, m.State.TotalWeight);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_target_other_than_0_or_1_is_refused_with_the_double_paths_message(int bad)
    {
        foreach (int at in new[] { 0, 9, 64 })
        {
            var (y, s) = BinaryData(4, 65, 0.5);
            y[at] = bad;
            var e = Assert.Throws<ArgumentException>(() => new Accuracy().Update(new MetricBatch(y, s)));
            var d = Assert.Throws<ArgumentException>(() => new Accuracy().Update(new MetricBatch(Array.ConvertAll(y, v => (double)v), Widen(s))));
            Assert.Equal(d.Message, e.Message);
            long[] yl = Array.ConvertAll(y, v => (long)v);
            var l = Assert.Throws<ArgumentException>(() => new Accuracy().Update(new MetricBatch(yl, s)));
            Assert.Equal(d.Message, l.Message);
        }
    }

    [Fact]
    public void Multiclass_label_counts_equal_the_hand_count_declared_or_not()
    {
        Gen.Select(Gen.Int[0, 70], Gen.Int[2, 20], Gen.Bool, Gen.Int).Sample((n, k, declare, seed) =>
        {
            var rng = new Random(seed);
            var yt = new int[n];
            var yp = new int[n];
            for (int i = 0; i < n; i++) { yt[i] = rng.Next(k); yp[i] = rng.Next(3) == 0 ? rng.Next(k) : yt[i]; }
            var expected = new double[k, k];
            for (int i = 0; i < n; i++) expected[yt[i], yp[i]]++;
            var options = new MetricOptions { Task = MetricTask.Multiclass, NumClasses = declare ? k : 0 };
            var mi = new F1(options);
            var ml = new F1(options);
            mi.Update(new MetricBatch(yt, yp));
            ml.Update(new MetricBatch(Array.ConvertAll(yt, v => (long)v), Array.ConvertAll(yp, v => (long)v)));
            foreach (var m in new[] { mi, ml })
            {
                int seen = 0;
                for (int c = 0; c < k; c++) if (yt.Contains(c) || yp.Contains(c)) seen = c + 1;
                Assert.Equal(declare ? k : seen, m.State.K);
                for (int r = 0; r < m.State.K; r++)
                    for (int c = 0; c < m.State.K; c++)
                    {
                        Assert.Equal(expected[r, c], m.State.Cell(r, c));
                        Assert.Equal(yt.Contains(r) || yp.Contains(r), m.State.IsPresent(r));
                    }
            }
            if (n > 0)
                Assert.Equal(
                    F1.Multiclass(Array.ConvertAll(yt, v => (double)v), Array.ConvertAll(yp, v => (double)v)),
                    F1.Multiclass(yt, yp));
        });
    }

    [Fact]
    public void Multiclass_labels_outside_the_declared_classes_are_refused_as_on_the_double_path()
    {
        int[] yt = [0, 1, 2, 1, 0, 2, 1, 1, 0];
        int[] yp = [0, 1, 2, 1, 0, 3, 1, 1, 0];
        var options = new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 3 };
        var m = new Accuracy(options);
        var e = Assert.Throws<ArgumentException>(() => m.Update(new MetricBatch(yt, yp)));
        var d = Assert.Throws<ArgumentException>(() => new Accuracy(options).Update(
            new MetricBatch(Array.ConvertAll(yt, v => (double)v), Array.ConvertAll(yp, v => (double)v))));
        Assert.Equal(d.Message, e.Message);
        Assert.Equal(0, m.State.Count);
        yt[4] = -1;
        Assert.Throws<ArgumentException>(() => new Accuracy(options).Update(new MetricBatch(yt, yp)));
    }

    [Theory]
    [InlineData(3, 5, 70)]
    [InlineData(3, -1, 33)]
    [InlineData(0, 16, 64)]
    [InlineData(0, 300, 99)]
    [InlineData(12, 12, 31)]
    public void A_label_outside_the_classes_in_a_long_batch_is_refused_or_grows_the_matrix(int declared, int bad, int at)
    {
        var rng = new Random(at);
        var yt = new long[100];
        var yp = new long[100];
        for (int i = 0; i < 100; i++) { yt[i] = rng.Next(3); yp[i] = rng.Next(3); }
        yp[at] = bad;
        var options = new MetricOptions { Task = MetricTask.Multiclass, NumClasses = declared };
        var d = Record.Exception(() => new Accuracy(options).Update(
            new MetricBatch(Array.ConvertAll(yt, v => (double)v), Array.ConvertAll(yp, v => (double)v))));
        var m = new Accuracy(options);
        var e = Record.Exception(() => m.Update(new MetricBatch(yt, yp)));
        Assert.Equal(d?.Message, e?.Message);
        if (e is null)
        {
            Assert.Equal(bad + 1, m.State.K); // undeclared: the matrix grows to the largest label, as on the double path
            Assert.Equal(1, m.State.Cell((int)yt[at], bad));
        }
    }

    [Fact]
    public void Binary_log_loss_fast_sum_equals_a_sum_of_logarithms()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int).Sample((n, seed) =>
        {
            var rng = new Random(seed);
            var y = new int[n];
            var p = new float[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = rng.Next(2);
                p[i] = rng.Next(5) switch { 0 => 0f, 1 => 1f, _ => rng.NextSingle() };
            }
            foreach (double eps in new[] { LogLoss.Float64Eps, 1e-7, 1e-15 })
            {
                // clip to [ε, 1 − ε], then −mean ln q, q = p for positives, 1 − p for negatives
                double expected = 0;
                for (int i = 0; i < n; i++)
                {
                    double x = Math.Clamp((double)p[i], eps, 1 - eps);
                    expected -= Math.Log(y[i] == 1 ? x : 1 - x);
                }
                expected /= n;
                var m = new LogLoss(eps: eps);
                m.Update(new MetricBatch(y, p));
                Assert.Equal(expected, m.Compute(), 1e-12 * Math.Max(1, expected));
                var md = new LogLoss(eps: eps);
                md.Update(new MetricBatch(Array.ConvertAll(y, v => (double)v), Widen(p)));
                Assert.Equal(expected, md.Compute(), 1e-12 * Math.Max(1, expected));
            }
        });
    }

    [Fact]
    public void Binary_log_loss_refuses_nan_like_the_double_path()
    {
        var (y, s) = BinaryData(5, 40, 0.5);
        for (int i = 0; i < s.Length; i++) s[i] = Math.Clamp(s[i], 0, 1);
        s[33] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => new LogLoss().Update(new MetricBatch(y, s)));
        var d = Assert.Throws<ArgumentException>(() => new LogLoss().Update(new MetricBatch(Array.ConvertAll(y, v => (double)v), Widen(s))));
        Assert.Equal(d.Message, e.Message);
    }

    [Fact]
    public void Binary_brier_fast_sums_equal_the_hand_sums_weighted_or_not()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Bool, Gen.Int).Sample((n, weighted, seed) =>
        {
            var rng = new Random(seed);
            var y = new long[n];
            var p = new float[n];
            double[]? w = weighted ? new double[n] : null;
            for (int i = 0; i < n; i++)
            {
                y[i] = rng.Next(2);
                p[i] = rng.NextSingle();
                if (w is not null) w[i] = rng.Next(3) == 0 ? 0 : rng.NextDouble();
            }
            double num = 0, den = 0;
            for (int i = 0; i < n; i++)
            {
                double wi = w?[i] ?? 1, d = y[i] - (double)p[i];
                num += wi * d * d;
                den += wi;
            }
            var m = new Brier();
            m.Update(new MetricBatch(y, p, 1, w));
            if (den == 0) Assert.Throws<InvalidOperationException>(() => m.Compute());
            else Assert.Equal(num / den, m.Compute(), 1e-12);
        });
    }

    [Fact]
    public void Brier_refuses_a_probability_outside_0_1_like_the_double_path()
    {
        int[] y = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
        float[] p = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 1.5f, 0.9f];
        var e = Assert.Throws<ArgumentException>(() => new Brier().Update(new MetricBatch(y, p)));
        var d = Assert.Throws<ArgumentException>(() => new Brier().Update(new MetricBatch(Array.ConvertAll(y, v => (double)v), Widen(p))));
        Assert.Equal(d.Message, e.Message);
    }

    [Fact]
    public void Score_metrics_take_float_batches_without_widening_and_agree_with_double_batches()
    {
        Gen.Select(Gen.Int[2, 70], Gen.Int).Sample((n, seed) =>
        {
            var (y, s) = BinaryData(seed, n, 0.5);
            y[0] = 0;
            y[1] = 1;
            double[] yd = Array.ConvertAll(y, v => (double)v), sd = Widen(s);
            Assert.Equal(RocAuc.Binary(yd, sd), RocAuc.Binary(y, s));
            Assert.Equal(AveragePrecision.Binary(yd, sd), AveragePrecision.Binary(y, s));
            var m = new RocAuc();
            m.Update(new MetricBatch(y, s));
            Assert.Equal(5, m.BytesPerSample);
            var mb = new AveragePrecision();
            mb.Update(new MetricBatch(Array.ConvertAll(y, v => v == 1), s));
            Assert.Equal(AveragePrecision.Binary(yd, sd), mb.Compute());
            var ll = new LogLoss();
            ll.Update(new MetricBatch(Array.ConvertAll(y, v => v == 1), Array.ConvertAll(s, v => Math.Clamp(v, 0f, 1f))));
            Assert.Equal(LogLoss.Binary(yd, Array.ConvertAll(sd, v => Math.Clamp(v, 0, 1))), ll.Compute(), 1e-12);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(37)]
    public void Double_scores_stay_float32_while_exact_and_widen_once_when_not(int inexactAt)
    {
        var (y, s) = BinaryData(11, 40, 0.5);
        y[0] = 0;
        y[1] = 1;
        double[] yd = Array.ConvertAll(y, v => (double)v), exact = Widen(s), inexact = (double[])exact.Clone();
        inexact[inexactAt] = 0.1; // not a float32
        var unit = Enumerable.Repeat(1.0, 40).ToArray();
        foreach (var (scores, bytes) in new[] { (exact, 5.0), (inexact, 9.0) })
        {
            var m = new RocAuc();
            m.Update(new MetricBatch(yd, scores));
            Assert.Equal(bytes, m.BytesPerSample);
            var general = new RocAuc();
            general.Update(new MetricBatch(yd, scores, 1, unit)); // weighted: the per-sample path
            Assert.Equal(general.Compute(), m.Compute());
        }
        var bad = (double[])exact.Clone();
        bad[inexactAt] = double.NaN;
        var nanMetric = new AveragePrecision();
        Assert.Throws<ArgumentException>(() => nanMetric.Update(new MetricBatch(yd, bad)));
        Assert.Equal(0, nanMetric.Count);
    }

    [Fact]
    public void Non_double_batches_reach_every_other_metric_widened_once()
    {
        float[] y = [1.5f, 2f, -3f, 4.25f];
        float[] p = [1f, 2.5f, -2f, 4f];
        var mae = new Mae();
        mae.Update(new MetricBatch(y, p));
        Assert.Equal((0.5 + 0.5 + 1 + 0.25) / 4, mae.Compute(), 15);
        int[] yi = [3, 1, 2];
        double[] pi = [2.5, 1, 4];
        var mse = new Mse();
        mse.Update(new MetricBatch(yi, pi));
        Assert.Equal((0.25 + 0 + 4) / 3, mse.Compute(), 15);
    }

    [Fact]
    public void Float64ScoresShareOneCurveThatFollowsEveryChange()
    {
        // ROC-AUC and AP of float64 scores (not float32 values) in one collection read one curve; after more
        // samples, a reset or a merge each value equals a fresh metric's over the same samples.
        var rng = new Random(9);
        double[] Scores(int n) => [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() / 3 + 0.1)];
        int[] Labels(int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(2))];
        double Fresh(IStreamingMetric m, double[] s, int[] y)
        {
            m.Update(new MetricBatch(y, s));
            return m.Compute();
        }
        var s1 = Scores(5000);
        var y1 = Labels(5000);
        var s2 = Scores(3000);
        var y2 = Labels(3000);
        var c = new MetricCollection(["roc_auc", "average_precision"], new MetricOptions { Task = MetricTask.Binary });
        c.Update(new MetricBatch(y1, s1));
        var first = c.Compute();
        Assert.Equal(Fresh(new RocAuc(), s1, y1), first.Scalar("roc_auc"));
        Assert.Equal(Fresh(new AveragePrecision(), s1, y1), first.Scalar("average_precision"));
        c.Update(new MetricBatch(y2, s2));
        double[] s12 = [.. s1, .. s2];
        int[] y12 = [.. y1, .. y2];
        var both = c.Compute();
        Assert.Equal(Fresh(new RocAuc(), s12, y12), both.Scalar("roc_auc"));
        Assert.Equal(Fresh(new AveragePrecision(), s12, y12), both.Scalar("average_precision"));
        // Reset, then as many samples as before but others: the earlier curve must not be reused.
        c.Reset();
        var s3 = Scores(5000);
        c.Update(new MetricBatch(y1, s3));
        Assert.Equal(Fresh(new RocAuc(), s3, y1), c.Compute().Scalar("roc_auc"));
        var roc = new RocAuc();
        roc.Update(new MetricBatch(y1, s1));
        Assert.Equal(Fresh(new RocAuc(), s1, y1), roc.Compute());
        var other = new RocAuc();
        other.Update(new MetricBatch(y2, s2));
        roc.Merge(other);
        Assert.Equal(Fresh(new RocAuc(), s12, y12), roc.Compute());
    }

    [Fact]
    public void Float64LabelsCountAsTheirInt32Labels()
    {
        // The float64 label path (converted in blocks, then the int32 kernel) equals int32 labels, for class counts
        // on both sides of the SIMD limit (16) and sizes on both sides of the parallel threshold; a fraction, a
        // negative or a NaN label is still named by the general path.
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            int k = rng.Next(2, 24), n = rng.Next(4) == 0 ? rng.Next(300_000, 400_000) : rng.Next(1, 5000);
            int[] t = [.. Enumerable.Range(0, n).Select(_ => rng.Next(k))];
            int[] p = [.. Enumerable.Range(0, n).Select(_ => rng.Next(k))];
            var o = new MetricOptions { Task = MetricTask.Multiclass, NumClasses = k, Average = Average.Macro };
            var fromInt = new F1(o);
            fromInt.Update(new MetricBatch(t, p));
            var fromDouble = new F1(o);
            fromDouble.Update(new MetricBatch(Array.ConvertAll(t, v => (double)v), Array.ConvertAll(p, v => (double)v)));
            Assert.Equal(fromInt.Compute(), fromDouble.Compute());
        }, iter: 20);
        var m = new Accuracy(new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 3 });
        foreach (double bad in new[] { 1.5, -1.0, double.NaN })
        {
            double[] y = [0, 1, 2, 1, bad, 0];
            var e = Assert.Throws<ArgumentException>(() => m.Update(new MetricBatch(y, [0.0, 1, 2, 1, 1, 0])));
            Assert.Contains("index 4", e.Message);
        }
    }
}

