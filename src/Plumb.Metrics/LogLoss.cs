namespace Plumb.Metrics;

/// <summary>
/// Log loss (cross-entropy, natural log) of predicted probabilities, as scikit-learn 1.2.1's
/// <c>log_loss</c> on float64 input: binary and multiclass, with sample weights.
/// </summary>
/// <remarks>
/// <para>loss = Σᵢ wᵢ·(−ln p̂ᵢ,yᵢ) / Σᵢ wᵢ, where each probability is first clipped to [ε, 1 − ε] (ε =
/// 2⁻⁵² ≈ 2.2e-16, <c>np.finfo(np.float64).eps</c>, scikit-learn's <c>eps="auto"</c> for float64) and each
/// row then divided by its (clipped) sum, exactly scikit-learn's steps. Binary: one score p = P(y = 1), the
/// row is (1 − p, p). Binary targets are read as labels {0, 1} (scikit-learn's <c>labels=[0, 1]</c>), so a
/// batch or data set with one class is fine.</para>
/// <para>Multiclass rows must sum to 1 within 1e-6 (an error naming the sample otherwise) unless the metric is
/// created with <c>normalize</c> (spec <c>log_loss(normalize=1)</c>), which divides each row by its sum as
/// scikit-learn 1.2.1 does silently. <c>FromLogits</c>: sigmoid (binary) or softmax (multiclass) first.</para>
/// <para>Differs from ML.NET on purpose: ML.NET's binary LogLoss is in bits (log₂), Plumb's in nats, like
/// scikit-learn and Keras.</para>
/// <para>Binary, unweighted batches (float32 or float64 probabilities, any target type) take the SIMD product-of-mantissas
/// sum of <see cref="Kernels.LogLossKernel"/>: the same clipping, within ~1e-16·√n of a sum of n logarithms.</para>
/// <code>
/// double ll = LogLoss.Binary([1, 0], [0.9, 0.2]); // −(ln 0.9 + ln 0.8)/2 ≈ 0.164252
/// </code>
/// </remarks>
public sealed class LogLoss : SumMetric
{
    /// <summary>float64 machine epsilon, 2⁻⁵².</summary>
    public const double Float64Eps = 2.220446049250313e-16;

    /// <summary>Creates a log loss; <paramref name="normalize"/> accepts multiclass rows that do not sum to 1.</summary>
    public LogLoss(MetricOptions? options = null, bool normalize = false, double eps = Float64Eps) : base(options ?? new MetricOptions(), 2)
    {
        if (!(eps > 0 && eps < 0.5)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be in (0, 0.5)");
        Normalize = normalize;
        Eps = eps;
    }

    /// <summary>Multiclass rows that do not sum to 1 are renormalised instead of refused.</summary>
    public bool Normalize { get; }

    /// <summary>Clipping epsilon.</summary>
    public double Eps { get; }

    /// <inheritdoc />
    public override string Name => "log_loss";

    /// <summary>Binary log loss of 0/1 targets and probabilities (optional weights).</summary>
    public static double Binary(ReadOnlySpan<double> target, ReadOnlySpan<double> probability, ReadOnlySpan<double> weight = default)
    {
        var m = new LogLoss();
        m.Update(new MetricBatch(target, probability, 1, weight));
        return m.Compute();
    }

    /// <summary>Binary form for <c>int</c> 0/1 targets and <c>float</c> scores, read without copying (optional weights).</summary>
    public static double Binary(ReadOnlySpan<int> target, ReadOnlySpan<float> score, ReadOnlySpan<double> weight = default)
    {
        var m = new LogLoss();
        m.Update(new MetricBatch(target, score, 1, weight));
        return m.Compute();
    }

    private protected override bool SameSettings(SumMetric other) => other is LogLoss o && o.Normalize == Normalize && o.Eps == Eps;

    /// <inheritdoc />
    public override void Update(in MetricBatch batch)
    {
        int n = batch.Count;
        if (Options.Task == MetricTask.Binary && !Options.FromLogits && batch.Weight.IsEmpty && batch.Columns == 1 && n > 0
            && batch.TargetLength == n && Eps >= Kernels.LogLossKernel.MinimumEps && Kernels.LogLossKernel.TrySumBinary(batch, Eps, out double sumLn))
        {
            // SIMD: one pass over the given element types, no widening; a bad value falls through to the check below
            Sums[0] += -sumLn;
            Sums[1] += n;
            return;
        }
        int k = CheckProbabilityBatch(batch);
        Span<double> row = stackalloc double[Math.Max(k, 2)];
        if (Options.Task == MetricTask.Multiclass && !Normalize && !Options.FromLogits)
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += batch.Score[i * k + j];
                if (!(Math.Abs(sum - 1) <= 1e-6))
                    throw new ArgumentException($"log_loss: probabilities of sample {i} sum to {sum}, not 1 (use normalize to renormalise)");
            }
        double loss = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            int y = (int)batch.Target[i];
            scoped Span<double> r;
            if (Options.Task == MetricTask.Binary)
            {
                double p = batch.Score[i];
                if (Options.FromLogits) p = Transforms.Sigmoid(p);
                p = Math.Clamp(p, Eps, 1 - Eps);
                r = row[..2];
                r[0] = 1 - p;
                r[1] = p;
            }
            else
            {
                r = row[..k];
                batch.Score.Slice(i * k, k).CopyTo(r);
                if (Options.FromLogits) Transforms.FromLogits(r, MetricTask.Multiclass);
                for (int j = 0; j < k; j++) r[j] = Math.Clamp(r[j], Eps, 1 - Eps);
            }
            double s = 0;
            foreach (double v in r) s += v;
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            loss += w * -Math.Log(r[y] / s);
            total += w;
        }
        Sums[0] += loss;
        Sums[1] += total;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No samples (or zero total weight).</exception>
    public override double Compute() =>
        Sums[1] > 0 ? Sums[0] / Sums[1] : throw new InvalidOperationException("log_loss of no samples (or zero total weight) is undefined");
}
