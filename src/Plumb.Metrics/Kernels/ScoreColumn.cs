using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Plumb.Metrics.Kernels;

/// <summary>
/// A growable column of real values that stays in float32 while every value seen is exactly a float32
/// (model outputs usually are) and widens to float64, once, the first time one is not. Used by the retained
/// state of the exact score metrics: 4 bytes per value in the common case, never a rounding.
/// </summary>
internal sealed class ScoreColumn
{
    private float[] _f = [];
    private double[]? _d;

    /// <summary>
    /// True when the float32 buffer is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> (a one-shot
    /// computation that calls <see cref="ReturnToPool"/> when done): repeated calls then reuse memory already
    /// mapped instead of touching fresh pages.
    /// </summary>
    public bool Pooled { get; init; }

    /// <summary>Number of values held.</summary>
    public int Count { get; private set; }

    /// <summary>True once a value that is not exactly a float32 has been added.</summary>
    public bool IsDouble => _d is not null;

    /// <summary>Bytes held per value (4 or 8).</summary>
    public int BytesPerValue => IsDouble ? 8 : 4;

    /// <summary>The values as float32 (only while <see cref="IsDouble"/> is false).</summary>
    public ReadOnlySpan<float> Floats => _f.AsSpan(0, Count);

    /// <summary>The values as float32 memory (only while <see cref="IsDouble"/> is false).</summary>
    public ReadOnlyMemory<float> FloatMemory => _f.AsMemory(0, Count);

    /// <summary>The values as float64 (only once <see cref="IsDouble"/> is true).</summary>
    public ReadOnlySpan<double> Doubles => _d.AsSpan(0, Count);

    /// <summary>Value <paramref name="i"/> as a double.</summary>
    public double this[int i] => _d is null ? _f[i] : _d[i];

    /// <summary>Appends one value.</summary>
    public void Add(double v)
    {
        if (_d is null && (double)(float)v != v && !double.IsNaN(v)) Widen();
        Ensure(Count + 1);
        if (_d is null) _f[Count++] = (float)v;
        else _d[Count++] = v;
    }

    /// <summary>Appends float32 values (no widening needed).</summary>
    public void AddRange(ReadOnlySpan<float> v)
    {
        Ensure(Count + v.Length);
        if (_d is null) v.CopyTo(_f.AsSpan(Count));
        else for (int i = 0; i < v.Length; i++) _d[Count + i] = v[i];
        Count += v.Length;
    }

    /// <summary>True when every value is finite (one SIMD pass: x·0 is NaN exactly when x is NaN or ±∞).</summary>
    public static unsafe bool AllFinite(ReadOnlySpan<float> v)
    {
        int i = 0;
        bool ok = true;
        fixed (float* src = v)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                var acc = Vector256<float>.Zero;
                for (; i + 16 <= v.Length; i += 16)
                    acc += Vector256.Load(src + i) * Vector256<float>.Zero + Vector256.Load(src + i + 8) * Vector256<float>.Zero;
                ok = Vector256.EqualsAll(acc, acc);
            }
            for (; i < v.Length; i++) ok &= float.IsFinite(src[i]);
        }
        return ok;
    }

    /// <summary>
    /// Appends float32 values if every one is finite (one fused SIMD copy-and-check pass); otherwise leaves the
    /// column unchanged and returns false.
    /// </summary>
    public unsafe bool TryAddFinite(ReadOnlySpan<float> v)
    {
        if (_d is not null)
        {
            if (!AllFinite(v)) return false;
            AddRange(v);
            return true;
        }
        Ensure(Count + v.Length);
        int i = 0;
        bool ok = true;
        fixed (float* src = v)
        fixed (float* dst = _f.AsSpan(Count))
        {
            if (Vector256.IsHardwareAccelerated)
            {
                var acc = Vector256<float>.Zero;
                for (; i + 16 <= v.Length; i += 16)
                {
                    var a = Vector256.Load(src + i);
                    var b = Vector256.Load(src + i + 8);
                    acc += a * Vector256<float>.Zero + b * Vector256<float>.Zero; // NaN once a value is NaN or ±∞
                    a.Store(dst + i);
                    b.Store(dst + i + 8);
                }
                ok = Vector256.EqualsAll(acc, acc);
            }
            for (; i < v.Length; i++)
            {
                ok &= float.IsFinite(src[i]);
                dst[i] = src[i];
            }
        }
        if (ok) Count += v.Length;
        return ok;
    }

    /// <summary>
    /// Appends float64 values if every one is finite: kept as float32 while each is exactly a float32 (one SIMD
    /// pass checks both), else the column widens once. Returns false, unchanged, on a non-finite value.
    /// </summary>
    public unsafe bool TryAddFinite(ReadOnlySpan<double> v)
    {
        bool finite = true, exact = _d is null;
        int i = 0;
        fixed (double* src = v)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                var nan = Vector256<double>.Zero;
                var same = Vector256<long>.AllBitsSet;
                for (; i + 8 <= v.Length; i += 8)
                {
                    var a = Vector256.Load(src + i);
                    var b = Vector256.Load(src + i + 4);
                    nan += a * Vector256<double>.Zero + b * Vector256<double>.Zero;
                    var (wa, wb) = Vector256.Widen(Vector256.Narrow(a, b));
                    same &= Vector256.Equals(wa, a).AsInt64() & Vector256.Equals(wb, b).AsInt64();
                }
                finite = Vector256.EqualsAll(nan, nan);
                exact &= same == Vector256<long>.AllBitsSet;
            }
            for (; i < v.Length; i++)
            {
                finite &= double.IsFinite(src[i]);
                exact &= (double)(float)src[i] == src[i];
            }
        }
        if (!finite) return false;
        if (!exact && _d is null) Widen();
        Ensure(Count + v.Length);
        if (_d is null)
        {
            var dst = _f.AsSpan(Count, v.Length);
            for (int j = 0; j < v.Length; j++) dst[j] = (float)v[j];
        }
        else v.CopyTo(_d.AsSpan(Count));
        Count += v.Length;
        return true;
    }

    /// <summary>Appends every value of another column.</summary>
    public void AddRange(ScoreColumn other)
    {
        if (other.IsDouble && !IsDouble) Widen();
        if (!other.IsDouble) { AddRange(other.Floats); return; }
        Ensure(Count + other.Count);
        other.Doubles.CopyTo(_d.AsSpan(Count));
        Count += other.Count;
    }

    /// <summary>Empties the column (keeps float32 mode afresh).</summary>
    public void Clear()
    {
        Count = 0;
        _d = null;
        _f = [];
    }

    /// <summary>Writes the column (mode, count, raw values).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(IsDouble);
        w.Write(Count);
        if (IsDouble) w.Write(MemoryMarshal.AsBytes(Doubles));
        else w.Write(MemoryMarshal.AsBytes(Floats));
    }

    /// <summary>Reads a column written by <see cref="Write"/>.</summary>
    public static ScoreColumn Read(BinaryReader r)
    {
        bool isDouble = r.ReadBoolean();
        int count = r.ReadInt32();
        if (count < 0 || (long)count * (isDouble ? 8 : 4) > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException("bad count in metric state");
        var c = new ScoreColumn { Count = count };
        if (isDouble)
        {
            c._d = new double[count];
            ReadExactly(r, MemoryMarshal.AsBytes(c._d.AsSpan()));
        }
        else
        {
            c._f = new float[count];
            ReadExactly(r, MemoryMarshal.AsBytes(c._f.AsSpan()));
        }
        return c;
    }

    internal static void ReadExactly(BinaryReader r, Span<byte> dest)
    {
        if (r.Read(dest) != dest.Length) throw new InvalidDataException("truncated metric state");
    }

    private void Widen()
    {
        var d = new double[Math.Max(_f.Length, 4)];
        for (int i = 0; i < Count; i++) d[i] = _f[i];
        _d = d;
        if (Pooled && _f.Length > 0) System.Buffers.ArrayPool<float>.Shared.Return(_f);
        _f = [];
    }

    private void Ensure(int need)
    {
        if (_d is null && Pooled) GrowPooled(ref _f, Count, need);
        else if (_d is null) Grow(ref _f, Count, need);
        else Grow(ref _d, Count, need);
    }

    /// <summary>Makes room for <paramref name="capacity"/> values in the current mode (memory is mapped when written).</summary>
    public void Reserve(int capacity) => Ensure(capacity);

    /// <summary>Returns a pooled buffer and empties the column; the column must not be used afterwards.</summary>
    public void ReturnToPool()
    {
        if (Pooled && _f.Length > 0) System.Buffers.ArrayPool<float>.Shared.Return(_f);
        _f = [];
        _d = null;
        Count = 0;
    }

    /// <summary>As <see cref="Grow{T}"/>, with the buffer rented from the shared pool and the old one returned to it.</summary>
    internal static void GrowPooled<T>(ref T[] a, int used, int need) where T : unmanaged
    {
        if (need <= a.Length) return;
        var b = System.Buffers.ArrayPool<T>.Shared.Rent(Math.Max(need, Math.Max(16, a.Length * 2)));
        a.AsSpan(0, used).CopyTo(b);
        if (a.Length > 0) System.Buffers.ArrayPool<T>.Shared.Return(a);
        a = b;
    }

    /// <summary>Grows <paramref name="a"/> to hold <paramref name="need"/> values (doubling, not zeroed: every slot is written before it is read).</summary>
    internal static void Grow<T>(ref T[] a, int used, int need) where T : unmanaged
    {
        if (need <= a.Length) return;
        var b = GC.AllocateUninitializedArray<T>(Math.Max(need, Math.Max(16, a.Length * 2)));
        a.AsSpan(0, used).CopyTo(b);
        a = b;
    }
}
