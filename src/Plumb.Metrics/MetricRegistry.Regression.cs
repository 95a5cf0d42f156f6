namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    static partial void RegisterRegressionMetrics()
    {
        Regression("mse", ["mean_squared_error"], "mean squared error", "Σ w·(y − ŷ)² / Σ w", Outputs((s, o) => new Mse()), MultiOutputArgument);
        Regression("rmse", ["root_mean_squared_error"], "root of the mean squared error", "√(Σ w·(y − ŷ)² / Σ w)", Outputs((s, o) => new Rmse()), MultiOutputArgument);
        Regression("mae", ["mean_absolute_error"], "mean absolute error", "Σ w·|y − ŷ| / Σ w", Outputs((s, o) => new Mae()), MultiOutputArgument);
        Regression("r2", ["r2_score", "r_squared", "coefficient_of_determination"], "coefficient of determination (1 is perfect, 0 = predicting the mean)",
            "1 − Σ w·(y − ŷ)² / Σ w·(y − ȳ)²; adjusted: 1 − (1 − R²)(n − 1)/(n − p − 1)", Outputs((s, o) => new R2Score((int)s.Integer("num_regressors"))), higherIsBetter: true,
            ArgumentSchema.Integer("num_regressors", "p of the adjusted R² (Keras); 0 for plain R²", 0, 0, int.MaxValue),
            VarianceOutputArgument with { Aliases = ["class_aggregation"] }); // Keras' R2Score(class_aggregation=…); its None is raw_values
        Regression("explained_variance", ["explained_variance_score"], "explained variance (R² that forgives a constant bias)",
            "1 − Var(y − ŷ) / Var(y)", Outputs((s, o) => new ExplainedVariance()), higherIsBetter: true, VarianceOutputArgument);
        Regression("max_error", [], "largest absolute error", "max |y − ŷ|", (s, o) => new MaxError());
        Regression("median_absolute_error", ["medae"], "median absolute error", "median |y − ŷ|", Outputs((s, o) => new MedianAbsoluteError()), MultiOutputArgument);
        Regression("mape", ["mean_absolute_percentage_error"], "mean absolute percentage error, as a fraction",
            "Σ w·|y − ŷ| / max(|y|, ε) / Σ w", Outputs((s, o) => new Mape()), MultiOutputArgument);
        Regression("msle", ["mean_squared_log_error"], "mean squared logarithmic error", "Σ w·(log(1+y) − log(1+ŷ))² / Σ w", Outputs((s, o) => new Msle()), MultiOutputArgument);
        Regression("pinball", ["mean_pinball_loss", "pinball_loss", "quantile_loss"], "pinball (quantile) loss at quantile α",
            "Σ w·(α·max(y−ŷ, 0) + (1−α)·max(ŷ−y, 0)) / Σ w", Outputs((s, o) => new PinballLoss(s.Number("alpha"))),
            ArgumentSchema.Number("alpha", "the quantile", 0.5, 0, 1), MultiOutputArgument);
        Regression("poisson_deviance", ["mean_poisson_deviance"], "mean Poisson deviance", "2·Σ w·(y·log(y/ŷ) − y + ŷ) / Σ w",
            (s, o) => TweedieDeviance.Poisson());
        Regression("gamma_deviance", ["mean_gamma_deviance"], "mean Gamma deviance", "2·Σ w·(log(ŷ/y) + y/ŷ − 1) / Σ w",
            (s, o) => TweedieDeviance.Gamma());
        Regression("tweedie_deviance", ["mean_tweedie_deviance"], "mean Tweedie deviance with power p", "scikit-learn's mean_tweedie_deviance",
            (s, o) => new TweedieDeviance(s.Number("power")), ArgumentSchema.Number("power", "Tweedie power p (0 normal, 1 Poisson, 2 Gamma)", 0));
        Regression("d2_absolute_error", ["d2_absolute_error_score"], "fraction of absolute error explained relative to the median",
            "1 − Σ w·|y − ŷ| / Σ w·|y − median(y)|", Outputs((s, o) => new D2AbsoluteError()), higherIsBetter: true, MultiOutputArgument);
    }

    private static readonly ArgumentSchema MultiOutputArgument = ArgumentSchema.Choice("multioutput",
        "several output columns: one value per output or their mean (scikit-learn)", null, "raw_values", "uniform_average")
        with { ArrayOf = "output", ArrayChoices = ["raw_values"] };

    private static readonly ArgumentSchema VarianceOutputArgument = ArgumentSchema.Choice("multioutput",
        "several output columns: one value per output, their mean, or their mean weighted by target variance (scikit-learn)", null,
        "raw_values", "uniform_average", "variance_weighted") with { ArrayOf = "output", ArrayChoices = ["raw_values"] };

    /// <summary>The metric per output column (<see cref="MultiOutputRegression"/>) when the spec gives <c>multioutput</c>.</summary>
    private static Factory Outputs(Factory single) => (s, o) => s.Choice("multioutput") switch
    {
        null => single(s, o),
        var mode => new MultiOutputRegression(() => (RegressionMetric)single(s, o), mode switch
        {
            "raw_values" => MultiOutputRegression.Mode.RawValues,
            "variance_weighted" => MultiOutputRegression.Mode.VarianceWeighted,
            _ => MultiOutputRegression.Mode.UniformAverage,
        }),
    };

    private static void Regression(string name, string[] aliases, string description, string formula, Factory factory,
        params ArgumentSchema[] arguments) => Regression(name, aliases, description, formula, factory, false, arguments);

    private static void Regression(string name, string[] aliases, string description, string formula, Factory factory,
        bool higherIsBetter, params ArgumentSchema[] arguments) =>
        Register(new MetricDescriptor
        {
            Name = name, Aliases = aliases, Family = MetricFamily.Regression, Reads = MetricInputs.RealValues,
            Direction = higherIsBetter ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter,
            Description = description, Formula = formula, Arguments = arguments,
        }, factory);
}
