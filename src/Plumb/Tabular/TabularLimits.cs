using System.Globalization;

namespace Plumb.Tabular;

/// <summary>
/// Upper bounds on the sizes a tabular model may have, checked before anything is allocated — when training
/// (<c>--hidden</c>, <c>--batch-size</c>) and when loading a model folder (which is untrusted input).
/// </summary>
public static class TabularLimits
{
    /// <summary>Most units in one hidden layer.</summary>
    public const int MaxUnits = 65_536;

    /// <summary>Most hidden layers.</summary>
    public const int MaxLayers = 64;

    /// <summary>Most input features after preprocessing.</summary>
    public const int MaxFeatures = 1_000_000;

    /// <summary>Most outputs (classes or labels).</summary>
    public const int MaxOutputs = 100_000;

    /// <summary>Most rows in one mini-batch.</summary>
    public const int MaxBatchSize = 1_000_000;

    /// <summary>Number of weights and biases of an MLP.</summary>
    /// <param name="features">Inputs.</param>
    /// <param name="hidden">Hidden layer sizes.</param>
    /// <param name="outputs">Outputs.</param>
    public static long Parameters(long features, IReadOnlyList<int> hidden, long outputs)
    {
        long total = 0, previous = features;
        foreach (int h in hidden) { total += previous * h + h; previous = h; }
        return total + previous * outputs + outputs;
    }

    /// <summary>
    /// Bytes training needs at least: float32 weights, gradients and two Adam moments (16 bytes per parameter),
    /// plus activations and their gradients for one batch.
    /// </summary>
    /// <param name="features">Inputs (a lower bound is fine).</param>
    /// <param name="hidden">Hidden layer sizes.</param>
    /// <param name="outputs">Outputs.</param>
    /// <param name="batch">Rows per batch.</param>
    public static double TrainingBytes(long features, IReadOnlyList<int> hidden, long outputs, long batch) =>
        16.0 * Parameters(features, hidden, outputs) + 12.0 * batch * (features + hidden.Sum(h => (double)h) + outputs);

    /// <summary>The memory a run may use: half of what the runtime reports as available to this process.</summary>
    public static long MemoryBudget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>Bytes as "7.7 GB".</summary>
    /// <param name="bytes">Byte count.</param>
    public static string Gigabytes(double bytes) => (bytes / 1e9).ToString(bytes < 1e8 ? "0.###" : "0.0", CultureInfo.InvariantCulture) + " GB";
}
