using System.Runtime.InteropServices;

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
        _f = [];
    }

    private void Ensure(int need)
    {
        if (_d is null)
        {
            if (need > _f.Length) Array.Resize(ref _f, Math.Max(need, Math.Max(16, _f.Length * 2)));
        }
        else if (need > _d.Length) Array.Resize(ref _d, Math.Max(need, Math.Max(16, _d.Length * 2)));
    }
}
