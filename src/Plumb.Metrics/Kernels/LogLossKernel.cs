using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// Binary log loss of float32 probabilities: −(1/n)·Σ ln qᵢ with qᵢ = pᵢ for positives and 1 − pᵢ for
/// negatives, pᵢ first clipped to [ε, 1 − ε] with ε = 2⁻²³ (<c>np.finfo(np.float32).eps</c>, what
/// scikit-learn 1.2.1's <c>eps="auto"</c> picks for float32 input).
/// </summary>
/// <remarks>
/// The clipping and 1 − p are done in float64, so the value is the exact loss of the given float32
/// probabilities (scikit-learn on float32 arrays computes in float32 and is only ~1e-7 close; it equals
/// <c>log_loss(y, p.astype(np.float64), eps=2**-23)</c> to 1e-12). Instead of one logarithm per sample the
/// kernel multiplies the qᵢ as float64 mantissas in 8-lane vectors, moving the binary exponents into an
/// integer sum every 32 products (q ≥ 2⁻²³ so no product can underflow), and takes 8 logarithms at the end:
/// Σ ln q = Σ ln(mantissa) + ln 2·Σ exponent. The rounding error is ≈ n·2⁻⁵³ relative on the product, i.e.
/// ≈ 1e-16·√n absolute on Σ ln q in practice, smaller than a sum of n rounded logarithms. No allocation;
/// NaN probabilities are refused with their index.
/// <code>
/// double ll = LogLossKernel.Binary([0.9f, 0.2f], [1, 0]); // −(ln 0.9 + ln 0.8)/2
/// </code>
/// </remarks>
internal static class LogLossKernel
{
    /// <summary>float32 machine epsilon, 2⁻²³.</summary>
    public const double Float32Eps = 1.0 / (1 << 23);

    private const int Chunks = 4;

    /// <summary>Binary log loss (natural log), unit weights.</summary>
    /// <exception cref="ArgumentException">Length mismatch, empty input, NaN probability, label not 0/1.</exception>
    public static double Binary(ReadOnlySpan<float> p, ReadOnlySpan<byte> label)
    {
        if (p.Length != label.Length) throw new ArgumentException($"probability length {p.Length} differs from label length {label.Length}");
        int n = p.Length;
        if (n == 0) throw new ArgumentException("log_loss of an empty input is undefined");
        if (!SumLn(label, p, Float32Eps, out double s))
        {
            for (int i = 0; i < n; i++)
            {
                if (float.IsNaN(p[i])) throw new ArgumentException($"probability[{i}] is NaN");
                if (label[i] > 1) throw new ArgumentException($"label[{i}] = {label[i]} is not 0 or 1");
            }
        }
        return -s / n;
    }

    /// <summary>
    /// Σ ln qᵢ of an unweighted binary batch (q = clip(p, ε, 1 − ε) for positives, 1 − clip(p) for negatives) for
    /// any target type and float32/float64 probabilities; false when a target is not 0/1 or a probability is not
    /// finite (the caller validates and names it). <paramref name="eps"/> must be at least 2⁻⁶⁰.
    /// </summary>
    internal static bool TrySumBinary(in MetricBatch b, double eps, out double sumLn) => (b.TargetKind, b.ScoreKind) switch
    {
        (ElementKind.Int32, ElementKind.Single) => SumLn(b.RawTarget<int>(), b.RawScore<float>(), eps, out sumLn),
        (ElementKind.Byte, ElementKind.Single) => SumLn(b.RawTarget<byte>(), b.RawScore<float>(), eps, out sumLn),
        (ElementKind.Int64, ElementKind.Single) => SumLn(b.RawTarget<long>(), b.RawScore<float>(), eps, out sumLn),
        (ElementKind.Single, ElementKind.Single) => SumLn(b.RawTarget<float>(), b.RawScore<float>(), eps, out sumLn),
        (ElementKind.Double, ElementKind.Single) => SumLn(b.RawTarget<double>(), b.RawScore<float>(), eps, out sumLn),
        (ElementKind.Int32, ElementKind.Double) => SumLn(b.RawTarget<int>(), b.RawScore<double>(), eps, out sumLn),
        (ElementKind.Int64, ElementKind.Double) => SumLn(b.RawTarget<long>(), b.RawScore<double>(), eps, out sumLn),
        (ElementKind.Double, ElementKind.Double) => SumLn(b.RawTarget<double>(), b.RawScore<double>(), eps, out sumLn),
        _ => SumLn(b.Target, b.Score, eps, out sumLn),
    };

    /// <summary>The smallest clipping ε the product trick takes: 16 factors ≥ 2⁻⁶⁰ cannot underflow a mantissa in [1, 2).</summary>
    internal const double MinimumEps = 8.673617379884035e-19; // 2^-60

    private static unsafe bool SumLn<TT, TS>(ReadOnlySpan<TT> label, ReadOnlySpan<TS> p, double eps, out double sumLn)
        where TT : unmanaged, INumberBase<TT> where TS : unmanaged, INumberBase<TS>
    {
        int n = p.Length;
        var parts = new double[Chunks];
        var bad = new bool[Chunks];
        fixed (TS* pp = p)
        fixed (TT* pl = label)
        {
            nint sAddr = (nint)pp, lAddr = (nint)pl;
            if (n < 1 << 16)
                for (int c = 0; c < Chunks; c++) Run(c);
            else
                Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Run);

            void Run(int c)
            {
                var (a, b) = RankKernel.Chunk(n, Chunks, c);
                parts[c] = SumLog((TS*)sAddr + a, (TT*)lAddr + a, b - a, eps, out bad[c]);
            }
        }
        double s = 0;
        for (int c = 0; c < Chunks; c++) s += parts[c];
        sumLn = s;
        return !bad.Any(x => x);
    }

    /// <summary>Σ ln q over one chunk; <paramref name="bad"/> set when a non-finite probability or a label other than 0/1 was seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double SumLog<TS, TT>(TS* p, TT* l, int m, double eps, out bool bad)
        where TT : unmanaged, INumberBase<TT> where TS : unmanaged, INumberBase<TS>
    {
        double lo = eps, hi = 1 - eps;
        int i = 0;
        double sum = 0;
        bool nan = false;
        if (Avx512F.IsSupported && m >= 16)
        {
            var one = Vector512.Create(1.0);
            var vlo = Vector512.Create(lo);
            var vhi = Vector512.Create(hi);
            var mant = Vector512.Create(0x000FFFFFFFFFFFFFul);
            var oneBits = Vector512.Create(0x3FF0000000000000ul);
            var acc0 = one;
            var acc1 = one;
            var exp = Vector512<long>.Zero;
            var labOr = Vector512<long>.Zero;
            var labBad = Vector512<double>.Zero;
            var nanAcc = Vector512<double>.Zero;
            int since = 0;
            for (; i + 16 <= m; i += 16)
            {
                Vector512<double> f0, f1;
                if (typeof(TS) == typeof(float))
                {
                    f0 = Avx512F.ConvertToVector512Double(Vector256.Load((float*)p + i));
                    f1 = Avx512F.ConvertToVector512Double(Vector256.Load((float*)p + i + 8));
                }
                else
                {
                    f0 = Vector512.Load((double*)p + i);
                    f1 = Vector512.Load((double*)p + i + 8);
                }
                // z0, z1: all ones where the label is 0 (the negatives' q = 1 − p)
                Vector512<long> z0, z1;
                if (typeof(TT) == typeof(byte))
                {
                    var lab = Vector128.Load((byte*)l + i);
                    var l0 = Avx512F.ConvertToVector512Int64(lab);
                    var l1 = Avx512F.ConvertToVector512Int64(Vector128.Shuffle(lab, Vector128.Create((byte)8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0)));
                    labOr |= l0 | l1;
                    (z0, z1) = (Vector512.Equals(l0, Vector512<long>.Zero), Vector512.Equals(l1, Vector512<long>.Zero));
                }
                else if (typeof(TT) == typeof(int))
                {
                    var l0 = Avx512F.ConvertToVector512Int64(Vector256.Load((int*)l + i));
                    var l1 = Avx512F.ConvertToVector512Int64(Vector256.Load((int*)l + i + 8));
                    labOr |= l0 | l1;
                    (z0, z1) = (Vector512.Equals(l0, Vector512<long>.Zero), Vector512.Equals(l1, Vector512<long>.Zero));
                }
                else if (typeof(TT) == typeof(long))
                {
                    var l0 = Vector512.Load((long*)l + i);
                    var l1 = Vector512.Load((long*)l + i + 8);
                    labOr |= l0 | l1;
                    (z0, z1) = (Vector512.Equals(l0, Vector512<long>.Zero), Vector512.Equals(l1, Vector512<long>.Zero));
                }
                else
                {
                    Vector512<double> d0, d1;
                    if (typeof(TT) == typeof(float))
                    {
                        d0 = Avx512F.ConvertToVector512Double(Vector256.Load((float*)l + i));
                        d1 = Avx512F.ConvertToVector512Double(Vector256.Load((float*)l + i + 8));
                    }
                    else
                    {
                        d0 = Vector512.Load((double*)l + i);
                        d1 = Vector512.Load((double*)l + i + 8);
                    }
                    labBad |= ~Vector512.Equals(d0 * (d0 - one), Vector512<double>.Zero) | ~Vector512.Equals(d1 * (d1 - one), Vector512<double>.Zero);
                    (z0, z1) = (Vector512.Equals(d0, Vector512<double>.Zero).AsInt64(), Vector512.Equals(d1, Vector512<double>.Zero).AsInt64());
                }
                nanAcc += f0 * Vector512<double>.Zero + f1 * Vector512<double>.Zero;
                f0 = Vector512.Min(Vector512.Max(f0, vlo), vhi);
                f1 = Vector512.Min(Vector512.Max(f1, vlo), vhi);
                var q0 = Vector512.ConditionalSelect(z0.AsDouble(), one - f0, f0);
                var q1 = Vector512.ConditionalSelect(z1.AsDouble(), one - f1, f1);
                acc0 *= q0;
                acc1 *= q1;
                if (++since == 16)
                {
                    since = 0;
                    Renormalize(ref acc0, ref exp, mant, oneBits);
                    Renormalize(ref acc1, ref exp, mant, oneBits);
                }
            }
            Renormalize(ref acc0, ref exp, mant, oneBits);
            Renormalize(ref acc1, ref exp, mant, oneBits);
            long e = 0;
            for (int q = 0; q < 8; q++)
            {
                e += exp[q];
                sum += Math.Log(acc0[q]) + Math.Log(acc1[q]);
            }
            sum += e * Math.Log(2.0);
            // labBad: lanes where t(t − 1) ≠ 0, i.e. a float label other than 0 and 1 (NaN included)
            nan |= !Vector512.EqualsAll(nanAcc, Vector512<double>.Zero) || (labOr & Vector512.Create(~1L)) != Vector512<long>.Zero
                || labBad.AsInt64() != Vector512<long>.Zero;
        }
        for (; i < m; i++)
        {
            double x = double.CreateTruncating(p[i]), y = double.CreateTruncating(l[i]);
            if (!double.IsFinite(x) || !(y == 0 || y == 1)) { nan = true; continue; }
            x = Math.Min(Math.Max(x, lo), hi);
            sum += Math.Log(y != 0 ? x : 1 - x);
        }
        bad = nan;
        return sum;
    }

    private static void Renormalize(ref Vector512<double> acc, ref Vector512<long> exp, Vector512<ulong> mant, Vector512<ulong> oneBits)
    {
        var bits = acc.AsUInt64();
        exp += (bits >>> 52).AsInt64() - Vector512.Create(1023L);
        acc = ((bits & mant) | oneBits).AsDouble();
    }
}
