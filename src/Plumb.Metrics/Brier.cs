namespace Plumb.Metrics;

/// <summary>
/// Brier score: the (weighted) mean squared difference between predicted probabilities and outcomes, as
/// scikit-learn's <c>brier_score_loss</c> (binary); a documented multiclass variant.
/// </summary>
/// <remarks>
/// <para>Binary: Σᵢ wᵢ·(yᵢ − pᵢ)² / Σᵢ wᵢ, p = P(y = 1) in [0, 1] (an error otherwise, as scikit-learn).</para>
/// <para>Multiclass (not in scikit-learn 1.2): Σᵢ wᵢ·Σₖ ([yᵢ = k] − pᵢₖ)² / Σᵢ wᵢ, the original sum-of-squares
/// form of Brier (1950), ranging 0…2; for K = 2 it is twice the binary score.
/// <c>FromLogits</c>: sigmoid (binary) or softmax (multiclass) first.</para>
/// <para>Binary batches (any target type, float32/float64 probabilities, weighted or not) are summed with SIMD,
/// equal to the sample-by-sample sums to rounding.</para>
/// <code>
/// double b = Brier.Binary([1, 0], [0.9, 0.2]); // (0.01 + 0.04)/2 = 0.025
/// </code>
/// </remarks>
public sealed class Brier : SumMetric
{
    /// <summary>Creates a Brier score for the task in <paramref name="options"/> (default binary).</summary>
    public Brier(MetricOptions? options = null) : base(options ?? new MetricOptions(), 2) { }

    /// <inheritdoc />
    public override string Name => "brier";

    /// <summary>Binary Brier score of 0/1 targets and probabilities (optional weights).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> probability, ReadOnlySpan<double> weight = default)
    {
        var m = new Brier();
        m.Update(new MetricBatch(target, probability, 1, weight));
        return m.Compute();
    }

    /// <summary>Binary form for <c>int</c> 0/1 targets and <c>float</c> scores, read without copying (optional weights).</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, ReadOnlySpan<double> weight = default)
    {
        var m = new Brier();
        m.Update(new MetricBatch(target, score, 1, weight));
        return m.Compute();
    }

    /// <inheritdoc />
    public override void Update(in MetricBatch batch)
    {
        int n = batch.Count;
        if (Options.Task == MetricTask.Binary && !Options.FromLogits && batch.Columns == 1 && batch.TargetLength == n
            && Kernels.BrierKernel.TryBinary(batch, out double fast, out double weight))
        {
            // SIMD over the given element types; a bad value falls through to the checks below, which name it
            Sums[0] += fast;
            Sums[1] += weight;
            return;
        }
        int k = CheckProbabilityBatch(batch);
        if (!Options.FromLogits)
            for (int i = 0; i < batch.Score.Length; i++)
                if (batch.Score[i] is < 0 or > 1)
                    throw new ArgumentException($"brier: probability {batch.Score[i]} of sample {i / k} is outside [0, 1]");
        Span<double> row = stackalloc double[k];
        double acc = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            batch.Score.Slice(i * k, k).CopyTo(row);
            if (Options.FromLogits) Transforms.FromLogits(row, Options.Task);
            double y = batch.Target[i], sq;
            if (Options.Task == MetricTask.Binary) sq = (y - row[0]) * (y - row[0]);
            else
            {
                sq = 0;
                for (int j = 0; j < k; j++)
                {
                    double d = (j == (int)y ? 1 : 0) - row[j];
                    sq += d * d;
                }
            }
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            acc += w * sq;
            total += w;
        }
        Sums[0] += acc;
        Sums[1] += total;
    }

    /// <inheritdoc />
    public override double Compute() =>
        Sums[1] > 0 ? Sums[0] / Sums[1] : throw new InvalidOperationException("brier of no samples (or zero total weight) is undefined");
}
