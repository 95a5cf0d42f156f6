using Plumb.Metrics;

namespace Plumb.Losses;

/// <summary>
/// Every loss by name: one <see cref="LossDescriptor"/> per loss. Creates losses from specs like
/// <c>huber(delta=1.5)</c> or <c>focal(gamma=2, alpha=0.25)</c> (resolved once into a <see cref="LossSpec"/>), lists
/// the descriptors for <c>plumb losses</c>, and registers each loss as a metric in <see cref="MetricRegistry"/>.
/// </summary>
/// <remarks>
/// <para>Names are case-insensitive, '-' reads as '_', and Keras' names are aliases (<c>mse</c> /
/// <c>mean_squared_error</c>, <c>bce</c> / <c>binary_crossentropy</c>, …). An unknown name or argument suggests the
/// closest known one. Every loss takes <c>reduction=sum_over_batch_size|mean_with_sample_weight|sum|none</c>
/// (surrogates excepted); list arguments separate values with '|': <c>class_weights=1|4|2</c>. A user's own loss
/// joins with <see cref="Register"/>, or is passed to <c>Model.Load</c> as a custom object.</para>
/// <code>
/// Loss loss = LossRegistry.Create("huber(delta=1.5)");
/// IStreamingMetric m = LossRegistry.CreateMetric("focal(gamma=2)");
/// </code>
/// </remarks>
public static class LossRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<LossDescriptor> Catalogue = [.. Build()];
    private static readonly Dictionary<string, LossDescriptor> ByName = Index(Catalogue);
    private static bool _registered;

    /// <summary>Every loss, in catalogue order (regression, classification, imbalance, surrogates, then registered ones).</summary>
    public static IReadOnlyList<LossDescriptor> Descriptors { get { lock (Gate) return [.. Catalogue]; } }

    /// <summary>Canonical names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names => [.. Descriptors.Select(i => i.Name)];

    /// <summary>The descriptor for a name or alias, or null.</summary>
    public static LossDescriptor? Find(string name)
    {
        lock (Gate) return ByName.GetValueOrDefault(SpecSyntax.NormalizeName(name));
    }

    /// <summary>
    /// Registers (or replaces) a loss under its descriptor, so that specs, <c>Compile</c>, saved models and
    /// <c>plumb eval --metrics</c> accept it by name.
    /// </summary>
    /// <exception cref="ArgumentException">A name or alias that another loss owns, or an incomplete descriptor.</exception>
    public static void Register(LossDescriptor descriptor, Func<LossSpec, Loss> factory)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.IsNullOrWhiteSpace(descriptor.Name) || SpecSyntax.NormalizeName(descriptor.Name) != descriptor.Name)
            throw new ArgumentException($"loss descriptor: name '{descriptor.Name}' must be lower-case snake_case", nameof(descriptor));
        var entry = descriptor with { Factory = a => factory(a.Spec) };
        lock (Gate)
        {
            foreach (string n in descriptor.Aliases.Prepend(descriptor.Name))
                if (ByName.TryGetValue(SpecSyntax.NormalizeName(n), out var owner) && owner.Name != descriptor.Name)
                    throw new ArgumentException($"loss name '{n}' already belongs to '{owner.Name}'", nameof(descriptor));
            Catalogue.RemoveAll(d => d.Name == descriptor.Name);
            Catalogue.Add(entry);
            foreach (string key in ByName.Where(kv => kv.Value.Name == descriptor.Name).Select(kv => kv.Key).ToList()) ByName.Remove(key);
            foreach (string n in descriptor.Aliases.Prepend(descriptor.Name)) ByName[SpecSyntax.NormalizeName(n)] = entry;
            if (_registered && (MetricRegistry.Find(descriptor.Name) is null || MetricRegistry.Find(descriptor.Name)!.Family == MetricFamily.Loss))
                MetricRegistry.Register(entry.AsMetric(), (spec, options) => CreateMetric(spec, options));
        }
    }

    /// <summary>Resolves a spec's text: name or alias, arguments checked and typed against the descriptor.</summary>
    /// <exception cref="ArgumentException">Malformed spec, unknown name or argument (with a suggestion), or a bad value.</exception>
    public static LossSpec Resolve(string spec)
    {
        SpecSyntax syntax;
        try { syntax = SpecSyntax.Parse(spec, "loss"); }
        catch (FormatException e) { throw new ArgumentException(e.Message, e); }
        LossDescriptor d = Find(syntax.Name) ?? throw new ArgumentException(UnknownMessage(syntax.Name));
        return new LossSpec(d, MetricRegistry.Bind(d.AsMetric(), syntax, "loss"));
    }

    /// <summary>Creates a loss from a spec.</summary>
    /// <param name="spec">E.g. <c>bce</c>, <c>huber(delta=1.5)</c>, <c>sparse_categorical_crossentropy(from_logits=true, ignore_index=-100)</c>.</param>
    /// <param name="fromLogits">Default for <c>from_logits</c> where the spec does not set it.</param>
    /// <exception cref="ArgumentException">Malformed spec, unknown name (with a suggestion), unknown or bad argument.</exception>
    public static Loss Create(string spec, bool fromLogits = false) => Create(Resolve(spec), fromLogits);

    /// <summary>Creates a loss from a resolved spec.</summary>
    /// <exception cref="ArgumentException">A bad argument combination.</exception>
    public static Loss Create(LossSpec spec, bool fromLogits = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (fromLogits && !spec.Has("from_logits") && spec.Descriptor.Argument("from_logits") is not null) spec = spec.With("from_logits", "true");
        Loss loss = spec.Descriptor.Factory(new LossArgs(spec));
        loss.Spec = spec.Canonical;
        return loss;
    }

    /// <summary>Creates the metric view of a loss (see <see cref="LossMetric"/>).</summary>
    public static LossMetric CreateMetric(string spec, MetricOptions? options = null) => CreateMetric(Resolve(spec).Bound, options ?? new MetricOptions());

    private static LossMetric CreateMetric(MetricSpec spec, MetricOptions options)
    {
        LossDescriptor d = Find(spec.Name) ?? throw new ArgumentException(UnknownMessage(spec.Name));
        // "focal" names both focal losses: the task picks which.
        if (d.Name == "binary_focal_crossentropy" && options.Task == MetricTask.Multiclass) d = Find("categorical_focal_crossentropy")!;
        var resolved = new LossSpec(d, MetricRegistry.Bind(d.AsMetric(), SpecSyntax.Parse(spec.Canonical, "loss"), "loss"));
        if (options.FromLogits && !resolved.Has("from_logits") && d.Argument("from_logits") is not null) resolved = resolved.With("from_logits", "true");
        return new LossMetric(d.Factory(new LossArgs(resolved)), d.Name, d.Target);
    }

    /// <summary>
    /// Registers every loss in <see cref="MetricRegistry"/> under its descriptor, so that
    /// <c>plumb eval --metrics "huber(delta=1.5)"</c> and the training loop's monitors accept losses. Names and
    /// aliases Plumb.Metrics already defines (<c>mse</c>, <c>mae</c>, <c>mape</c>, <c>msle</c>, <c>log_loss</c>,
    /// <c>pinball</c>, …) stay with the metric — they are the same quantity. Idempotent; runs when Plumb loads.
    /// </summary>
    /// <returns>The names registered by this call (empty when already registered).</returns>
    public static IReadOnlyList<string> RegisterAsMetrics()
    {
        lock (Gate)
        {
            if (_registered) return [];
            var added = new List<string>();
            foreach (LossDescriptor d in Catalogue)
            {
                if (MetricRegistry.Find(d.Name) is not null) continue;
                MetricRegistry.Register(d.AsMetric(), (spec, options) => CreateMetric(spec, options));
                added.Add(d.Name);
            }
            _registered = true;
            return added;
        }
    }

    /// <summary>"unknown loss 'x'; did you mean 'y'?"</summary>
    public static string UnknownMessage(string name)
    {
        string? best = Suggest(name);
        return best is null
            ? $"unknown loss '{name}': not one of Plumb's losses (LossRegistry.Descriptors) nor a registered one (LossRegistry.Register)"
            : $"unknown loss '{name}'; did you mean '{best}'?";
    }

    /// <summary>The known name or alias closest to <paramref name="name"/> by edit distance, if close enough.</summary>
    public static string? Suggest(string name)
    {
        lock (Gate) return NameSuggestion.Closest(SpecSyntax.NormalizeName(name), ByName.Keys.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, LossDescriptor> Index(IEnumerable<LossDescriptor> catalogue)
    {
        var d = new Dictionary<string, LossDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (LossDescriptor i in catalogue)
        {
            d.Add(i.Name, i);
            foreach (string a in i.Aliases) d.Add(a, i);
        }
        return d;
    }

    private static LossDescriptor[] Build()
    {
        const LossCategory Reg = LossCategory.Regression, Cls = LossCategory.Classification, Imb = LossCategory.Imbalance, Sur = LossCategory.MetricSurrogate,
            Rnk = LossCategory.Ranking;
        const string Real = "real", Scores = "real scores (margins)";
        const string Relevance = "graded relevance ≥ 0, −1 padding [Q, L]", ListScores = "scores [Q, L]";
        ArgumentSchema RankGain = ArgumentSchema.Choice("gain", "gain of a relevance grade: exponential 2^y − 1 or linear y", "exponential", "exponential", "linear");
        ArgumentSchema Red = ArgumentSchema.Choice("reduction", "how per-sample values are reduced", "sum_over_batch_size",
            "sum_over_batch_size", "mean_with_sample_weight", "sum", "none");
        ArgumentSchema Logits = ArgumentSchema.Flag("from_logits", "predictions are logits: the loss applies the sigmoid/softmax itself");
        ArgumentSchema Smooth = ArgumentSchema.Number("label_smoothing", "targets pulled towards uniform by this much", 0, 0, 1);
        ArgumentSchema ClassWeights = ArgumentSchema.NumberList("class_weights", "one weight per class, '|'-separated (1|4|2)");
        ArgumentSchema Macro = ArgumentSchema.Flag("macro", "average the surrogate over columns instead of pooling them");
        static ArgumentSchema Num(string name, string doc, double? def, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
            ArgumentSchema.Number(name, doc, def, min, max);
        return
        [
            new LossDescriptor("mse", ["mean_squared_error"], Reg, "mean (y − ŷ)²", Real, Real,
                "regression, Gaussian noise; penalises large errors", [Red], LossTarget.Values, LossPlotInput.Error, "mse", LossKind.Regression)
                { Factory = a => new MeanSquaredError(a.Reduction()) },
            new LossDescriptor("mae", ["mean_absolute_error"], Reg, "mean |y − ŷ|", Real, Real,
                "regression robust to outliers (median)", [Red], LossTarget.Values, LossPlotInput.Error, "mae", LossKind.Regression)
                { Factory = a => new MeanAbsoluteError(a.Reduction()) },
            new LossDescriptor("huber", ["huber_loss"], Reg, "½e² if |e| ≤ δ else δ(|e| − ½δ); δ = 1", Real, Real,
                "regression with some outliers; quadratic near 0", [Num("delta", "threshold between the quadratic and linear parts", 1, 0), Red], LossTarget.Values, LossPlotInput.Error, "huber", LossKind.Regression)
                { Factory = a => new Huber(a.Number("delta"), a.Reduction()) },
            new LossDescriptor("log_cosh", ["logcosh"], Reg, "mean log cosh(ŷ − y)", Real, Real,
                "regression; smooth Huber-like, twice differentiable", [Red], LossTarget.Values, LossPlotInput.Error, "log_cosh", LossKind.Regression)
                { Factory = a => new LogCosh(a.Reduction()) },
            new LossDescriptor("quantile", ["pinball", "pinball_loss", "quantile_loss"], Reg, "α·max(y−ŷ,0) + (1−α)·max(ŷ−y,0); α = 0.5", Real, Real,
                "quantile regression, prediction intervals", [Num("alpha", "the quantile", 0.5, 0, 1), Red], LossTarget.Values, LossPlotInput.Error, "quantile(alpha=0.9)", LossKind.Regression)
                { Factory = a => new Quantile(a.Number("alpha"), a.Reduction()) },
            new LossDescriptor("msle", ["mean_squared_logarithmic_error"], Reg, "mean (log(1+y) − log(1+max(ŷ,0)))²", "y ≥ 0", "ŷ ≥ 0",
                "positive targets over orders of magnitude; relative error", [Red], LossTarget.Values, LossPlotInput.ErrorNonNegative, "msle", LossKind.Regression)
                { Factory = a => new MeanSquaredLogarithmicError(a.Reduction()) },
            new LossDescriptor("mape", ["mean_absolute_percentage_error"], Reg, "mean |y − ŷ| / max(|y|, ε) (a fraction, not %)", "y ≠ 0", Real,
                "forecasting judged by relative error; targets away from 0", [Red], LossTarget.Values, LossPlotInput.Error, "mape", LossKind.Regression)
                { Factory = a => new MeanAbsolutePercentageError(a.Reduction()) },
            new LossDescriptor("poisson", [], Reg, "mean ŷ − y·log(ŷ + ε)", "counts y ≥ 0", "rate ŷ ≥ 0",
                "count regression with a rate output (softplus/exp)", [Red], LossTarget.Values, LossPlotInput.ErrorNonNegative, "poisson", LossKind.Regression)
                { Factory = a => new Poisson(a.Reduction()) },
            new LossDescriptor("cosine_similarity", ["cosine", "cosine_proximity"], Reg, "−(y·ŷ)/(‖y‖‖ŷ‖) per row, in [−1, 1]", "vectors", "vectors",
                "embeddings, directions; scale-free", [Red], LossTarget.Values, LossPlotInput.Angle, "cosine_similarity", LossKind.Regression)
                { Factory = a => new CosineSimilarity(a.Reduction()) },
            new LossDescriptor("tweedie", ["tweedie_loss"], Reg, "Tweedie unit deviance, power ρ = 1.5", "y ≥ 0 (y > 0 for ρ ≥ 2)", "mean ŷ > 0",
                "zero-inflated positive amounts (claims, sales)", [Num("power", "Tweedie power ρ", 1.5), Red], LossTarget.Values, LossPlotInput.ErrorNonNegative, "tweedie", LossKind.Regression)
                { Factory = a => new Tweedie(a.Number("power"), a.Reduction()) },

            new LossDescriptor("binary_crossentropy", ["bce", "log_loss", "binary_cross_entropy"], Cls, "−[w₊·y·log p + (1−y)·log(1−p)]", "y in [0, 1]", "p in [0, 1] or logits",
                "binary and multilabel classification", [Logits, Smooth, Red, Num("pos_weight", "weight of the positive term (PyTorch's pos_weight)", 1, 0)], LossTarget.Values, LossPlotInput.Margin, "binary_crossentropy(from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new BinaryCrossentropy(a.FromLogits(), a.Number("label_smoothing"), a.Reduction(), a.Number("pos_weight")) },
            new LossDescriptor("categorical_crossentropy", ["cce", "categorical_cross_entropy"], Cls, "−Σ_c y_c·log p_c", "one-hot rows", "probabilities or logits [N, K]",
                "multiclass classification with one-hot targets", [Logits, Smooth, Red, ClassWeights], LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_crossentropy(from_logits=true)", LossKind.CategoricalProbability)
                { Factory = a => new CategoricalCrossentropy(a.FromLogits(), a.Number("label_smoothing"), a.Reduction(), a.Numbers("class_weights")) },
            new LossDescriptor("sparse_categorical_crossentropy", ["scce", "sparse_categorical_cross_entropy"], Cls, "−log p_y", "class index in [0, K)", "probabilities or logits [N, K]",
                "multiclass classification with integer labels", [Logits, ArgumentSchema.Integer("ignore_index", "targets equal to it weigh 0 (PyTorch's ignore_index)"), ClassWeights, Red], LossTarget.ClassIndex, LossPlotInput.TwoClassMargin, "sparse_categorical_crossentropy(from_logits=true)", LossKind.CategoricalProbability)
                { Factory = a => new SparseCategoricalCrossentropy(a.FromLogits(), a.OptionalInteger("ignore_index"), a.Reduction(), a.Numbers("class_weights")) },
            new LossDescriptor("nll", ["nll_loss", "negative_log_likelihood"], Cls, "−z_y (z: log-probabilities); PyTorch's NLLLoss", "class index in [0, K)", "log-probabilities [N, K] (log_softmax)",
                "multiclass classification with a log_softmax output", [ArgumentSchema.Integer("ignore_index", "targets equal to it weigh 0", NegativeLogLikelihood.DefaultIgnoreIndex), ClassWeights,
                    ArgumentSchema.Choice("reduction", "how per-sample values are reduced (PyTorch's mean: Σwℓ / Σw)", "mean_with_sample_weight", "sum_over_batch_size", "mean_with_sample_weight", "sum", "none")],
                LossTarget.ClassIndex, LossPlotInput.TwoClassLogProbability, "nll", LossKind.LogProbabilities)
                { Factory = a => new NegativeLogLikelihood(a.OptionalInteger("ignore_index"), a.Reduction(), a.Numbers("class_weights")) },
            new LossDescriptor("hinge", [], Cls, "max(0, 1 − y·f), y ∈ {−1, +1}", "0/1 or −1/+1", Scores,
                "max-margin (SVM) binary classification", [Red], LossTarget.Values, LossPlotInput.Margin, "hinge", LossKind.Margin)
                { Factory = a => new Hinge(a.Reduction()) },
            new LossDescriptor("squared_hinge", [], Cls, "max(0, 1 − y·f)²", "0/1 or −1/+1", Scores,
                "L2-SVM; smooth at the margin", [Red], LossTarget.Values, LossPlotInput.Margin, "squared_hinge", LossKind.Margin)
                { Factory = a => new SquaredHinge(a.Reduction()) },
            new LossDescriptor("categorical_hinge", [], Cls, "max(0, 1 + max_c (1−y_c)f_c − Σ_c y_c f_c)", "one-hot rows", "scores [N, K]",
                "multiclass max-margin", [Red], LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_hinge", LossKind.Margin)
                { Factory = a => new CategoricalHinge(a.Reduction()) },
            new LossDescriptor("exponential", ["exponential_loss"], Cls, "e^(−y·f), y ∈ {−1, +1}", "0/1 or −1/+1", Scores,
                "boosting (AdaBoost); very outlier-sensitive", [Red], LossTarget.Values, LossPlotInput.Margin, "exponential", LossKind.Margin)
                { Factory = a => new Exponential(a.Reduction()) },
            new LossDescriptor("kl_divergence", ["kld", "kullback_leibler_divergence", "kl_div"], Cls, "Σ_c y_c·log(y_c / p_c)", "probability rows", "probability rows",
                "distillation, matching distributions", [Red], LossTarget.OneHot, LossPlotInput.TwoClassProbability, "kl_divergence", LossKind.CategoricalProbability)
                { Factory = a => new KLDivergence(a.Reduction()) },
            new LossDescriptor("poisson_nll", ["poisson_nll_loss"], Reg, "e^z − y·z (log-rate z)", "counts y ≥ 0", "log-rate (or rate)",
                "count data from a linear output", [ArgumentSchema.Flag("log_input", "predictions are log-rates (PyTorch's log_input)", true), ArgumentSchema.Flag("full", "add the Stirling term"), Red], LossTarget.Values, LossPlotInput.LogRateError, "poisson_nll", LossKind.Regression)
                { Factory = a => new PoissonNll(a.Bool("log_input"), a.Bool("full"), a.Reduction()) },

            new LossDescriptor("binary_focal_crossentropy", ["focal", "binary_focal", "focal_loss"], Imb, "a·(1 − p_t)^γ·BCE; γ = 2, a = α·y + (1−α)(1−y) if α given", "y in [0, 1]", "p in [0, 1] or logits",
                "imbalanced binary: down-weights easy examples", [Num("gamma", "focusing parameter γ", 2, 0), Num("alpha", "class balance α for the positive class (off when absent)", null, 0, 1), Logits, Smooth, Red], LossTarget.Values, LossPlotInput.Margin, "focal(from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new BinaryFocalCrossentropy(a.Number("gamma"), a.OptionalNumber("alpha"), a.FromLogits(), a.Number("label_smoothing"), a.Reduction()) },
            new LossDescriptor("categorical_focal_crossentropy", ["categorical_focal"], Imb, "−Σ_c a·(1 − p_c)^γ·y_c·log p_c", "one-hot rows", "probabilities or logits [N, K]",
                "imbalanced multiclass", [Num("gamma", "focusing parameter γ", 2, 0), Num("alpha", "class balance α (off when absent)", null, 0, 1), Logits, Smooth, Red], LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_focal(from_logits=true)", LossKind.CategoricalProbability)
                { Factory = a => new CategoricalFocalCrossentropy(a.Number("gamma"), a.OptionalNumber("alpha"), a.FromLogits(), a.Number("label_smoothing"), a.Reduction()) },

            new LossDescriptor("soft_f1", ["f1_loss", "soft_f1_loss"], Sur, "1 − 2Σpy / (Σp + Σy)", "y in [0, 1]", "p in [0, 1] or logits",
                "optimise F1 directly (imbalance); whole batch", [Logits, Macro], LossTarget.Values, LossPlotInput.Margin, "soft_f1(from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new SoftF1(a.FromLogits(), a.Bool("macro")) },
            new LossDescriptor("soft_fbeta", ["fbeta_loss"], Sur, "1 − (1+β²)TP / ((1+β²)TP + β²FN + FP)", "y in [0, 1]", "p in [0, 1] or logits",
                "optimise F-beta; β > 1 favours recall", [Num("beta", "weight of recall relative to precision", 1, 0), Logits, Macro], LossTarget.Values, LossPlotInput.Margin, "soft_fbeta(beta=2, from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new SoftFBeta(a.Number("beta"), a.FromLogits(), a.Bool("macro")) },
            new LossDescriptor("dice", ["dice_loss"], Sur, "1 − (2Σpy + s) / (Σp + Σy + s)", "y in [0, 1]", "p in [0, 1] or logits",
                "segmentation overlap; small foreground", [Num("smooth", "additive smoothing s", 0, 0), Logits], LossTarget.Values, LossPlotInput.Margin, "dice(from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new Dice(a.Number("smooth"), a.FromLogits()) },
            new LossDescriptor("tversky", ["tversky_loss"], Sur, "1 − TP / (TP + α·FP + β·FN); α = β = 0.5", "y in [0, 1]", "p in [0, 1] or logits",
                "segmentation trading FP against FN", [Num("alpha", "weight of false positives", 0.5, 0), Num("beta", "weight of false negatives", 0.5, 0), Logits], LossTarget.Values, LossPlotInput.Margin, "tversky(alpha=0.3, beta=0.7, from_logits=true)", LossKind.BinaryProbability)
                { Factory = a => new Tversky(a.Number("alpha"), a.Number("beta"), a.FromLogits()) },
            new LossDescriptor("lovasz_hinge", ["lovasz"], Sur, "Σ_k max(e₍ₖ₎, 0)·ΔJaccard_k, e = 1 − y±·f sorted", "0/1", "logits",
                "optimise IoU (Jaccard) directly", [], LossTarget.Values, LossPlotInput.Margin, "lovasz_hinge", LossKind.Margin)
                { Factory = a => new LovaszHinge() },
            new LossDescriptor("pairwise_auc", ["auc_loss", "pairwise_auc_loss"], Sur, "mean over (pos i, neg j) of σ(f_j − f_i) or max(0, 1 − f_i + f_j)", "0/1", "scores",
                "optimise ROC-AUC (ranking); pairs sampled above max_pairs", [ArgumentSchema.Choice("surrogate", "pair loss", "sigmoid", "sigmoid", "hinge"), Num("margin", "hinge margin", 1), ArgumentSchema.Integer("max_pairs", "sample pairs above this many", PairwiseAuc.DefaultMaxPairs, 1), ArgumentSchema.Integer("seed", "pair sampling seed", 0)], LossTarget.Values, LossPlotInput.PairMargin, "pairwise_auc", LossKind.Margin)
                { Factory = a => new PairwiseAuc(a.Word("surrogate") == "hinge" ? PairwiseAucSurrogate.Hinge : PairwiseAucSurrogate.Sigmoid,
                    a.Number("margin"), a.OptionalInteger("max_pairs")!.Value, a.OptionalInteger("seed")!.Value) },

            new LossDescriptor("pairwise_logistic", ["ranknet", "pairwise_logistic_loss"], Rnk, "mean over pairs y_i > y_j of log(1 + e^−(s_i − s_j))", Relevance, ListScores,
                "learning to rank: RankNet, smooth pairwise ordering", [], LossTarget.Values, LossPlotInput.PairMargin, "pairwise_logistic", LossKind.Ranking)
                { Factory = _ => new PairwiseLogistic() },
            new LossDescriptor("pairwise_hinge", ["pairwise_hinge_loss"], Rnk, "mean over pairs y_i > y_j of max(0, m − (s_i − s_j)); m = 1", Relevance, ListScores,
                "learning to rank with a margin; zero once pairs are separated", [Num("margin", "hinge margin", 1, 0)], LossTarget.Values, LossPlotInput.PairMargin, "pairwise_hinge", LossKind.Ranking)
                { Factory = a => new PairwiseHinge(a.Number("margin")) },
            new LossDescriptor("listnet", ["softmax_loss", "list_softmax", "softmax_ranking"], Rnk, "mean over queries of −Σ_i (y_i/Σy)·log softmax(s)_i", Relevance, ListScores,
                "learning to rank, listwise; strong default for graded labels", [], LossTarget.Values, LossPlotInput.PairMargin, "listnet", LossKind.Ranking)
                { Factory = _ => new ListNet() },
            new LossDescriptor("sigmoid_cross_entropy", ["sigmoid_ce", "pointwise_sigmoid"], Rnk, "mean over items of softplus(s) − y·s", "relevance in [0, 1], −1 padding", ListScores,
                "pointwise ranking baseline with binary relevance", [], LossTarget.Values, LossPlotInput.PairMargin, "sigmoid_cross_entropy", LossKind.Ranking)
                { Factory = _ => new SigmoidCrossEntropy() },
            new LossDescriptor("approx_ndcg", ["approxndcg", "approx_ndcg_loss"], Rnk, "1 − Σ G(y_i)/log₂(1 + r̂_i) / IDCG, r̂_i = 1 + Σ_j σ((s_j − s_i)/T)", Relevance, ListScores,
                "optimise NDCG directly through smooth ranks", [Num("temperature", "smoothing T of the approximate ranks", 0.1, 0), RankGain], LossTarget.Values, LossPlotInput.PairMargin, "approx_ndcg", LossKind.Ranking)
                { Factory = a => new ApproxNdcg(a.Number("temperature"), a.Word("gain") == "linear" ? RankingGain.Linear : RankingGain.Exponential) },
            new LossDescriptor("lambda_rank", ["lambdarank", "lambda_loss"], Rnk, "Σ over pairs y_i > y_j of |ΔNDCG_ij|·log(1 + e^−(s_i − s_j)), mean over queries", Relevance, ListScores,
                "optimise NDCG@top: pairs weighted by the NDCG a swap would change (LightGBM lambdarank)", [RankGain], LossTarget.Values, LossPlotInput.PairMargin, "lambda_rank", LossKind.Ranking)
                { Factory = a => new LambdaRank(a.Word("gain") == "linear" ? RankingGain.Linear : RankingGain.Exponential) },
        ];
    }
}
