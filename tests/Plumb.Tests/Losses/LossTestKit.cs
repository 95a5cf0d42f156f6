using Plumb.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>Small helpers: tensors from arrays, scalar values, finite-difference gradient checks.</summary>
internal static class LossTestKit
{
    public static Tensor T(double[] v) => tensor(v, dtype: ScalarType.Float64);

    public static Tensor T(double[,] v) => tensor(v, dtype: ScalarType.Float64);

    public static Tensor F32(double[,] v) => tensor(v, dtype: ScalarType.Float64).to_type(ScalarType.Float32);

    public static Tensor L(long[] v) => tensor(v, dtype: ScalarType.Int64);

    public static double V(Tensor t) => t.to_type(ScalarType.Float64).item<double>();

    public static double V(Loss loss, Tensor y, Tensor p, Tensor? w = null)
    {
        using var l = loss.Call(y, p, w);
        return V(l);
    }

    /// <summary>
    /// Central finite differences (h = 1e-6, float64) against autograd for every element of <paramref name="pred"/>;
    /// returns the largest |analytic − numeric| / (1 + |numeric|).
    /// </summary>
    public static double GradientError(Loss loss, Tensor yTrue, Tensor pred, Tensor? weight = null)
    {
        var x = pred.to_type(ScalarType.Float64).detach().clone().requires_grad_(true);
        using (var l = loss.Call(yTrue, x, weight)) l.backward();
        double[] analytic = x.grad!.reshape(-1).data<double>().ToArray();
        double[] x0 = pred.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        const double h = 1e-6;
        double worst = 0;
        using var noGrad = no_grad();
        for (int i = 0; i < x0.Length; i++)
        {
            double[] plus = (double[])x0.Clone(), minus = (double[])x0.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fp = V(loss.Call(yTrue, tensor(plus, pred.shape, dtype: ScalarType.Float64), weight));
            double fm = V(loss.Call(yTrue, tensor(minus, pred.shape, dtype: ScalarType.Float64), weight));
            double numeric = (fp - fm) / (2 * h);
            worst = Math.Max(worst, Math.Abs(analytic[i] - numeric) / (1 + Math.Abs(numeric)));
        }
        return worst;
    }
}
