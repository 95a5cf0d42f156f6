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
public static class LogLossKernel
{
    /// <summary>float32 machine epsilon, 2⁻²³.</summary>
    public const double Float32Eps = 1.0 / (1 << 23);

    private const int Chunks = 4;

    /// <summary>Binary log loss (natural log), unit weights.</summary>
    /// <exception cref="ArgumentException">Length mismatch, empty input, NaN probability, label not 0/1.</exception>
    public static unsafe double Binary(ReadOnlySpan<float> p, ReadOnlySpan<byte> label)
    {
        if (p.Length != label.Length) throw new ArgumentException($"probability length {p.Length} differs from label length {label.Length}");
        int n = p.Length;
        if (n == 0) throw new ArgumentException("log_loss of an empty input is undefined");
        var parts = new double[Chunks];
        var bad = new bool[Chunks];
        fixed (float* pp = p)
        fixed (byte* pl = label)
        {
            nint sAddr = (nint)pp, lAddr = (nint)pl;
            if (n < 1 << 16)
                for (int c = 0; c < Chunks; c++) Run(c);
            else
                Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Run);

            void Run(int c)
            {
                var (a, b) = RankKernel.Chunk(n, Chunks, c);
                parts[c] = SumLog((float*)sAddr + a, (byte*)lAddr + a, b - a, out bad[c]);
            }
        }
        if (bad.Any(x => x))
        {
            for (int i = 0; i < n; i++)
            {
                if (float.IsNaN(p[i])) throw new ArgumentException($"probability[{i}] is NaN");
                if (label[i] > 1) throw new ArgumentException($"label[{i}] = {label[i]} is not 0 or 1");
            }
        }
        double s = 0;
        for (int c = 0; c < Chunks; c++) s += parts[c];
        return -s / n;
    }

    /// <summary>Σ ln q over one chunk; <paramref name="bad"/> set when a NaN or a label &gt; 1 was seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double SumLog(float* p, byte* l, int m, out bool bad)
    {
        const double lo = Float32Eps, hi = 1 - Float32Eps;
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
            var labOr = Vector128<byte>.Zero;
            var nanAcc = Vector512<double>.Zero;
            int since = 0;
            for (; i + 16 <= m; i += 16)
            {
                var f0 = Avx512F.ConvertToVector512Double(Vector256.Load(p + i));
                var f1 = Avx512F.ConvertToVector512Double(Vector256.Load(p + i + 8));
                var lab = Vector128.Load(l + i);
                labOr |= lab;
                var l0 = Avx512F.ConvertToVector512Int64(lab);
                var l1 = Avx512F.ConvertToVector512Int64(Vector128.Shuffle(lab, Vector128.Create((byte)8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0)));
                nanAcc |= ~Vector512.Equals(f0, f0) | ~Vector512.Equals(f1, f1);
                f0 = Vector512.Min(Vector512.Max(f0, vlo), vhi);
                f1 = Vector512.Min(Vector512.Max(f1, vlo), vhi);
                var q0 = Vector512.ConditionalSelect(Vector512.Equals(l0, Vector512<long>.Zero).AsDouble(), one - f0, f0);
                var q1 = Vector512.ConditionalSelect(Vector512.Equals(l1, Vector512<long>.Zero).AsDouble(), one - f1, f1);
                acc0 *= q0;
                acc1 *= q1;
                if (++since == 32)
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
            nan |= nanAcc != Vector512<double>.Zero || (labOr & Vector128.Create((byte)0xFE)) != Vector128<byte>.Zero;
        }
        for (; i < m; i++)
        {
            double x = p[i];
            if (double.IsNaN(x) || l[i] > 1) { nan = true; continue; }
            x = Math.Min(Math.Max(x, lo), hi);
            sum += Math.Log(l[i] != 0 ? x : 1 - x);
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
