using System.Globalization;

namespace Plumb.Cli.Data;

/// <summary>
/// Parses numbers straight from a cell's characters (no string per cell), with the same result bit for bit as
/// <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/> in the invariant culture.
/// </summary>
/// <remarks>
/// Plain decimals with at most 15 significant digits and a small exponent (<c>0.25</c>, <c>-3</c>,
/// <c>0.123456789</c>, <c>1e-07</c>) take a fast path that is exact: the digits form an integer m &lt; 2⁵³
/// and the value is m·10^e or m/10^e with |e| ≤ 22, one correctly rounded IEEE operation on exact operands
/// (Clinger's fast path). Every other form goes to .NET's parser. Besides .NET's forms, <c>nan</c>,
/// <c>inf</c>, <c>+inf</c>, <c>-inf</c>, <c>infinity</c> in any case are read as NaN and infinities (as Python
/// and R write them). Leading and trailing blanks are ignored. A comma is never a decimal separator.
/// </remarks>
internal static class NumberText
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="cell"/>; false when it is not a number (the value is then NaN).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> cell, out double value)
    {
        if (TryFast(cell, out value)) return true;
        cell = cell.Trim();
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        if (cell.Length <= 9)
        {
            Span<char> lower = stackalloc char[cell.Length];
            cell.ToLowerInvariant(lower);
            switch (lower)
            {
                case "nan" or "-nan" or "+nan": value = double.NaN; return true;
                case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
                case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            }
        }
        value = double.NaN;
        return false;
    }

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{char}, out double)"/> that also says whether the cell certifiably holds a
    /// float32 written in shortest form (see <see cref="IsFloat32Decimal"/>; cells off the fast path fall back to
    /// <see cref="IsFloat32Text"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> cell, out double value, out bool float32)
    {
        if (TryFast(cell, out value, out ulong m, out int scale))
        {
            // Ties between two shortest candidates (0.35742188 for 0.357421875f) are left to the formatting check.
            float32 = IsFloat32Decimal(m, scale, value) || IsFloat32Text(cell, value);
            return true;
        }
        bool ok = TryParse(cell, out value);
        float32 = ok && IsFloat32Text(cell, value);
        return ok;
    }

    private static bool TryFast(ReadOnlySpan<char> s, out double value) => TryFast(s, out value, out _, out _);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryFast(ReadOnlySpan<char> s, out double value, out ulong m, out int scale)
    {
        value = 0;
        m = 0;
        scale = 0;
        int i = 0, n = s.Length;
        if (n == 0 || n > 40) return false;
        bool negative = false;
        if (s[0] == '-') { negative = true; i++; }
        else if (s[0] == '+') i++;
        int digits = 0, start = i;
        bool dot = false;
        for (; i < n; i++)
        {
            char c = s[i];
            uint d = (uint)(c - '0');
            if (d <= 9)
            {
                if (m == 0 && d == 0) { if (dot) scale--; continue; } // leading zeros are not significant
                if (++digits > 15) return false;
                m = m * 10 + d;
                if (dot) scale--;
            }
            else if (c == '.' && !dot) dot = true;
            else break;
        }
        if (i == start || (dot && i == start + 1)) return false; // no digits
        if (i < n)
        {
            char c = s[i];
            if (c is not ('e' or 'E')) return false;
            i++;
            bool eneg = false;
            if (i < n && s[i] is '-' or '+') { eneg = s[i] == '-'; i++; }
            if (i == n) return false;
            int e = 0;
            for (; i < n; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9 || e > 1000) return false;
                e = e * 10 + (int)d;
            }
            scale += eneg ? -e : e;
        }
        double v = 0;
        if (m != 0 && !TryExact(m, scale, out v)) return false;
        value = negative ? -v : v;
        return true;
    }

    /// <summary>
    /// True when <paramref name="cell"/> (already parsed as <paramref name="value"/>) is exactly how a float32
    /// is written in shortest round-trip form (<c>0.7310586</c>, <c>0.5</c>, <c>1E-07</c> or <c>1e-07</c>).
    /// Distinct cells that pass are the shortest forms of distinct float32s, and rounding is monotone, so
    /// their float32s rank exactly as their float64 values do. The certificate is conservative (<c>1.0</c>
    /// fails): a cell that fails only costs the compact form.
    /// </summary>
    public static bool IsFloat32Text(ReadOnlySpan<char> cell, double value)
    {
        float f = (float)value;
        if (!float.IsFinite(f)) return false;
        Span<char> buf = stackalloc char[24];
        if (!f.TryFormat(buf, out int written, "R", CultureInfo.InvariantCulture)) return false;
        return SameRoundTrip(cell.Trim(), buf[..written]);
    }

    /// <summary>
    /// True when <paramref name="cell"/> is <paramref name="formatted"/> (a number in .NET's round-trip form), except
    /// that a lower-case exponent <c>e</c> (as Python writes it) matches .NET's <c>E</c>.
    /// </summary>
    internal static bool SameRoundTrip(ReadOnlySpan<char> cell, ReadOnlySpan<char> formatted)
    {
        if (cell.Length != formatted.Length) return false;
        for (int i = 0; i < cell.Length; i++)
            if (cell[i] != formatted[i] && !(cell[i] == 'e' && formatted[i] == 'E')) return false;
        return true;
    }

    /// <summary>
    /// The certificate of <see cref="IsFloat32Text"/> without formatting, for a cell read on the fast path as the
    /// decimal m·10^scale (value <paramref name="value"/>, its nearest double). True when, with f = (float)value:
    /// the decimal lies strictly inside f's rounding interval; no decimal
    /// with fewer significant digits does (its neighbours with one digit less, m/10 rounded down and up, lie
    /// outside); and it is closer to f than half a unit of its last digit (so it is the one such decimal). The
    /// decimal is then a function of f, so distinct cells that pass have distinct float32s, ordered as their
    /// values. Conservative: a case too close to call returns false.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool IsFloat32Decimal(ulong m, int scale, double value)
    {
        double a = Math.Abs(value);
        float fa = (float)a;
        if (!float.IsNormal(fa) || m == 0) return false;
        while (m % 10 == 0) { m /= 10; scale++; }
        double lo = ((double)fa + MathF.BitDecrement(fa)) / 2, hi = ((double)fa + MathF.BitIncrement(fa)) / 2;
        if (!(lo < a && a < hi)) return false;
        if (m >= 10)
        {
            ulong q = m / 10;
            if (!TryExact(q, scale + 1, out double below) || !TryExact(q + 1, scale + 1, out double above)) return false;
            if (!(below < lo && above > hi)) return false;
        }
        if (!TryExact(1, scale, out double unit)) return false;
        double half = unit / 2;
        return Math.Abs(a - fa) + 4 * (Math.BitIncrement(a) - a) + half * 1e-9 < half;
    }

    /// <summary>m·10^e correctly rounded, when one IEEE operation on exact operands gives it (Clinger's fast path).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryExact(ulong m, int e, out double value)
    {
        value = m;
        if (m >= 1UL << 53 || e < -22 || e > 22) return false;
        value = e < 0 ? value / Pow10[-e] : value * Pow10[e];
        return true;
    }

    /// <summary>
    /// True when <paramref name="value"/> is what a float32's shortest round-trip text parses to as float64
    /// (a float32 score written as text and read back, e.g. by pandas); the same certificate as
    /// <see cref="IsFloat32Text"/>, for numbers stored as float64 (Parquet). A column of exact float32 values
    /// (float32 widened to float64) fails it unless each is also its text's value, and needs it less: the
    /// metric state keeps such values in 4 bytes anyway.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool IsFloat32Double(double value)
    {
        // The decimal with 9 significant digits nearest to the value; when it parses back to the value, the
        // arithmetic certificate decides (ties between two shortest candidates go to the formatting check).
        double a = Math.Abs(value);
        if (a is > 1e-30 and < 1e30)
        {
            int p = 8 - DecimalExponent(a);
            if (p is >= -22 and <= 22)
            {
                double x = p >= 0 ? a * Pow10[p] : a / Pow10[-p];
                ulong m = (ulong)Math.Round(x);
                if (m is >= 100_000_000 and < 1_000_000_000 && TryExact(m, -p, out double back) && back == a
                    && IsFloat32Decimal(m, -p, a))
                    return true;
            }
        }
        return IsFloat32DoubleFormatted(value);
    }

    /// <summary>⌊log10 a⌋ for 1e-30 &lt; a &lt; 1e30: from the binary exponent (a·log10 2 estimate), corrected by one
    /// comparison with the table of powers of ten.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int DecimalExponent(double a)
    {
        int e2 = (int)((BitConverter.DoubleToInt64Bits(a) >> 52) & 0x7FF) - 1023;
        int k = (int)Math.Floor(e2 * 0.30102999566398120);
        // 2^e2 ≤ a < 2^(e2+1) puts ⌊log10 a⌋ at k or k + 1.
        double next = k + 1 >= 0 ? (k + 1 < Pow10.Length ? Pow10[k + 1] : double.PositiveInfinity) : (-(k + 1) < Pow10.Length ? 1 / Pow10[-(k + 1)] : 0);
        return a >= next ? k + 1 : k;
    }

    private static bool IsFloat32DoubleFormatted(double value)
    {
        float f = (float)value;
        if (!float.IsFinite(f)) return false;
        Span<char> buf = stackalloc char[24];
        return f.TryFormat(buf, out int written, "R", CultureInfo.InvariantCulture)
            && TryParse(buf[..written], out double back) && back == value; // any exponent, not only the fast path's
    }
}
