using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>The compile settings as saved with the weights (JSON).</summary>
/// <param name="Optimizer">Optimizer spec (name and arguments), or the type name of an optimizer object.</param>
/// <param name="LearningRate">The learning rate at compile time.</param>
/// <param name="Loss">Loss spec that rebuilds the loss by name.</param>
/// <param name="Metrics">Metric specs / names.</param>
/// <param name="WeightedMetrics">Weighted metric specs / names.</param>
/// <param name="Validate">Whether Compile's checks were on.</param>
public sealed record CompileConfig(string Optimizer, double LearningRate, string Loss, IReadOnlyList<string> Metrics,
    IReadOnlyList<string> WeightedMetrics, bool Validate);

public sealed partial class Model
{
    /// <summary>
    /// Configures training: the optimizer (name/spec or object), the loss (name/spec or object), the metrics
    /// and the metrics that read sample / class weights.
    /// </summary>
    /// <param name="optimizer"><c>adam</c>, <c>adamw</c>, <c>sgd</c>, <c>rmsprop</c> with arguments
    /// (<c>sgd(momentum=0.9, nesterov=true)</c>), or a TorchSharp optimizer over <see cref="Module"/>'s parameters.</param>
    /// <param name="learningRate">Learning rate for a named optimizer (ignored for an object, which has its own).</param>
    /// <param name="loss">A <see cref="Losses.Loss"/> or a loss spec.</param>
    /// <param name="metrics">Registry specs (<c>"acc"</c>, <c>"f1"</c>, <c>"pr_auc"</c>) or factories; reported
    /// unweighted, under the spec text (factories: under the metric's name).</param>
    /// <param name="weightedMetrics">As <paramref name="metrics"/>, computed with sample and class weights; one that
    /// shares its key with a plain metric reports as <c>weighted_</c> + key.</param>
    /// <param name="validate">Refuse loss / metric / output combinations that give silently wrong numbers
    /// (<see cref="CompileCheckException"/>). False is the expert's opt-out.</param>
    /// <exception cref="CompileCheckException">A refused combination (see <see cref="CompileCheckException.Check"/>).</exception>
    public void Compile(OptimizerRef optimizer, double learningRate, LossRef loss, IEnumerable<MetricRef>? metrics = null,
        IEnumerable<MetricRef>? weightedMetrics = null, bool validate = true)
        => CompileCore(optimizer, learningRate, loss, metrics, weightedMetrics, validate);

    /// <summary>As the other overload, with the optimizer's default learning rate (Keras: 1e-3, SGD 0.01).</summary>
    public void Compile(OptimizerRef optimizer, LossRef loss, IEnumerable<MetricRef>? metrics = null,
        IEnumerable<MetricRef>? weightedMetrics = null, bool validate = true)
        => CompileCore(optimizer, null, loss, metrics, weightedMetrics, validate);

    /// <summary>As the main overload, with metric factories (<c>[() =&gt; new Accuracy(), () =&gt; new RocAuc()]</c>).
    /// To mix specs and factories in one list, write <c>(MetricRef)(() =&gt; new RocAuc())</c>.</summary>
    public void Compile(OptimizerRef optimizer, double learningRate, LossRef loss, IEnumerable<Func<IStreamingMetric>> metrics,
        IEnumerable<MetricRef>? weightedMetrics = null, bool validate = true)
        => CompileCore(optimizer, learningRate, loss, metrics?.Select(f => (MetricRef)f), weightedMetrics, validate);

    /// <summary>As the overload with the default learning rate, with metric factories.</summary>
    public void Compile(OptimizerRef optimizer, LossRef loss, IEnumerable<Func<IStreamingMetric>> metrics,
        IEnumerable<MetricRef>? weightedMetrics = null, bool validate = true)
        => CompileCore(optimizer, null, loss, metrics?.Select(f => (MetricRef)f), weightedMetrics, validate);

    /// <summary>The compile settings (null before Compile).</summary>
    public CompileConfig? Configuration => _config;

    private void CompileCore(OptimizerRef optimizer, double? learningRate, LossRef loss, IEnumerable<MetricRef>? metrics,
        IEnumerable<MetricRef>? weightedMetrics, bool validate)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        Loss lossObj = loss.Instance ?? LossRegistry.Create(loss.Spec!);
        var entries = new List<MetricEntry>();
        AddMetrics(entries, metrics, weighted: false);
        var weightedEntries = new List<MetricEntry>();
        AddMetrics(weightedEntries, weightedMetrics, weighted: true);
        // As Keras 2: a weighted metric that shares its name with a plain one reports as weighted_<name>.
        foreach (var w in weightedEntries)
            entries.Add(entries.Any(e => e.Key == w.Key) ? w with { Key = "weighted_" + w.Key } : w);
        var dup = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"metric '{dup.First().Spec?.Text ?? dup.Key}' is listed twice (as '{string.Join("' and '", dup.Select(e => e.Spec?.Text ?? e.Key))}', " +
                                        $"both logged as '{dup.Key}'); each metric needs its own report key", nameof(metrics));
        if (validate) CheckActivation(lossObj);

        optim.Optimizer opt;
        string optName;
        if (optimizer.Instance is { } o) { opt = o; optName = o.GetType().Name.ToLowerInvariant(); }
        else { opt = Optimizers.Create(optimizer.Spec!, Module.parameters(), learningRate); optName = optimizer.Spec!; }
        if (!ReferenceEquals(_optimizer, opt)) _optimizer?.Dispose();
        _optimizer = opt;
        _loss = lossObj;
        _metrics = entries;
        _validate = validate;
        _plan = null;
        _config = new CompileConfig(optName, Optimizers.GetLearningRate(opt), LossResolver.SpecOf(lossObj),
            [.. entries.Where(e => !e.Weighted).Select(e => e.Spec?.Canonical ?? e.Key)],
            [.. entries.Where(e => e.Weighted).Select(e => e.Spec?.Canonical ?? e.Key)], validate);
    }

    private static void AddMetrics(List<MetricEntry> entries, IEnumerable<MetricRef>? refs, bool weighted)
    {
        foreach (var r in refs ?? [])
        {
            ArgumentNullException.ThrowIfNull(r);
            if (r.Factory is { } f)
            {
                var probe = f();
                entries.Add(new MetricEntry(probe.Name, null, f, weighted, MetricRegistry.Describe(probe), probe.Direction));
                continue;
            }
            // Resolved once: an unknown name or argument fails here, at Compile, with a suggestion.
            MetricSpec spec;
            try { spec = MetricRegistry.Resolve(r.Spec!); }
            catch (ArgumentException e) { throw new ArgumentException(e.Message, "metrics", e); }
            if (spec.ArrayOf is { } what)
                throw new ArgumentException($"metric '{r.Spec}' gives one value per {what}, but the history logs one number per metric: " + what switch
                {
                    "threshold" => $"list one spec per threshold instead (e.g. {spec.Name}(thresholds=[0.3]), {spec.Name}(thresholds=[0.5]))",
                    "output" => $"use {spec.Name}(multioutput=uniform_average), or compute the per-output values from Predict with MetricRegistry.Create(\"{r.Spec}\")",
                    _ => $"use an averaged form (e.g. {spec.Name}(average=macro)), or compute the per-{what} values from Predict with MetricRegistry.Create(\"{r.Spec}\")",
                }, "metrics");
            entries.Add(new MetricEntry(spec.Key, spec, null, weighted, spec.Descriptor, spec.Descriptor.Direction));
        }
    }

    private void CheckActivation(Loss loss)
    {
        LossKind kind = LossResolver.KindOf(loss);
        bool fromLogits = LossResolver.FromLogits(loss);
        bool probabilityLoss = kind is LossKind.BinaryProbability or LossKind.CategoricalProbability or LossKind.Probability;
        string? act = OutputActivation;
        if (act is null) return; // unknown: the first batch's values are checked instead (OutputCheck)
        if (fromLogits && act is "sigmoid" or "softmax")
            throw new CompileCheckException("from_logits_on_probabilities",
                $"loss '{loss.Name}' has from_logits=true but the model's output goes through {act}: the loss would apply " +
                $"{(act == "softmax" ? "softmax" : "a sigmoid")} a second time to numbers that are already probabilities " +
                $"(in [0, 1]), which flattens the gradients and distorts the loss. Either remove the final {act} and keep " +
                "from_logits=true (more stable), or keep it and set from_logits=false");
        if (!fromLogits && probabilityLoss && Activations.LogProbabilityOutputs.Contains(act))
            throw new CompileCheckException("probability_loss_on_log_probabilities",
                $"loss '{loss.Name}' expects probabilities in [0, 1] but the model's output goes through {act}: its values are " +
                "log-probabilities (≤ 0), which the loss would treat as probabilities and train towards the wrong class. Use the loss " +
                "'nll' (negative log-likelihood, PyTorch's NLLLoss) on this output, or remove the final " + act + " and set from_logits=true");
        if (!fromLogits && probabilityLoss && !Activations.ProbabilityOutputs.Contains(act))
            throw new CompileCheckException("probability_loss_on_linear_output",
                $"loss '{loss.Name}' expects probabilities in [0, 1] but the model's output is {(act == "linear" ? "linear (unbounded)" : $"{act}, not a probability")}: values outside " +
                "[0, 1] are clipped and give no gradient. Add a sigmoid (binary, multilabel) or softmax (multiclass) output, " +
                $"or {(act == "linear" ? "keep the linear output" : $"remove the {act}")} and set from_logits=true on the loss");
        if (kind == LossKind.LogProbabilities && !Activations.LogProbabilityOutputs.Contains(act))
            throw new CompileCheckException("nll_on_non_log_probabilities",
                $"loss '{loss.Name}' reads log-probabilities but the model's output goes through {act}: end the model with " +
                "log_softmax, or use sparse_categorical_crossentropy (from_logits=true on a linear output)");
    }
}
