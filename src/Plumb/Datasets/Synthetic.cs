namespace Plumb.Datasets;

/// <summary>Seeded synthetic datasets for demos and tests.</summary>
public static class Synthetic
{
    /// <summary>
    /// An imbalanced binary problem: <paramref name="negatives"/> rows of class 0 and <paramref name="positives"/>
    /// of class 1, <paramref name="features"/> Gaussian features of which the first <paramref name="informative"/>
    /// are shifted by <paramref name="shift"/> standard deviations for the positives (the rest are noise).
    /// Rows are shuffled; the same seed always gives the same data.
    /// </summary>
    public static TabularData ImbalancedBinary(int negatives, int positives, int features = 20, int informative = 5, double shift = 1.5, int seed = 0)
    {
        if (negatives < 1 || positives < 1) throw new ArgumentOutOfRangeException(nameof(positives), "need at least one row of each class");
        if (informative > features) throw new ArgumentOutOfRangeException(nameof(informative), informative, "informative must not exceed features");
        var rng = new Random(seed);
        int n = negatives + positives;
        var labels = new float[n];
        for (int i = 0; i < positives; i++) labels[i] = 1;
        rng.Shuffle(labels);
        var x = new float[n * features];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < features; j++)
                x[i * features + j] = (float)(Gaussian(rng) + (labels[i] == 1 && j < informative ? shift * (j % 2 == 0 ? 1 : -1) : 0));
        var names = Enumerable.Range(0, features).Select(j => j < informative ? $"signal{j}" : $"noise{j}").ToArray();
        return new TabularData(x, labels, names, "label");
    }

    /// <summary>
    /// The data of <c>plumb bench metrics</c> and the BenchmarkDotNet kernels (seed 42): binary labels with 30 %
    /// positives and float32 scores σ(z + 1.2·y), z ~ N(0, 1); and 10-class true/predicted labels, 60 % correct.
    /// </summary>
    public static (float[] Score, byte[] Label, int[] YTrue, int[] YPred) MetricsBenchmark(int n)
    {
        var rng = new Random(42);
        var score = new float[n];
        var label = new byte[n];
        var yTrue = new int[n];
        var yPred = new int[n];
        for (int i = 0; i < n; i++)
        {
            byte y = rng.NextDouble() < 0.3 ? (byte)1 : (byte)0;
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            label[i] = y;
            score[i] = (float)(1 / (1 + Math.Exp(-(z + 1.2 * y))));
            int t = rng.Next(10);
            yTrue[i] = t;
            yPred[i] = rng.NextDouble() < 0.6 ? t : rng.Next(10);
        }
        return (score, label, yTrue, yPred);
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
