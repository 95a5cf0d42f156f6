using Plumb.Metrics;

namespace Plumb.Losses;

/// <summary>
/// Every loss by name: creates losses from specs like <c>huber(delta=1.5)</c> or <c>focal(gamma=2, alpha=0.25)</c>
/// (parsed with <see cref="MetricSpec"/>), lists their catalogue entries for <c>plumb losses</c>, and registers
/// each loss as a metric in <see cref="MetricRegistry"/>.
/// </summary>
/// <remarks>
/// <para>Names are case-insensitive, '-' reads as '_', and Keras' names are aliases (<c>mse</c> /
/// <c>mean_squared_error</c>, <c>bce</c> / <c>binary_crossentropy</c>, …). An unknown name suggests the
/// closest known one. Every loss takes <c>reduction=sum_over_batch_size|mean_with_sample_weight|sum|none</c>
/// (surrogates excepted); list arguments separate values with '|': <c>class_weights=1|4|2</c>.</para>
/// <code>
/// Loss loss = LossRegistry.Create("huber(delta=1.5)");
/// IStreamingMetric m = LossRegistry.CreateMetric("focal(gamma=2)");
/// </code>
/// </remarks>
public static class LossRegistry
{
    private static readonly string[] R = ["reduction"];
    private static readonly LossInfo[] Catalogue = Build();
    private static readonly Dictionary<string, LossInfo> ByName = Index();
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Every loss, in catalogue order (regression, classification, imbalance, surrogates).</summary>
    public static IReadOnlyList<LossInfo> Infos => Catalogue;

    /// <summary>Canonical names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names => [.. Catalogue.Select(i => i.Name)];

    /// <summary>The entry for a name or alias, or null.</summary>
    public static LossInfo? Find(string name) => ByName.GetValueOrDefault(Normalize(name));

    /// <summary>The canonical name for a name or alias, or null.</summary>
    public static string? Resolve(string name) => Find(name)?.Name;

    /// <summary>Creates a loss from a spec.</summary>
    /// <param name="spec">E.g. <c>bce</c>, <c>huber(delta=1.5)</c>, <c>sparse_categorical_crossentropy(from_logits=true, ignore_index=-100)</c>.</param>
    /// <param name="fromLogits">Default for <c>from_logits</c> where the spec does not set it.</param>
    /// <exception cref="ArgumentException">Malformed spec, unknown name (with a suggestion), unknown or bad argument.</exception>
    public static Loss Create(string spec, bool fromLogits = false) => Create(Parse(spec), fromLogits);

    /// <summary>Creates a loss from a parsed spec.</summary>
    /// <exception cref="ArgumentException">Unknown name or bad argument.</exception>
    public static Loss Create(MetricSpec spec, bool fromLogits = false)
    {
        LossInfo info = Find(spec.Name) ?? throw new ArgumentException(UnknownMessage(spec.Name), nameof(spec));
        var args = new LossArgs(info.Name, spec, fromLogits);
        args.CheckKnown(info.Arguments);
        Loss loss = info.Factory(args);
        loss.Spec = fromLogits && !spec.Arguments.ContainsKey("from_logits")
            ? (spec.Arguments.Count == 0 ? $"{spec.Name}(from_logits=true)" : spec.Text.TrimEnd()[..^1] + ", from_logits=true)")
            : spec.Text;
        return loss;
    }

    /// <summary>Creates the metric view of a loss (see <see cref="LossMetric"/>).</summary>
    public static LossMetric CreateMetric(string spec, MetricOptions? options = null) => CreateMetric(Parse(spec), options ?? new MetricOptions());

    private static LossMetric CreateMetric(MetricSpec spec, MetricOptions options)
    {
        LossInfo info = Find(spec.Name) ?? throw new ArgumentException(UnknownMessage(spec.Name), nameof(spec));
        // "focal" names both focal losses: the task picks which.
        if (info.Name == "binary_focal_crossentropy" && options.Task == MetricTask.Multiclass) info = Find("categorical_focal_crossentropy")!;
        var args = new LossArgs(info.Name, spec, options.FromLogits);
        args.CheckKnown(info.Arguments);
        return new LossMetric(info.Factory(args), info.Name, info.Target);
    }

    /// <summary>
    /// Registers every loss in <see cref="MetricRegistry"/> under its name and aliases, so that
    /// <c>plumb eval --metrics "huber(delta=1.5)"</c> and the training loop's monitors accept losses. Names and
    /// aliases Plumb.Metrics already defines (<c>mse</c>, <c>mae</c>, <c>mape</c>, <c>msle</c>, <c>log_loss</c>,
    /// <c>pinball</c>, …) are left to the metric — they are the same quantity. Idempotent. A tool that only touches Plumb.Metrics
    /// (e.g. <c>plumb eval</c>) must call it before creating metrics.
    /// </summary>
    /// <returns>The names registered by this call (empty when already registered).</returns>
    public static IReadOnlyList<string> RegisterAsMetrics()
    {
        lock (Gate)
        {
            if (_registered) return [];
            var added = new List<string>();
            foreach (LossInfo info in Catalogue)
            {
                if (MetricRegistry.Resolve(info.Name) is not null) continue;
                string[] aliases = [.. info.Aliases.Where(a => MetricRegistry.Resolve(a) is null)];
                MetricRegistry.Register(info.Name, (spec, options) => CreateMetric(spec, options), aliases);
                added.Add(info.Name);
            }
            _registered = true;
            return added;
        }
    }

    /// <summary>"unknown loss 'x'; did you mean 'y'?"</summary>
    public static string UnknownMessage(string name)
    {
        string? best = Suggest(name);
        return best is null ? $"unknown loss '{name}' (see 'plumb losses')" : $"unknown loss '{name}'; did you mean '{best}'?";
    }

    /// <summary>The known name or alias closest to <paramref name="name"/> by edit distance, if close enough.</summary>
    public static string? Suggest(string name) =>
        NameSuggestion.Closest(Normalize(name), ByName.Keys.Order(StringComparer.Ordinal));

    private static MetricSpec Parse(string spec)
    {
        try { return MetricSpec.Parse(spec); }
        catch (FormatException e) { throw new ArgumentException(e.Message.Replace("metric spec", "loss spec", StringComparison.Ordinal), nameof(spec), e); }
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');

    private static Dictionary<string, LossInfo> Index()
    {
        var d = new Dictionary<string, LossInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (LossInfo i in Catalogue)
        {
            d.Add(i.Name, i);
            foreach (string a in i.Aliases) d.Add(a, i);
        }
        return d;
    }

    private static LossInfo[] Build()
    {
        const LossCategory Reg = LossCategory.Regression, Cls = LossCategory.Classification, Imb = LossCategory.Imbalance, Sur = LossCategory.MetricSurrogate;
        const string Real = "real", Scores = "real scores (margins)";
        string[] logitArgs = ["from_logits", "label_smoothing", "reduction"];
        return
        [
            new("mse", ["mean_squared_error"], Reg, "mean (y − ŷ)²", Real, Real,
                "regression, Gaussian noise; penalises large errors", R, LossTarget.Values, LossPlotInput.Error, "mse")
                { Factory = a => new MeanSquaredError(a.Reduction()) },
            new("mae", ["mean_absolute_error"], Reg, "mean |y − ŷ|", Real, Real,
                "regression robust to outliers (median)", R, LossTarget.Values, LossPlotInput.Error, "mae")
                { Factory = a => new MeanAbsoluteError(a.Reduction()) },
            new("huber", ["huber_loss"], Reg, "½e² if |e| ≤ δ else δ(|e| − ½δ); δ = 1", Real, Real,
                "regression with some outliers; quadratic near 0", ["delta", "reduction"], LossTarget.Values, LossPlotInput.Error, "huber")
                { Factory = a => new Huber(a.Number("delta", 1), a.Reduction()) },
            new("log_cosh", ["logcosh"], Reg, "mean log cosh(ŷ − y)", Real, Real,
                "regression; smooth Huber-like, twice differentiable", R, LossTarget.Values, LossPlotInput.Error, "log_cosh")
                { Factory = a => new LogCosh(a.Reduction()) },
            new("quantile", ["pinball", "pinball_loss", "quantile_loss"], Reg, "α·max(y−ŷ,0) + (1−α)·max(ŷ−y,0); α = 0.5", Real, Real,
                "quantile regression, prediction intervals", ["alpha", "reduction"], LossTarget.Values, LossPlotInput.Error, "quantile(alpha=0.9)")
                { Factory = a => new Quantile(a.Number("alpha", 0.5), a.Reduction()) },
            new("msle", ["mean_squared_logarithmic_error"], Reg, "mean (log(1+y) − log(1+max(ŷ,0)))²", "y ≥ 0", "ŷ ≥ 0",
                "positive targets over orders of magnitude; relative error", R, LossTarget.Values, LossPlotInput.ErrorNonNegative, "msle")
                { Factory = a => new MeanSquaredLogarithmicError(a.Reduction()) },
            new("mape", ["mean_absolute_percentage_error"], Reg, "mean |y − ŷ| / max(|y|, ε) (a fraction, not %)", "y ≠ 0", Real,
                "forecasting judged by relative error; targets away from 0", R, LossTarget.Values, LossPlotInput.Error, "mape")
                { Factory = a => new MeanAbsolutePercentageError(a.Reduction()) },
            new("poisson", [], Reg, "mean ŷ − y·log(ŷ + ε)", "counts y ≥ 0", "rate ŷ ≥ 0",
                "count regression with a rate output (softplus/exp)", R, LossTarget.Values, LossPlotInput.ErrorNonNegative, "poisson")
                { Factory = a => new Poisson(a.Reduction()) },
            new("cosine_similarity", ["cosine", "cosine_proximity"], Reg, "−(y·ŷ)/(‖y‖‖ŷ‖) per row, in [−1, 1]", "vectors", "vectors",
                "embeddings, directions; scale-free", R, LossTarget.Values, LossPlotInput.Angle, "cosine_similarity")
                { Factory = a => new CosineSimilarity(a.Reduction()) },
            new("tweedie", ["tweedie_loss"], Reg, "Tweedie unit deviance, power ρ = 1.5", "y ≥ 0 (y > 0 for ρ ≥ 2)", "mean ŷ > 0",
                "zero-inflated positive amounts (claims, sales)", ["power", "reduction"], LossTarget.Values, LossPlotInput.ErrorNonNegative, "tweedie")
                { Factory = a => new Tweedie(a.Number("power", 1.5), a.Reduction()) },

            new("binary_crossentropy", ["bce", "log_loss", "binary_cross_entropy"], Cls, "−[w₊·y·log p + (1−y)·log(1−p)]", "y in [0, 1]", "p in [0, 1] or logits",
                "binary and multilabel classification", [.. logitArgs, "pos_weight"], LossTarget.Values, LossPlotInput.Margin, "binary_crossentropy(from_logits=true)")
                { Factory = a => new BinaryCrossentropy(a.FromLogits(), a.Number("label_smoothing", 0), a.Reduction(), a.Number("pos_weight", 1)) },
            new("categorical_crossentropy", ["cce", "categorical_cross_entropy"], Cls, "−Σ_c y_c·log p_c", "one-hot rows", "probabilities or logits [N, K]",
                "multiclass classification with one-hot targets", [.. logitArgs, "class_weights"], LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_crossentropy(from_logits=true)")
                { Factory = a => new CategoricalCrossentropy(a.FromLogits(), a.Number("label_smoothing", 0), a.Reduction(), a.Numbers("class_weights")) },
            new("sparse_categorical_crossentropy", ["scce", "sparse_categorical_cross_entropy"], Cls, "−log p_y", "class index in [0, K)", "probabilities or logits [N, K]",
                "multiclass classification with integer labels", ["from_logits", "ignore_index", "class_weights", "reduction"], LossTarget.ClassIndex, LossPlotInput.TwoClassMargin, "sparse_categorical_crossentropy(from_logits=true)")
                { Factory = a => new SparseCategoricalCrossentropy(a.FromLogits(), a.OptionalInteger("ignore_index"), a.Reduction(), a.Numbers("class_weights")) },
            new("hinge", [], Cls, "max(0, 1 − y·f), y ∈ {−1, +1}", "0/1 or −1/+1", Scores,
                "max-margin (SVM) binary classification", R, LossTarget.Values, LossPlotInput.Margin, "hinge")
                { Factory = a => new Hinge(a.Reduction()) },
            new("squared_hinge", [], Cls, "max(0, 1 − y·f)²", "0/1 or −1/+1", Scores,
                "L2-SVM; smooth at the margin", R, LossTarget.Values, LossPlotInput.Margin, "squared_hinge")
                { Factory = a => new SquaredHinge(a.Reduction()) },
            new("categorical_hinge", [], Cls, "max(0, 1 + max_c (1−y_c)f_c − Σ_c y_c f_c)", "one-hot rows", "scores [N, K]",
                "multiclass max-margin", R, LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_hinge")
                { Factory = a => new CategoricalHinge(a.Reduction()) },
            new("exponential", ["exponential_loss"], Cls, "e^(−y·f), y ∈ {−1, +1}", "0/1 or −1/+1", Scores,
                "boosting (AdaBoost); very outlier-sensitive", R, LossTarget.Values, LossPlotInput.Margin, "exponential")
                { Factory = a => new Exponential(a.Reduction()) },
            new("kl_divergence", ["kld", "kullback_leibler_divergence", "kl_div"], Cls, "Σ_c y_c·log(y_c / p_c)", "probability rows", "probability rows",
                "distillation, matching distributions", R, LossTarget.OneHot, LossPlotInput.TwoClassProbability, "kl_divergence")
                { Factory = a => new KLDivergence(a.Reduction()) },
            new("poisson_nll", ["poisson_nll_loss"], Reg, "e^z − y·z (log-rate z)", "counts y ≥ 0", "log-rate (or rate)",
                "count data from a linear output", ["log_input", "full", "reduction"], LossTarget.Values, LossPlotInput.LogRateError, "poisson_nll")
                { Factory = a => new PoissonNll(a.Bool("log_input", true), a.Bool("full", false), a.Reduction()) },

            new("binary_focal_crossentropy", ["focal", "binary_focal", "focal_loss"], Imb, "a·(1 − p_t)^γ·BCE; γ = 2, a = α·y + (1−α)(1−y) if α given", "y in [0, 1]", "p in [0, 1] or logits",
                "imbalanced binary: down-weights easy examples", ["gamma", "alpha", .. logitArgs], LossTarget.Values, LossPlotInput.Margin, "focal(from_logits=true)")
                { Factory = a => new BinaryFocalCrossentropy(a.Number("gamma", 2), a.OptionalNumber("alpha"), a.FromLogits(), a.Number("label_smoothing", 0), a.Reduction()) },
            new("categorical_focal_crossentropy", ["categorical_focal"], Imb, "−Σ_c a·(1 − p_c)^γ·y_c·log p_c", "one-hot rows", "probabilities or logits [N, K]",
                "imbalanced multiclass", ["gamma", "alpha", .. logitArgs], LossTarget.OneHot, LossPlotInput.TwoClassMargin, "categorical_focal(from_logits=true)")
                { Factory = a => new CategoricalFocalCrossentropy(a.Number("gamma", 2), a.OptionalNumber("alpha"), a.FromLogits(), a.Number("label_smoothing", 0), a.Reduction()) },

            new("soft_f1", ["f1_loss", "soft_f1_loss"], Sur, "1 − 2Σpy / (Σp + Σy)", "y in [0, 1]", "p in [0, 1] or logits",
                "optimise F1 directly (imbalance); whole batch", ["from_logits", "macro"], LossTarget.Values, LossPlotInput.Margin, "soft_f1(from_logits=true)")
                { Factory = a => new SoftF1(a.FromLogits(), a.Bool("macro", false)) },
            new("soft_fbeta", ["fbeta_loss"], Sur, "1 − (1+β²)TP / ((1+β²)TP + β²FN + FP)", "y in [0, 1]", "p in [0, 1] or logits",
                "optimise F-beta; β > 1 favours recall", ["beta", "from_logits", "macro"], LossTarget.Values, LossPlotInput.Margin, "soft_fbeta(beta=2, from_logits=true)")
                { Factory = a => new SoftFBeta(a.Number("beta", 1), a.FromLogits(), a.Bool("macro", false)) },
            new("dice", ["dice_loss"], Sur, "1 − (2Σpy + s) / (Σp + Σy + s)", "y in [0, 1]", "p in [0, 1] or logits",
                "segmentation overlap; small foreground", ["smooth", "from_logits"], LossTarget.Values, LossPlotInput.Margin, "dice(from_logits=true)")
                { Factory = a => new Dice(a.Number("smooth", 0), a.FromLogits()) },
            new("tversky", ["tversky_loss"], Sur, "1 − TP / (TP + α·FP + β·FN); α = β = 0.5", "y in [0, 1]", "p in [0, 1] or logits",
                "segmentation trading FP against FN", ["alpha", "beta", "from_logits"], LossTarget.Values, LossPlotInput.Margin, "tversky(alpha=0.3, beta=0.7, from_logits=true)")
                { Factory = a => new Tversky(a.Number("alpha", 0.5), a.Number("beta", 0.5), a.FromLogits()) },
            new("lovasz_hinge", ["lovasz"], Sur, "Σ_k max(e₍ₖ₎, 0)·ΔJaccard_k, e = 1 − y±·f sorted", "0/1", "logits",
                "optimise IoU (Jaccard) directly", [], LossTarget.Values, LossPlotInput.Margin, "lovasz_hinge")
                { Factory = a => new LovaszHinge() },
            new("pairwise_auc", ["auc_loss", "pairwise_auc_loss"], Sur, "mean over (pos i, neg j) of σ(f_j − f_i) or max(0, 1 − f_i + f_j)", "0/1", "scores",
                "optimise ROC-AUC (ranking); pairs sampled above max_pairs", ["surrogate", "margin", "max_pairs", "seed"], LossTarget.Values, LossPlotInput.PairMargin, "pairwise_auc")
                { Factory = a => new PairwiseAuc(a.Word("surrogate", "sigmoid", "sigmoid", "hinge") == "hinge" ? PairwiseAucSurrogate.Hinge : PairwiseAucSurrogate.Sigmoid,
                    a.Number("margin", 1), a.OptionalInteger("max_pairs") ?? PairwiseAuc.DefaultMaxPairs, a.OptionalInteger("seed") ?? 0) },
        ];
    }
}
