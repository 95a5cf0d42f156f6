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
/// Reads a flat numeric column chunk (float64, float32, int32, int64; required or optional) whose V1 data pages are
/// PLAIN or dictionary-encoded, uncompressed or Snappy, straight into the batch: each page is read once into pooled
/// memory and decompressed there (for a required float64 column, into the batch array itself). These are the pages
/// pandas/pyarrow (dictionary first, PLAIN once a column has too many distinct values), Spark, DuckDB and
/// Parquet.Net write for numbers.
/// </summary>
/// <remarks>
/// <para>Parquet.Net 6.1 reads a Snappy page through a growing <see cref="MemoryStream"/>, copies it into a new array,
/// decompresses into a third buffer and then copies the values out: a 10M-row file of an int32 and a float64 column
/// took 0.93–1.36 s and allocated 302 MB that way, 0.28–0.30 s and 40 MB this way.</para>
/// <para>Everything else — V2 pages, other codecs and encodings, other types, nested or repeated fields — and the
/// file's metadata go through Parquet.Net. The page header is decoded by Parquet.Net too (its Thrift reader is
/// internal and reached by reflection); with a Parquet.Net that lacks it, every column takes Parquet.Net's path. A
/// column chunk that turns out not to fit midway (a V2 page, an index past the dictionary) is re-read by Parquet.Net
/// from its start, so this reader never changes a value, only how it is read.</para>
/// </remarks>
internal static class ParquetPageReader
{
    private static readonly ConstructorInfo? ProtocolReader =
        typeof(ParquetReader).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader")?.GetConstructor([typeof(Stream)]);

    private static readonly MethodInfo? ReadHeader = ProtocolReader is null
        ? null
        : typeof(PageHeader).GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Static, [ProtocolReader.DeclaringType!]) is { } m
            && m.ReturnType == typeof(PageHeader) ? m : null;

    /// <summary>True when this Parquet.Net exposes the page-header reader this reader needs.</summary>
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
        using var chunk = new Chunk(stream, meta, width, field.ClrType);
        try
        {
            if (chunk.Read(into.AsSpan(offset, n), optional ? nulls!.AsSpan(offset, n) : default)) return true;
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidDataException or IOException or ArgumentException
                                       or IndexOutOfRangeException or OverflowException)
        {
            // A damaged page (header, Snappy block, a page past the end): Parquet.Net re-reads the chunk and says
            // what is wrong with the file, as it did before this reader existed.
        }
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
        System.Type t = field.ClrType;
        width = m.Type switch
        {
            ParquetType.DOUBLE when t == typeof(double) => 8,
            ParquetType.INT64 when t == typeof(long) => 8,
            ParquetType.FLOAT when t == typeof(float) => 4,
            ParquetType.INT32 when t == typeof(int) => 4,
            _ => 0,
        };
        meta = m;
        return width != 0;
    }

    /// <summary>One column chunk being read: its pages in order, with pooled buffers for pages, levels and the dictionary.</summary>
    private sealed class Chunk(Stream stream, ColumnMetaData meta, int width, System.Type type) : IDisposable
    {
        private byte[] _raw = [], _page = [];
        private int[] _levels = [];
        private double[]? _dictionary;
        private int _dictionarySize;

        /// <summary>Reads every page into <paramref name="into"/>; false as soon as a page is not one this reader handles.</summary>
        public bool Read(Span<double> into, Span<bool> nulls)
        {
            long position = new[] { meta.DataPageOffset, meta.DictionaryPageOffset ?? 0, meta.IndexPageOffset ?? 0 }.Where(o => o > 0).DefaultIfEmpty(0).Min();
            long end = position + meta.TotalCompressedSize;
            int row = 0;
            while (row < into.Length)
            {
                if (position <= 0 || position >= end) return false;
                stream.Seek(position, SeekOrigin.Begin);
                var header = (PageHeader)ReadHeader!.Invoke(null, [ProtocolReader!.Invoke([stream])])!;
                position = stream.Position + header.CompressedPageSize;
                if (header.CompressedPageSize < 0 || header.UncompressedPageSize < 0 || position > end) return false;
                switch (header)
                {
                    case { Type: PageType.INDEX_PAGE }:
                        continue;
                    case { Type: PageType.DICTIONARY_PAGE, DictionaryPageHeader: { Encoding: Encoding.PLAIN or Encoding.PLAIN_DICTIONARY } d }:
                        if (_dictionary is not null || !ReadDictionary(header, d.NumValues)) return false;
                        continue;
                    case { Type: PageType.DATA_PAGE, DataPageHeader: { } h }:
                        int count = h.NumValues;
                        if (count < 0 || count > into.Length - row) return false;
                        if (!ReadDataPage(header, h, into.Slice(row, count), nulls.IsEmpty ? default : nulls.Slice(row, count))) return false;
                        row += count;
                        continue;
                    default:
                        return false; // a V2 page, an unknown page type: Parquet.Net's path
                }
            }
            return true;
        }

        private bool ReadDataPage(PageHeader header, DataPageHeader h, Span<double> into, Span<bool> nulls)
        {
            bool dictionary = h.Encoding is Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY;
            if (!(h.Encoding == Encoding.PLAIN || (dictionary && _dictionary is not null))) return false;
            if (!nulls.IsEmpty && h.DefinitionLevelEncoding != Encoding.RLE) return false;
            if (nulls.IsEmpty && !dictionary && type == typeof(double) && header.UncompressedPageSize == into.Length * 8L)
            {
                // Required float64, PLAIN: the page is the values, decompressed (or read) into the batch itself.
                var target = MemoryMarshal.AsBytes(into);
                if (meta.Codec == CompressionCodec.UNCOMPRESSED) { stream.ReadExactly(target); return true; }
                Rent(ref _raw, header.CompressedPageSize);
                stream.ReadExactly(_raw, 0, header.CompressedPageSize);
                return Decompress(_raw.AsSpan(0, header.CompressedPageSize), target);
            }
            if (!ReadPage(header, out var values)) return false;

            int defined = into.Length;
            if (!nulls.IsEmpty)
            {
                // Definition levels first: their byte length (int32, little-endian), then RLE/bit-packed runs of width 1.
                if (values.Length < 4) return false;
                int levelBytes = BinaryPrimitives.ReadInt32LittleEndian(values);
                if (levelBytes < 0 || levelBytes > values.Length - 4) return false;
                Rent(ref _levels, into.Length);
                var levels = _levels.AsSpan(0, into.Length);
                if (DecodeHybrid(values.Slice(4, levelBytes), 1, levels) < 0) return false;
                defined = 0;
                for (int i = 0; i < levels.Length; i++)
                {
                    bool isNull = levels[i] == 0;
                    nulls[i] = isNull;
                    if (!isNull) defined++;
                }
                values = values[(4 + levelBytes)..];
            }

            if (!dictionary)
            {
                if (values.Length < (long)defined * width) return false;
                Convert(values[..(defined * width)], type, into, nulls);
                return true;
            }
            // Dictionary indices: their bit width in one byte, then RLE/bit-packed runs of that width.
            if (values.IsEmpty || values[0] > 32) return false;
            Rent(ref _levels, into.Length + defined);
            var indices = _levels.AsSpan(into.Length, defined);
            if (DecodeHybrid(values[1..], values[0], indices) < 0) return false;
            var dict = _dictionary.AsSpan(0, _dictionarySize);
            for (int i = 0, k = 0; i < into.Length; i++)
            {
                if (!nulls.IsEmpty && nulls[i]) continue;
                uint index = (uint)indices[k++];
                if (index >= (uint)dict.Length) return false;
                into[i] = dict[(int)index];
            }
            return true;
        }

        private bool ReadDictionary(PageHeader header, int size)
        {
            if (size < 0 || !ReadPage(header, out var values) || values.Length < (long)size * width) return false;
            _dictionary = ArrayPool<double>.Shared.Rent(Math.Max(size, 1));
            _dictionarySize = size;
            Convert(values[..(size * width)], type, _dictionary.AsSpan(0, size), default);
            return true;
        }

        /// <summary>The page's bytes (levels and values), decompressed when Snappy; false when the block is not the page's size.</summary>
        private bool ReadPage(PageHeader header, out ReadOnlySpan<byte> bytes)
        {
            int compressed = header.CompressedPageSize, uncompressed = header.UncompressedPageSize;
            Rent(ref _raw, compressed);
            stream.ReadExactly(_raw, 0, compressed);
            bytes = _raw.AsSpan(0, compressed);
            if (meta.Codec == CompressionCodec.UNCOMPRESSED) return true;
            Rent(ref _page, uncompressed);
            bytes = _page.AsSpan(0, uncompressed);
            return Decompress(_raw.AsSpan(0, compressed), _page.AsSpan(0, uncompressed));
        }

        public void Dispose()
        {
            if (_raw.Length > 0) ArrayPool<byte>.Shared.Return(_raw);
            if (_page.Length > 0) ArrayPool<byte>.Shared.Return(_page);
            if (_levels.Length > 0) ArrayPool<int>.Shared.Return(_levels);
            if (_dictionary is not null) ArrayPool<double>.Shared.Return(_dictionary);
        }
    }

    private static void Rent<T>(ref T[] buffer, int size)
    {
        if (buffer.Length >= size) return;
        if (buffer.Length > 0) ArrayPool<T>.Shared.Return(buffer);
        buffer = ArrayPool<T>.Shared.Rent(size);
    }

    /// <summary>Snappy-decompresses exactly <paramref name="target"/>'s length; false when the block says otherwise.</summary>
    private static bool Decompress(ReadOnlySpan<byte> block, Span<byte> target) =>
        Snappier.Snappy.GetUncompressedLength(block) == target.Length
        && Snappier.Snappy.Decompress(block, target) == target.Length;

    /// <summary>
    /// Decodes Parquet's RLE/bit-packed hybrid encoding of <paramref name="output"/>'s length values of
    /// <paramref name="bitWidth"/> bits (0…32): runs of a header varint, then for an RLE run (header = count &lt;&lt; 1) the
    /// value in ⌈width/8⌉ little-endian bytes, for a bit-packed run (header = groups &lt;&lt; 1 | 1) groups of 8 values in
    /// <paramref name="bitWidth"/> bytes, least significant bit first. Returns the bytes used, or −1 when the data is
    /// malformed or too short.
    /// </summary>
    internal static int DecodeHybrid(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0) { output.Clear(); return 0; }
        int valueBytes = (bitWidth + 7) / 8;
        ulong mask = (1UL << bitWidth) - 1;
        int p = 0, i = 0;
        while (i < output.Length)
        {
            uint header = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (p >= data.Length || shift > 28) return -1;
                byte b = data[p++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            if ((header & 1) == 0)
            {
                int run = (int)Math.Min(header >> 1, (uint)(output.Length - i));
                if (run == 0 || p + valueBytes > data.Length) return -1;
                ulong value = 0;
                for (int b = 0; b < valueBytes; b++) value |= (ulong)data[p++] << (8 * b);
                if (value > mask) return -1;
                output.Slice(i, run).Fill((int)value);
                i += run;
            }
            else
            {
                long groups = header >> 1, bytes = groups * bitWidth;
                if (groups == 0 || p + bytes > data.Length) return -1;
                int end = p + (int)bytes;
                ulong buffer = 0;
                int bits = 0;
                for (long k = groups * 8; k > 0 && i < output.Length; k--)
                {
                    while (bits < bitWidth) { buffer |= (ulong)data[p++] << bits; bits += 8; }
                    output[i++] = (int)(buffer & mask);
                    buffer >>= bitWidth;
                    bits -= bitWidth;
                }
                p = end; // the last group's unused values
            }
        }
        return p;
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
