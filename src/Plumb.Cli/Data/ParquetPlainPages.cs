using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Encoding = Parquet.Meta.Encoding;
using ParquetType = Parquet.Meta.Type;

namespace Plumb.Cli.Data;

/// <summary>
/// Reads a flat numeric column chunk whose data pages are PLAIN-encoded V1 pages, uncompressed or Snappy-compressed,
/// straight into the batch: each page is read once into pooled memory and decompressed into the batch's numbers
/// (for a required float64 column, into the batch array itself). That is how Parquet.Net, Spark and DuckDB store
/// float columns, and what pyarrow falls back to once a column has too many distinct values for a dictionary.
/// </summary>
/// <remarks>
/// Parquet.Net 6.1 reads a Snappy page through a growing <see cref="MemoryStream"/>, copies it into a new array,
/// decompresses into a third buffer and then copies the values out: reading a 10M-row file of an int32 and a float64
/// column took 0.93–1.36 s and allocated 302 MB that way, 0.28–0.30 s and 40 MB this way. Everything else —
/// /// dictionary pages, V2 pages, other codecs and encodings, nested or repeated fields — and the file's metadata
/// go through Parquet.Net. The page header is decoded by Parquet.Net too (its Thrift reader is internal and reached by reflection once); with a Parquet.Net that lacks it every column takes
/// Parquet.Net's path. A column chunk that turns out not to fit midway (say a dictionary page) is re-read by
/// Parquet.Net from its start, so the fast path never changes a value, only how it is read.
/// </remarks>
internal static class ParquetPlainPages
{
    private static readonly ConstructorInfo? ProtocolReader =
        typeof(ParquetReader).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader")?.GetConstructor([typeof(Stream)]);

    private static readonly MethodInfo? ReadHeader = ProtocolReader is null
        ? null
        : typeof(PageHeader).GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Static, [ProtocolReader.DeclaringType!]) is { } m
            && m.ReturnType == typeof(PageHeader) ? m : null;

    /// <summary>True when this Parquet.Net exposes the page-header reader the fast path needs.</summary>
    internal static bool Available => ReadHeader is not null;

    /// <summary>
    /// Reads the <paramref name="n"/> values of <paramref name="field"/> in row group <paramref name="rg"/> into
    /// <paramref name="into"/> from <paramref name="offset"/> (nulls flagged in <paramref name="nulls"/>, values
    /// there left for the caller); false, with nothing flagged, when the column chunk is not one this reader
    /// handles.
    /// </summary>
    public static bool TryRead(Stream stream, ParquetRowGroupReader rg, DataField field, double[] into, bool[]? nulls, int offset, int n)
    {
        bool optional = field.MaxDefinitionLevel == 1;
        if ((optional && nulls is null) || !Fits(rg, field, n, out var meta, out int width)) return false;
        if (Read(stream, meta, width, field.ClrType, into, optional ? nulls : null, offset, n)) return true;
        if (nulls is not null) Array.Clear(nulls, offset, n);
        return false;
    }

    private static bool Fits(ParquetRowGroupReader rg, DataField field, int n, out ColumnMetaData meta, out int width)
    {
        meta = null!;
        width = 0;
        if (ReadHeader is null || !BitConverter.IsLittleEndian || field.MaxRepetitionLevel != 0 || field.MaxDefinitionLevel > 1) return false;
        if (rg.GetMetadata(field) is not { MetaData: { } m, FilePath: null, CryptoMetadata: null }) return false;
        if (m.NumValues != n || m.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)) return false;
        if (m.Encodings.Any(e => e is Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY)) return false;
        System.Type t = field.ClrType;
        width = (m.Type, t) switch
        {
            (ParquetType.DOUBLE, _) when t == typeof(double) => 8,
            (ParquetType.INT64, _) when t == typeof(long) => 8,
            (ParquetType.FLOAT, _) when t == typeof(float) => 4,
            (ParquetType.INT32, _) when t == typeof(int) => 4,
            _ => 0,
        };
        meta = m;
        return width != 0;
    }

    private static bool Read(Stream stream, ColumnMetaData meta, int width, System.Type type, double[] into, bool[]? nulls, int offset, int n)
    {
        long position = new[] { meta.DataPageOffset, meta.DictionaryPageOffset ?? 0, meta.IndexPageOffset ?? 0 }.Where(o => o > 0).DefaultIfEmpty(0).Min();
        long end = position + meta.TotalCompressedSize;
        byte[] raw = [], page = [];
        try
        {
            int row = 0;
            while (row < n)
            {
                if (position <= 0 || position >= end) return false;
                stream.Seek(position, SeekOrigin.Begin);
                var header = (PageHeader)ReadHeader!.Invoke(null, [ProtocolReader!.Invoke([stream])])!;
                long data = stream.Position;
                position = data + header.CompressedPageSize;
                if (header.Type == PageType.INDEX_PAGE) continue;
                if (header.CompressedPageSize < 0 || header.UncompressedPageSize < 0 || position > end) return false;

                if (header is not { Type: PageType.DATA_PAGE, DataPageHeader: { Encoding: Encoding.PLAIN } h }
                    || (nulls is not null && h.DefinitionLevelEncoding != Encoding.RLE))
                    return false; // a dictionary page, a V2 page, another encoding: Parquet.Net's path
                int count = h.NumValues;
                if (count < 0 || count > n - row) return false;
                if (nulls is null && type == typeof(double) && header.UncompressedPageSize == count * 8L)
                {
                    // Required float64: the page is the values, decompressed (or read) into the batch itself.
                    var target = MemoryMarshal.AsBytes(into.AsSpan(offset + row, count));
                    if (meta.Codec == CompressionCodec.UNCOMPRESSED) stream.ReadExactly(target);
                    else
                    {
                        Rent(ref raw, header.CompressedPageSize);
                        stream.ReadExactly(raw, 0, header.CompressedPageSize);
                        if (!Decompress(raw.AsSpan(0, header.CompressedPageSize), target)) return false;
                    }
                    row += count;
                    continue;
                }
                var buffer = ReadPage(stream, meta.Codec, header.CompressedPageSize, header.UncompressedPageSize, ref raw, ref page, out int length);
                if (buffer is null) return false;
                ReadOnlySpan<byte> values = buffer.AsSpan(0, length), levels = default;
                if (nulls is not null)
                {
                    // Definition levels first: their byte length (int32, little-endian), then the RLE/bit-packed runs.
                    if (values.Length < 4) return false;
                    int levelBytes = BinaryPrimitives.ReadInt32LittleEndian(values);
                    if (levelBytes < 0 || levelBytes > values.Length - 4) return false;
                    levels = values.Slice(4, levelBytes);
                    values = values[(4 + levelBytes)..];
                }

                int defined = nulls is null ? count : DecodeDefinitions(levels, nulls.AsSpan(offset + row, count));
                if (defined < 0 || values.Length < (long)defined * width) return false;
                Convert(values[..(defined * width)], type, into.AsSpan(offset + row, count), nulls is null ? default : nulls.AsSpan(offset + row, count));
                row += count;
            }
            return true;
        }
        finally
        {
            if (raw.Length > 0) ArrayPool<byte>.Shared.Return(raw);
            if (page.Length > 0) ArrayPool<byte>.Shared.Return(page);
        }
    }

    private static void Rent(ref byte[] buffer, int size)
    {
        if (buffer.Length >= size) return;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>
    /// Reads a V1 page (levels and values) into <paramref name="raw"/>, decompressed into <paramref name="page"/> when
    /// Snappy; the buffer holding its <paramref name="length"/> bytes, or null when the Snappy block is not the page's size.
    /// </summary>
    private static byte[]? ReadPage(Stream stream, CompressionCodec codec, int compressed, int uncompressed, ref byte[] raw, ref byte[] page, out int length)
    {
        Rent(ref raw, compressed);
        stream.ReadExactly(raw, 0, compressed);
        length = compressed;
        if (codec == CompressionCodec.UNCOMPRESSED) return raw;
        Rent(ref page, uncompressed);
        length = uncompressed;
        return Decompress(raw.AsSpan(0, compressed), page.AsSpan(0, uncompressed)) ? page : null;
    }

    /// <summary>Snappy-decompresses exactly <paramref name="target"/>'s length; false when the block says otherwise.</summary>
    private static bool Decompress(ReadOnlySpan<byte> block, Span<byte> target) =>
        Snappier.Snappy.GetUncompressedLength(block) == target.Length
        && Snappier.Snappy.Decompress(block, target) == target.Length;

    /// <summary>
    /// Decodes definition levels of a column with one optional level (RLE/bit-packed hybrid, bit width 1) into
    /// <paramref name="nulls"/> (true where the level is 0); the number of defined values, or −1 when the levels are
    /// malformed or too few.
    /// </summary>
    internal static int DecodeDefinitions(ReadOnlySpan<byte> levels, Span<bool> nulls)
    {
        int i = 0, p = 0, defined = 0;
        while (i < nulls.Length)
        {
            uint header = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (p >= levels.Length || shift > 28) return -1;
                byte b = levels[p++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            if ((header & 1) == 0)
            {
                // RLE run: a count and one value byte.
                int run = (int)Math.Min(header >> 1, (uint)(nulls.Length - i));
                if (p >= levels.Length || levels[p] > 1 || run == 0) return -1;
                bool isNull = levels[p++] == 0;
                nulls.Slice(i, run).Fill(isNull);
                if (!isNull) defined += run;
                i += run;
            }
            else
            {
                // Bit-packed: groups of 8 levels, one byte each at bit width 1, least significant bit first.
                long groups = header >> 1;
                if (groups == 0 || p + groups > levels.Length) return -1;
                for (long g = 0; g < groups && i < nulls.Length; g++)
                {
                    byte b = levels[p++];
                    for (int bit = 0; bit < 8 && i < nulls.Length; bit++, i++)
                    {
                        bool isNull = ((b >> bit) & 1) == 0;
                        nulls[i] = isNull;
                        if (!isNull) defined++;
                    }
                }
            }
        }
        return defined;
    }

    /// <summary>Widens the defined values (little-endian, packed) to float64, spreading them over the non-null rows.</summary>
    private static void Convert(ReadOnlySpan<byte> values, System.Type type, Span<double> into, Span<bool> nulls)
    {
        if (type == typeof(double)) Spread(MemoryMarshal.Cast<byte, double>(values), into, nulls);
        else if (type == typeof(float)) Spread(MemoryMarshal.Cast<byte, float>(values), into, nulls);
        else if (type == typeof(int)) Spread(MemoryMarshal.Cast<byte, int>(values), into, nulls);
        else Spread(MemoryMarshal.Cast<byte, long>(values), into, nulls);
    }

    private static void Spread<T>(ReadOnlySpan<T> values, Span<double> into, Span<bool> nulls)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (nulls.IsEmpty)
        {
            if (typeof(T) == typeof(double)) MemoryMarshal.Cast<T, double>(values).CopyTo(into);
            else for (int i = 0; i < into.Length; i++) into[i] = double.CreateTruncating(values[i]);
            return;
        }
        for (int i = 0, k = 0; i < into.Length; i++)
            if (!nulls[i]) into[i] = double.CreateTruncating(values[k++]);
    }
}
