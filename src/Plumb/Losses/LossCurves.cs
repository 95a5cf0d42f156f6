using static TorchSharp.torch;

namespace Plumb.Losses;

/// <summary>A loss plotted against the error or the margin: the picture people look up.</summary>
/// <param name="Name">The loss' canonical name.</param>
/// <param name="Spec">The spec plotted.</param>
/// <param name="XLabel">What x is (error, margin, angle), in ASCII for plot fonts.</param>
/// <param name="X">x values.</param>
/// <param name="Y">Loss values (one sample, or one positive and one negative for pairwise losses).</param>
public sealed record LossCurve(string Name, string Spec, string XLabel, double[] X, double[] Y);

/// <summary>Computes <see cref="LossCurve"/>s from the catalogue (<see cref="LossDescriptor.Plot"/>, <see cref="LossDescriptor.PlotSpec"/>).</summary>
/// <remarks>
/// Regression losses: target y = 1, prediction 1 + e for errors e in [−3, 3] (ŷ ≥ 0.02 where the loss needs
/// ŷ ≥ 0). Binary losses: a positive sample with logit (or score) m for margins m in [−3, 3]. Categorical losses:
/// two classes, the true one at logit m and the other at 0. Pairwise losses: a positive scored m and a negative
/// scored 0. Cosine similarity: angle θ in [−π, π] between (1, 0) and (cos θ, sin θ).
/// <code>
/// LossCurve c = LossCurves.Compute(LossRegistry.Find("huber")!);
/// </code>
/// </remarks>
public static class LossCurves
{
    /// <summary>The curve of one loss at <paramref name="points"/> evenly spaced x values.</summary>
    public static LossCurve Compute(LossDescriptor info, int points = 241)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "at least 2 points");
        Loss loss = LossRegistry.Create(info.PlotSpec);
        var (lo, hi, label) = info.Plot switch
        {
            LossPlotInput.Error => (-3.0, 3.0, "error (prediction - target), target = 1"),
            LossPlotInput.ErrorNonNegative => (-0.98, 3.0, "error (prediction - target), target = 1"),
            LossPlotInput.LogRateError => (-3.0, 3.0, "log-rate error (z - log target), target = 1"),
            LossPlotInput.Angle => (-Math.PI, Math.PI, "angle between target and prediction (radians)"),
            _ => (-3.0, 3.0, "margin (score of the true class)"),
        };
        double[] x = [.. Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1))];
        double[] y = new double[points];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < points; i++)
        {
            var (t, p) = Inputs(info, x[i]);
            y[i] = loss.Call(t, p).to_type(ScalarType.Float64).item<double>();
        }
        return new LossCurve(info.Name, info.PlotSpec, label, x, y);
    }

    /// <summary>log(1 + eˣ), finite for any x.</summary>
    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static (Tensor Target, Tensor Pred) Inputs(LossDescriptor info, double x)
    {
        Tensor V(params double[] v) => tensor(v, dtype: ScalarType.Float64);
        Tensor Row(params double[] v) => tensor(v, [1, v.Length], dtype: ScalarType.Float64);
        return info.Plot switch
        {
            LossPlotInput.Error or LossPlotInput.ErrorNonNegative => (V(1), V(1 + x)),
            LossPlotInput.LogRateError => (V(1), V(x)),
            LossPlotInput.Margin => (V(1), V(x)),
            LossPlotInput.MarginProbability => (V(1), V(1 / (1 + Math.Exp(-x)))),
            LossPlotInput.TwoClassMargin => (info.Target == LossTarget.ClassIndex ? tensor(new long[] { 0 }) : Row(1, 0), Row(x, 0)),
            LossPlotInput.TwoClassLogProbability => (tensor(new long[] { 0 }), Row(-Softplus(-x), -Softplus(x))),
            LossPlotInput.TwoClassProbability => (Row(1, 0), Row(1 / (1 + Math.Exp(-x)), 1 / (1 + Math.Exp(x)))),
            LossPlotInput.PairMargin => (V(1, 0), V(x, 0)),
            LossPlotInput.Angle => (Row(1, 0), Row(Math.Cos(x), Math.Sin(x))),
            _ => throw new ArgumentOutOfRangeException(nameof(info)),
        };
    }
}
