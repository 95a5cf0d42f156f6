using CsCheck;

namespace Plumb.Metrics.Tests;

/// <summary>
/// Properties over random data (CsCheck): merging random shards equals one pass (bit-identical for the
/// count-based label metrics, 1e-12 relative for floating sums), permutation invariance, and a weight of 2
/// equals a duplicated row.
/// </summary>
public sealed class MetricPropertyTests
{
    private static readonly string[] BinarySpecs =
    [
        "accuracy", "balanced_accuracy", "precision", "recall", "f1", "fbeta(beta=2)", "specificity", "npv", "jaccard", "mcc",
        "cohen_kappa", "cohen_kappa(weights=quadratic)", "hamming_loss", "confusion_matrix", "classification_report",
        "f1(average=macro)", "precision(average=weighted)", "recall(average=none)", "jaccard(average=micro)", "top_k_accuracy(k=1)",
    ];

    private static readonly string[] MulticlassSpecs =
    [
        "accuracy", "balanced_accuracy", "precision", "recall(average=weighted)", "f1", "f1(average=micro)", "fbeta(beta=0.5, average=none)",
        "specificity", "npv(average=weighted)", "jaccard", "mcc", "cohen_kappa(weights=linear)", "hamming_loss", "confusion_matrix",
        "classification_report", "top_k_accuracy(k=2)",
    ];

    private static readonly string[] MultilabelSpecs =
    [
        "accuracy", "precision(average=samples)", "f1(average=samples)", "jaccard(average=samples)", "specificity(average=samples)",
        "npv", "recall(average=micro)", "f1(average=weighted)", "f1(average=none)", "hamming_loss", "confusion_matrix", "classification_report",
    ];

    private static readonly string[] RegressionSpecs =
    [
        "mse", "rmse", "mae", "r2", "explained_variance", "max_error", "median_absolute_error", "mape", "msle", "pinball(alpha=0.9)",
        "poisson_deviance", "gamma_deviance", "tweedie_deviance(power=1.5)", "d2_absolute_error",
    ];

    private enum Weights { None, Integer, Real }

    private sealed record Data(MetricTask Task, double[] Target, double[] Score, int Columns, double[]? Weight)
    {
        public int N => Score.Length / Columns;
        public int TargetsPerRow => Target.Length / N;
        public string[] Specs => Task switch
        {
            MetricTask.Binary => BinarySpecs,
            MetricTask.Multiclass => MulticlassSpecs,
            MetricTask.Multilabel => MultilabelSpecs,
            _ => RegressionSpecs,
        };
        public MetricOptions Options => new() { Task = Task == MetricTask.Regression ? MetricTask.Binary : Task };

        public MetricBatch Rows(int from, int to) => new(
            Target.AsSpan(from * TargetsPerRow, (to - from) * TargetsPerRow), Score.AsSpan(from * Columns, (to - from) * Columns), Columns,
            Weight is null ? default : Weight.AsSpan(from, to - from));

        /// <summary>The rows in the order <paramref name="order"/>, each repeated <paramref name="times"/> with weight multiplied by <paramref name="scale"/>.</summary>
        public Data Reorder(int[] order, int times = 1, double scale = 1, bool forceWeights = false)
        {
            var t = new List<double>(); var s = new List<double>(); var w = new List<double>();
            foreach (int i in order)
                for (int r = 0; r < times; r++)
                {
                    t.AddRange(Target.AsSpan(i * TargetsPerRow, TargetsPerRow));
                    s.AddRange(Score.AsSpan(i * Columns, Columns));
                    w.Add((Weight is null ? 1 : Weight[i]) * scale);
                }
            return this with { Target = [.. t], Score = [.. s], Weight = Weight is null && !forceWeights && scale == 1 ? null : [.. w] };
        }
    }

    private static Data Make(MetricTask task, int seed, Weights weights)
    {
        var rng = new Random(seed);
        int n = rng.Next(2, 40);
        int k = task switch { MetricTask.Multiclass => rng.Next(2, 6), MetricTask.Multilabel => rng.Next(1, 5), _ => 1 };
        double[] target, score;
        switch (task)
        {
            case MetricTask.Binary:
                target = [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(2))];
                score = [.. Enumerable.Range(0, n).Select(_ => rng.Next(11) / 10.0)];
                break;
            case MetricTask.Multiclass:
                target = [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(k))];
                score = [.. Enumerable.Range(0, n * k).Select(_ => rng.Next(5) / 4.0)];
                break;
            case MetricTask.Multilabel:
                target = [.. Enumerable.Range(0, n * k).Select(_ => (double)rng.Next(2))];
                score = [.. Enumerable.Range(0, n * k).Select(_ => rng.Next(11) / 10.0)];
                break;
            default:
                target = [.. Enumerable.Range(0, n).Select(_ => rng.Next(1, 100) / 10.0)];
                score = [.. Enumerable.Range(0, n).Select(_ => rng.Next(1, 100) / 10.0)];
                break;
        }
        double[]? w = weights switch
        {
            Weights.Integer => [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(4))],
            Weights.Real => [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 3)],
            _ => null,
        };
        if (w is not null && w.All(x => x == 0)) w[0] = 1;
        return new Data(task, target, score, k, w);
    }

    /// <summary>The row-wise tasks (ranking has its own properties in RankingMetricTests).</summary>
    private static readonly Gen<MetricTask> Tasks =
        Gen.Int[0, 3].Select(i => (MetricTask)i); // Binary, Multiclass, Multilabel, Regression

    private static readonly Gen<(MetricTask, int, Weights)> Cases =
        Gen.Select(Tasks, Gen.Int, Gen.Enum<Weights>());

    private static Dictionary<string, Dictionary<string, double>> Compute(Data d, Func<string, IStreamingMetric, IStreamingMetric> feed)
    {
        var result = new Dictionary<string, Dictionary<string, double>>();
        foreach (string spec in d.Specs)
        {
            var m = feed(spec, MetricRegistry.Create(spec, d.Options));
            result[spec] = Flat.Of(m is IStructuredMetric s ? s.ComputeStructured() : m.Compute());
        }
        return result;
    }

    private static IStreamingMetric OnePass(Data d, IStreamingMetric m)
    {
        m.Update(d.Rows(0, d.N));
        return m;
    }

    /// <summary>Exact for counts (label metrics without real weights; max and median), else 1e-12 relative.</summary>
    private static void AssertSame(Data d, Dictionary<string, Dictionary<string, double>> expected, Dictionary<string, Dictionary<string, double>> actual, string what)
    {
        bool countsOnly = d.Task != MetricTask.Regression && !(d.Weight?.Any(x => x != Math.Floor(x)) ?? false);
        foreach (var (spec, e) in expected)
        {
            bool exact = countsOnly || spec is "max_error" or "median_absolute_error";
            var a = actual[spec];
            Assert.Equal(e.Keys.Order(), a.Keys.Order());
            foreach (var (k, x) in e)
            {
                double y = a[k];
                bool ok = exact
                    ? BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y))
                    : (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-14;
                Assert.True(ok, $"{what}: {d.Task} {spec}{k}: one pass {x:R}, other {y:R} (weights: {(d.Weight is null ? "none" : string.Join(",", d.Weight))})");
            }
        }
    }

    [Fact]
    public void MergedRandomShardsEqualOnePass() =>
        Gen.Select(Cases, Gen.Int).Sample((c, shardSeed) =>
        {
            var (task, seed, weights) = c;
            var d = Make(task, seed, weights);
            var rng = new Random(shardSeed);
            int shards = rng.Next(1, 5);
            int[] cuts = [0, .. Enumerable.Range(0, shards - 1).Select(_ => rng.Next(d.N + 1)).Order(), d.N];
            var merged = Compute(d, (spec, m) =>
            {
                var total = (IMergeableMetric)m;
                for (int s = 0; s < shards; s++)
                {
                    var part = (IMergeableMetric)MetricRegistry.Create(spec, d.Options);
                    part.Update(d.Rows(cuts[s], cuts[s + 1]));
                    if (s % 2 == 1)
                    {
                        var copy = (IMergeableMetric)MetricRegistry.Create(spec, d.Options);
                        copy.LoadState(part.SaveState());
                        part = copy;
                    }
                    total.Merge(part);
                }
                return total;
            });
            AssertSame(d, Compute(d, (_, m) => OnePass(d, m)), merged, "merged shards");
        }, iter: 300);

    [Fact]
    public void MergedCountStatesAreByteIdentical() =>
        Gen.Select(Gen.Int[0, 2], Gen.Int).Sample((t, seed) =>
        {
            var d = Make((MetricTask)t, seed, seed % 2 == 0 ? Weights.None : Weights.Integer);
            var one = new F1(d.Options with { Average = Average.Micro });
            one.Update(d.Rows(0, d.N));
            var a = new F1(d.Options with { Average = Average.Micro });
            var b = new F1(d.Options with { Average = Average.Micro });
            a.Update(d.Rows(0, d.N / 2));
            b.Update(d.Rows(d.N / 2, d.N));
            a.Merge(b);
            Assert.Equal(one.SaveState(), a.SaveState());
        }, iter: 200);

    [Fact]
    public void PermutationInvariant() =>
        Gen.Select(Cases, Gen.Int).Sample((c, permSeed) =>
        {
            var (task, seed, weights) = c;
            var d = Make(task, seed, weights);
            int[] order = [.. Enumerable.Range(0, d.N)];
            new Random(permSeed).Shuffle(order);
            var shuffled = d.Reorder(order);
            AssertSame(d, Compute(d, (_, m) => OnePass(d, m)), Compute(shuffled, (_, m) => OnePass(shuffled, m)), "permuted");
        }, iter: 300);

    [Fact]
    public void WeightTwoEqualsDuplicatedRow() =>
        Gen.Select(Tasks, Gen.Int).Sample((task, seed) =>
        {
            var d = Make(task, seed, Weights.None);
            int[] order = [.. Enumerable.Range(0, d.N)];
            var doubled = d.Reorder(order, times: 1, scale: 2);
            var duplicated = d.Reorder(order, times: 2, forceWeights: true);
            AssertSame(doubled, Compute(doubled, (_, m) => OnePass(doubled, m)), Compute(duplicated, (_, m) => OnePass(duplicated, m)), "weight 2 vs duplicate");
        }, iter: 300);
}
