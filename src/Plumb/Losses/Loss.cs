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
/// <para>Shapes (Keras 3): <c>yPred</c> is [N], [N, C] or any rank [N, d₁, …, C] (sequences [B, T, C],
/// images [B, H, W, C]); the last axis is the class / feature axis. <c>yTrue</c> has the same shape, or the same
/// shape up to one trailing axis of size 1 ([N] against [N, 1], [B, T] against [B, T, 1]), except for losses with
/// class-index targets (<see cref="SparseCategoricalCrossentropy"/>: [B, …] indices against [B, …, K] scores).
/// Per-element values are the mean over the last axis (Keras), except the categorical and distribution losses,
/// which sum over classes; so the per-element loss has <c>yPred</c>'s shape without its last axis ([N] for
/// [N] or [N, C], [B, T] for [B, T, C]).</para>
/// <para>Reduction over all remaining elements: <see cref="LossReduction.SumOverBatchSize"/> divides Σwℓ by the
/// number of per-element values (B·T for sequences, B·H·W for images), as Keras does — not by the number of
/// rows. <c>sampleWeight</c> is a scalar, per sample [N] (or [N, 1]), or per element [B, T] / [B, H, W] (or
/// with a trailing 1): it is broadcast from the left (a per-sample weight applies to every timestep or pixel of
/// its sample). Any other shape is refused with both shapes in the message.</para>
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

    /// <summary>
    /// Per-element loss: shape [N] for [N] or [N, C] predictions, <c>yPred</c>'s shape without its last axis for
    /// rank &gt; 2 ([B, T] for [B, T, C]). Does not check its input: see <see cref="Validate"/>.
    /// </summary>
    public abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced, weighted loss (shape [] or, with <see cref="LossReduction.None"/>, the per-element shape).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions (probabilities, logits or values, as the loss documents).</param>
    /// <param name="sampleWeight">Optional non-negative weights: a scalar, one per sample ([N] or [N, 1]) or one per
    /// element ([B, T] for [B, T, C] predictions, [B, H, W] for images), broadcast from the left.</param>
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
        if (sampleWeight is not null)
        {
            long[] values = ElementShape(yTrue, yPred);
            if (AlignWeight(sampleWeight, values) is null)
                throw Bad("sample_weight", $"shape {ShapeText(sampleWeight)} does not broadcast to the per-element loss shape {ShapeText(values)} " +
                    $"(y_pred {ShapeText(yPred)}): give a scalar, one weight per sample [{values[0]}] or one per element {ShapeText(values)}");
            if (sampleWeight.numel() > 0)
            {
                double min = sampleWeight.min().to_type(ScalarType.Float64).item<double>();
                if (!(min >= 0)) throw Bad("sample_weight", $"must be non-negative, got {Fmt(min)}");
            }
        }
        if (yTrue.numel() > 0) CheckDomain(AlignTarget(yTrue, yPred), yPred);
    }

    /// <summary>
    /// The shape of the per-element loss for these inputs (what <see cref="PerSample"/> returns and what sample
    /// weights broadcast to): <c>yPred</c>'s shape without its last axis, [N] for [N] or [N, C].
    /// </summary>
    protected virtual long[] ElementShape(Tensor yTrue, Tensor yPred) =>
        yPred.dim() <= 1 ? [.. yPred.shape] : yPred.shape[..^1];

    /// <summary>
    /// <paramref name="weight"/> reshaped to broadcast against per-element values of shape
    /// <paramref name="values"/> from the left (trailing unit axes appended), or null when it cannot: a scalar;
    /// a shape that equals a leading part of <paramref name="values"/>, optionally with one extra trailing 1.
    /// </summary>
    internal static Tensor? AlignWeight(Tensor weight, long[] values)
    {
        if (weight.dim() == 0) return weight;
        long[] w = weight.shape;
        if (w.Length == values.Length + 1 && w[^1] == 1) w = w[..^1];
        if (w.Length > values.Length) return null;
        for (int i = 0; i < w.Length; i++) if (w[i] != values[i]) return null;
        long[] shape = [.. w, .. Enumerable.Repeat(1L, values.Length - w.Length)];
        return weight.shape.SequenceEqual(shape) ? weight : weight.reshape(shape);
    }

    /// <summary>
    /// Shape check; the default wants <c>yPred</c>'s shape, up to one trailing axis of size 1 on either side
    /// (Keras' squeeze-or-expand rule).
    /// </summary>
    protected virtual void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (!SameUpToTrailingOne(yTrue.shape, yPred.shape))
            throw Bad("y_true", $"shape {ShapeText(yTrue)} does not match y_pred shape {ShapeText(yPred)}");
    }

    /// <summary>Target-domain check, e.g. 0/1 for cross-entropy. Default: no constraint.</summary>
    protected virtual void CheckDomain(Tensor yTrue, Tensor yPred) { }

    /// <summary>Gives a target <c>yPred</c>'s shape when it differs by a trailing axis of size 1 ([N] ↔ [N, 1], [B, T] ↔ [B, T, 1]).</summary>
    protected virtual Tensor AlignTarget(Tensor yTrue, Tensor yPred) =>
        yTrue.dim() != yPred.dim() && yTrue.numel() == yPred.numel() ? yTrue.reshape(yPred.shape) : yTrue;

    /// <summary>Equal shapes, or equal after dropping one trailing axis of size 1 from the longer.</summary>
    protected static bool SameUpToTrailingOne(long[] a, long[] b)
    {
        if (a.Length == b.Length + 1 && a[^1] == 1) a = a[..^1];
        else if (b.Length == a.Length + 1 && b[^1] == 1) b = b[..^1];
        return a.SequenceEqual(b);
    }

    /// <summary>Per-element class weights (the per-element shape) for losses that have them, else null.</summary>
    protected virtual Tensor? ClassWeightOf(Tensor yTrue, Tensor perSample) => null;

    /// <summary>
    /// Σwᵢℓᵢ and Σwᵢ over a batch without gradient (w: sample × class weights, 1 when absent), for
    /// <see cref="LossMetric"/>: terms in <c>yPred</c>'s dtype, sums in float64.
    /// </summary>
    internal (double WeightedSum, double WeightSum) SumAndWeight(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        if (CheckInputs) Validate(yTrue, yPred, sampleWeight);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        yTrue = AlignTarget(yTrue, yPred);
        Tensor l = PerSample(yTrue, yPred);
        Tensor? w = CombineWeights(yTrue, l, sampleWeight);
        return w is null
            ? (l.to_type(ScalarType.Float64).sum().item<double>(), l.numel())
            : ((l * w).to_type(ScalarType.Float64).sum().item<double>(), BroadcastSum(w.to_type(ScalarType.Float64), l).item<double>());
    }

    private Tensor? CombineWeights(Tensor yTrue, Tensor perElement, Tensor? sampleWeight)
    {
        Tensor? cw = ClassWeightOf(yTrue, perElement);
        Tensor? sw = sampleWeight is null ? null
            : (AlignWeight(sampleWeight, perElement.shape) ?? sampleWeight.reshape(-1)).to_type(perElement.dtype);
        return (cw, sw) switch
        {
            (null, null) => null,
            (null, _) => sw,
            (_, null) => cw,
            _ => cw! * sw!,
        };
    }

    /// <summary>Σ of <paramref name="weight"/> broadcast to <paramref name="values"/>' shape, without materialising it.</summary>
    private protected static Tensor BroadcastSum(Tensor weight, Tensor values) =>
        weight.numel() == values.numel() ? weight.sum() : weight.sum() * ((double)values.numel() / Math.Max(1, weight.numel()));

    /// <summary>
    /// Applies weights (already combined and broadcastable to the per-element shape) and the reduction: the
    /// means divide by the number of per-element values (or their total weight), not by the number of rows.
    /// </summary>
    protected Tensor Reduce(Tensor perElement, Tensor? weight)
    {
        Tensor? w = weight?.to_type(perElement.dtype);
        Tensor wl = w is null ? perElement : perElement * w;
        long count = perElement.numel();
        return Reduction switch
        {
            LossReduction.SumOverBatchSize => count == 0 ? wl.sum() : wl.sum() / count,
            LossReduction.MeanWithSampleWeight => w is null
                ? (count == 0 ? wl.sum() : wl.mean())
                : wl.sum() / BroadcastSum(w, perElement).clamp_min(double.Epsilon),
            LossReduction.Sum => wl.sum(),
            _ => wl,
        };
    }

    /// <summary>Reduces an elementwise loss to per-element values: mean over the last axis ([N] stays [N]).</summary>
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
    protected static string ShapeText(Tensor t) => ShapeText(t.shape);

    /// <summary>"[4, 3]" from a shape.</summary>
    protected static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
