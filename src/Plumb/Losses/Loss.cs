using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>
/// A differentiable loss: per-sample values from <see cref="PerSample"/>, then sample weights (times class
/// weights where the loss has them) and a <see cref="LossReduction"/>. Subclasses implement one formula; this class
/// owns input checks, weighting and reduction. Non-decomposable losses (metric surrogates) derive from
/// <see cref="SurrogateLoss"/> and override <see cref="Call"/> instead.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>yPred</c> is [N] or [N, C]; each row is one sample. <c>yTrue</c> has the same shape, or
/// the same number of elements ([N] against [N, 1] and back), except for losses with class-index targets.
/// Per-sample values of multi-column inputs are the mean over the last axis (Keras), except the categorical
/// and distribution losses, which sum over classes.</para>
/// <para>Computation happens in <c>yPred</c>'s dtype (float32 or float64); targets are cast to it.</para>
/// <para>Bad input (shape mismatch, targets outside the loss's domain, negative weights) throws
/// <see cref="ArgumentException"/> naming the loss, the argument and the offending value.</para>
/// </remarks>
public abstract class Loss
{
    /// <summary>Creates a loss with a reduction.</summary>
    protected Loss(LossReduction reduction = LossReduction.SumOverBatchSize) => Reduction = reduction;

    /// <summary>Registry name, e.g. <c>binary_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How per-sample values are reduced.</summary>
    public LossReduction Reduction { get; }

    /// <summary>
    /// The spec this loss was created from by <see cref="LossRegistry.Create(string, bool)"/> (e.g.
    /// <c>huber(delta=1.5)</c>), so a saved model rebuilds it with its arguments; null for a loss built with
    /// its constructor.
    /// </summary>
    public string? Spec { get; internal set; }

    /// <summary>
    /// True when the loss is a mean of per-sample terms (it then has <see cref="PerSample"/>); false for
    /// surrogates whose value is defined over the whole batch.
    /// </summary>
    public virtual bool IsDecomposable => true;

    /// <summary>
    /// Whether <see cref="Call"/> checks shapes and target domains (one reduction over the targets per batch).
    /// On by default; turn it off only in a loop whose data was checked once up front.
    /// </summary>
    public bool CheckInputs { get; init; } = true;

    /// <summary>Per-sample loss ℓᵢ, a tensor of shape [N]. Does not check its input: see <see cref="Validate"/>.</summary>
    public abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced, weighted loss (shape [] or, with <see cref="LossReduction.None"/>, [N]).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions (probabilities, logits or values, as the loss documents).</param>
    /// <param name="sampleWeight">Optional non-negative weight per sample, shape [N] or [N, 1].</param>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (CheckInputs) Validate(yTrue, yPred, sampleWeight);
        return Compute(yTrue, yPred, sampleWeight);
    }

    /// <summary>
    /// <see cref="Call"/> without the input checks, for a caller that validated all its data once at the
    /// boundary (the training loop validates the whole target tensor before the first step).
    /// </summary>
    internal Tensor CallValidated(Tensor yTrue, Tensor yPred, Tensor? sampleWeight) => Compute(yTrue, yPred, sampleWeight);

    /// <summary>The reduced, weighted loss of inputs already validated (see <see cref="Call"/>).</summary>
    protected virtual Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        using var scope = NewDisposeScope();
        yTrue = AlignTarget(yTrue, yPred);
        Tensor l = PerSample(yTrue, yPred);
        Tensor? w = CombineWeights(yTrue, l, sampleWeight);
        return Reduce(l, w).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Checks shapes, the target domain and the weights once, at the boundary.
    /// </summary>
    /// <exception cref="ArgumentException">Names the loss, the argument and the value.</exception>
    public void Validate(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (yPred.dim() == 0) throw Bad("y_pred", "must have at least one dimension (samples), got a scalar");
        CheckShapes(yTrue, yPred);
        long n = yPred.shape[0];
        if (sampleWeight is not null)
        {
            if (sampleWeight.numel() != n)
                throw Bad("sample_weight", $"has {sampleWeight.numel()} elements but there are {n} samples");
            if (sampleWeight.numel() > 0)
            {
                double min = sampleWeight.min().to_type(ScalarType.Float64).item<double>();
                if (!(min >= 0)) throw Bad("sample_weight", $"must be non-negative, got {Fmt(min)}");
            }
        }
        if (yTrue.numel() > 0) CheckDomain(AlignTarget(yTrue, yPred), yPred);
    }

    /// <summary>Shape check; the default wants the same number of elements as <c>yPred</c> with matching rows.</summary>
    protected virtual void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        bool ok = yTrue.numel() == yPred.numel() && (yTrue.dim() > 0 && yTrue.shape[0] == yPred.shape[0]);
        if (!ok) throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)}");
    }

    /// <summary>Target-domain check, e.g. 0/1 for cross-entropy. Default: no constraint.</summary>
    protected virtual void CheckDomain(Tensor yTrue, Tensor yPred) { }

    /// <summary>Reshapes a target with the same elements as <c>yPred</c> to <c>yPred</c>'s shape ([N] ↔ [N, 1]).</summary>
    protected virtual Tensor AlignTarget(Tensor yTrue, Tensor yPred) =>
        yTrue.dim() != yPred.dim() && yTrue.numel() == yPred.numel() ? yTrue.reshape(yPred.shape) : yTrue;

    /// <summary>Per-sample class weights (shape [N]) for losses that have them, else null.</summary>
    protected virtual Tensor? ClassWeightOf(Tensor yTrue, Tensor perSample) => null;

    /// <summary>Σwᵢℓᵢ and Σwᵢ over a batch without gradient (w: sample × class weights, 1 when absent), for <see cref="LossMetric"/>.</summary>
    internal (double WeightedSum, double WeightSum) SumAndWeight(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        if (CheckInputs) Validate(yTrue, yPred, sampleWeight);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        yTrue = AlignTarget(yTrue, yPred);
        Tensor l = PerSample(yTrue, yPred);
        Tensor? w = CombineWeights(yTrue, l, sampleWeight);
        return w is null
            ? (l.sum().to_type(ScalarType.Float64).item<double>(), l.shape[0])
            : ((l * w).sum().to_type(ScalarType.Float64).item<double>(), w.sum().to_type(ScalarType.Float64).item<double>());
    }

    private Tensor? CombineWeights(Tensor yTrue, Tensor perSample, Tensor? sampleWeight)
    {
        Tensor? cw = ClassWeightOf(yTrue, perSample);
        Tensor? sw = sampleWeight?.reshape(-1).to_type(perSample.dtype);
        return (cw, sw) switch
        {
            (null, null) => null,
            (null, _) => sw,
            (_, null) => cw,
            _ => cw! * sw!,
        };
    }

    /// <summary>Applies weights (already combined, shape [N]) and the reduction to per-sample values.</summary>
    protected Tensor Reduce(Tensor perSample, Tensor? weight)
    {
        Tensor wl = weight is null ? perSample : perSample * weight.to_type(perSample.dtype);
        return Reduction switch
        {
            LossReduction.SumOverBatchSize => perSample.shape[0] == 0 ? wl.sum() : wl.sum() / perSample.shape[0],
            LossReduction.MeanWithSampleWeight => weight is null
                ? (perSample.shape[0] == 0 ? wl.sum() : wl.mean())
                : wl.sum() / weight.to_type(perSample.dtype).sum().clamp_min(double.Epsilon),
            LossReduction.Sum => wl.sum(),
            _ => wl,
        };
    }

    /// <summary>Reduces a [N] or [N, C] elementwise loss to per-sample values: mean over the last axis.</summary>
    protected static Tensor MeanLastAxis(Tensor l) => l.dim() > 1 ? l.mean([-1]) : l;

    /// <summary>An <see cref="ArgumentException"/> that names this loss, the argument and the value.</summary>
    protected ArgumentException Bad(string argument, string what) => new($"loss '{Name}': {argument} {what}", argument);

    /// <summary>Throws unless every target lies in [lo, hi] (one fused min/max pass).</summary>
    protected void RequireRange(Tensor yTrue, double lo, double hi, string domain)
    {
        using var _ = no_grad();
        var (mn, mx) = yTrue.aminmax();
        double min = mn.to_type(ScalarType.Float64).item<double>(), max = mx.to_type(ScalarType.Float64).item<double>();
        mn.Dispose();
        mx.Dispose();
        if (double.IsNaN(min) || double.IsNaN(max)) throw Bad("y_true", "contains NaN");
        if (min < lo) throw Bad("y_true", $"must be {domain}, got {Fmt(min)}");
        if (max > hi) throw Bad("y_true", $"must be {domain}, got {Fmt(max)}");
    }

    /// <summary>Throws unless every target is an integer in [lo, hi] (e.g. 0/1 labels, −1/0/+1 signs).</summary>
    protected void RequireIntegers(Tensor yTrue, double lo, double hi, string domain)
    {
        RequireRange(yTrue, lo, hi, domain);
        if (!yTrue.is_floating_point()) return;
        using var _ = no_grad();
        using var frac = yTrue.frac();
        using (var count = frac.count_nonzero()) if (count.item<long>() == 0) return;
        using var bad = frac.ne(0);
        using var idx = bad.reshape(-1).nonzero();
        using var flat = yTrue.reshape(-1);
        double v = flat[idx[0][0]].to_type(ScalarType.Float64).item<double>();
        throw Bad("y_true", $"must be {domain}, got {Fmt(v)}");
    }

    /// <summary>Formats a value for messages (invariant culture, round-trippable).</summary>
    protected static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"[4, 3]".</summary>
    protected static string ShapeText(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
