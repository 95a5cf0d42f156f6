using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// The binary Brier sums Σ wᵢ·(yᵢ − pᵢ)² and Σ wᵢ of one batch, 8 samples per step in float64 (AVX-512), read
/// from any target type and float32/float64 probabilities without widening the batch. Used by
/// <see cref="Brier"/>; the result equals the scalar sums to rounding (≈ 1e-16 relative).
/// </summary>
internal static class BrierKernel
{
    /// <summary>False when a target is not 0/1, a probability is outside [0, 1] or a weight is not finite and ≥ 0 (the caller validates and names it).</summary>
    public static bool TryBinary(in MetricBatch b, out double sum, out double total) => (b.TargetKind, b.ScoreKind) switch
    {
        (ElementKind.Int32, ElementKind.Single) => Run(b.RawTarget<int>(), b.RawScore<float>(), b.Weight, out sum, out total),
        (ElementKind.Byte, ElementKind.Single) => Run(b.RawTarget<byte>(), b.RawScore<float>(), b.Weight, out sum, out total),
        (ElementKind.Int64, ElementKind.Single) => Run(b.RawTarget<long>(), b.RawScore<float>(), b.Weight, out sum, out total),
        (ElementKind.Single, ElementKind.Single) => Run(b.RawTarget<float>(), b.RawScore<float>(), b.Weight, out sum, out total),
        (ElementKind.Double, ElementKind.Single) => Run(b.RawTarget<double>(), b.RawScore<float>(), b.Weight, out sum, out total),
        (ElementKind.Int32, ElementKind.Double) => Run(b.RawTarget<int>(), b.RawScore<double>(), b.Weight, out sum, out total),
        (ElementKind.Int64, ElementKind.Double) => Run(b.RawTarget<long>(), b.RawScore<double>(), b.Weight, out sum, out total),
        (ElementKind.Double, ElementKind.Double) => Run(b.RawTarget<double>(), b.RawScore<double>(), b.Weight, out sum, out total),
        _ => Run(b.Target, b.Score, b.Weight, out sum, out total),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool Run<TT, TS>(ReadOnlySpan<TT> target, ReadOnlySpan<TS> score, ReadOnlySpan<double> weight, out double sum, out double total)
        where TT : unmanaged, INumberBase<TT> where TS : unmanaged, INumberBase<TS>
    {
        int n = score.Length, i = 0;
        bool weighted = !weight.IsEmpty, ok = true;
        double acc = 0, wsum = 0;
        fixed (TT* t = target)
        fixed (TS* s = score)
        fixed (double* w = weight)
        {
            if (Avx512F.IsSupported && Avx512DQ.IsSupported)
            {
                var one = Vector512<double>.One;
                var zero = Vector512<double>.Zero;
                var inf = Vector512.Create(double.PositiveInfinity);
                var vacc = zero;
                var vw = zero;
                var good = Vector512<long>.AllBitsSet;
                for (; i + 8 <= n; i += 8)
                {
                    Vector512<double> y, p;
                    if (typeof(TT) == typeof(byte)) y = Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32((byte*)t + i));
                    else if (typeof(TT) == typeof(int)) y = Avx512F.ConvertToVector512Double(Vector256.Load((int*)t + i));
                    else if (typeof(TT) == typeof(long)) y = Avx512DQ.ConvertToVector512Double(Vector512.Load((long*)t + i));
                    else if (typeof(TT) == typeof(float)) y = Avx512F.ConvertToVector512Double(Vector256.Load((float*)t + i));
                    else y = Vector512.Load((double*)t + i);
                    if (typeof(TS) == typeof(float)) p = Avx512F.ConvertToVector512Double(Vector256.Load((float*)s + i));
                    else p = Vector512.Load((double*)s + i);
                    var valid = Vector512.Equals(y * (y - one), zero) & Vector512.GreaterThanOrEqual(p, zero) & Vector512.LessThanOrEqual(p, one);
                    var d = y - p;
                    if (weighted)
                    {
                        var wi = Vector512.Load(w + i);
                        valid &= Vector512.GreaterThanOrEqual(wi, zero) & Vector512.LessThan(wi, inf);
                        vacc += wi * (d * d);
                        vw += wi;
                    }
                    else vacc += d * d;
                    good &= valid.AsInt64();
                }
                ok = good == Vector512<long>.AllBitsSet;
                acc = Vector512.Sum(vacc);
                wsum = weighted ? Vector512.Sum(vw) : i;
            }
            for (; i < n; i++)
            {
                double y = double.CreateTruncating(t[i]), p = double.CreateTruncating(s[i]), wi = weighted ? w[i] : 1;
                ok &= (y == 0 || y == 1) && p >= 0 && p <= 1 && wi >= 0 && wi < double.PositiveInfinity;
                acc += wi * ((y - p) * (y - p));
                wsum += wi;
            }
        }
        (sum, total) = (acc, wsum);
        return ok;
    }
}
