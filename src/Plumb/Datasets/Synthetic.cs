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

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
