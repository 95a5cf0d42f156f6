namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    static partial void RegisterRegressionMetrics()
    {
        Register("mse", (s, o) => NoArgs(s, new Mse()), "mean_squared_error");
        Register("rmse", (s, o) => NoArgs(s, new Rmse()), "root_mean_squared_error");
        Register("mae", (s, o) => NoArgs(s, new Mae()), "mean_absolute_error");
        Register("r2", (s, o) => NoArgs(s, new R2Score()), "r2_score", "r_squared");
        Register("explained_variance", (s, o) => NoArgs(s, new ExplainedVariance()), "explained_variance_score");
        Register("max_error", (s, o) => NoArgs(s, new MaxError()));
        Register("median_absolute_error", (s, o) => NoArgs(s, new MedianAbsoluteError()), "medae");
        Register("mape", (s, o) => NoArgs(s, new Mape()), "mean_absolute_percentage_error");
        Register("msle", (s, o) => NoArgs(s, new Msle()), "mean_squared_log_error");
        Register("pinball", (s, o) => Args(s, new PinballLoss(s.Number("alpha", 0.5)), "alpha"), "mean_pinball_loss", "pinball_loss", "quantile_loss");
        Register("poisson_deviance", (s, o) => NoArgs(s, TweedieDeviance.Poisson()), "mean_poisson_deviance");
        Register("gamma_deviance", (s, o) => NoArgs(s, TweedieDeviance.Gamma()), "mean_gamma_deviance");
        Register("tweedie_deviance", (s, o) => Args(s, new TweedieDeviance(s.Number("power", 0)), "power"), "mean_tweedie_deviance");
        Register("d2_absolute_error", (s, o) => NoArgs(s, new D2AbsoluteError()), "d2_absolute_error_score");
    }

    private static IStreamingMetric NoArgs(MetricSpec spec, IStreamingMetric metric)
    {
        CheckArguments(spec);
        return metric;
    }

    private static IStreamingMetric Args(MetricSpec spec, IStreamingMetric metric, params string[] allowed)
    {
        CheckArguments(spec, allowed);
        return metric;
    }
}
