using Parquet;
using Parquet.Schema;
using Plumb.Cli.Data;

namespace Plumb.Cli.Tests;

/// <summary>
/// The direct reader of PLAIN pages against the values written (the files are written by Parquet.Net from known
/// arrays), and its hand-over to Parquet.Net for the columns it does not read.
/// </summary>
public sealed class ParquetPageReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_pinned_parquet_net_exposes_the_page_header_reader()
    {
        // If an upgrade of Parquet.Net moves its internal Thrift reader, every column silently takes the slow path;
        // this says so instead.
        Assert.True(ParquetPageReader.Available);
    }

    public static TheoryData<string, bool, bool> Columns() => new()
    {
        { "double", false, true }, { "double", true, true }, { "double", false, false }, { "double", true, false },
        { "float", false, true }, { "float", true, true }, { "int", false, true }, { "int", true, false },
        { "long", false, true }, { "long", true, true },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Plain_columns_are_read_directly_with_the_values_and_nulls_written(string type, bool nullable, bool snappy)
    {
        // Two row groups (1,000 and 37 rows); nullable columns have a long null run (RLE), isolated nulls
        // (bit-packed), and a group ending in a null.
        var rng = new Random(type.Length * 7 + (nullable ? 1 : 0) + (snappy ? 2 : 0));
        int[] sizes = [1000, 37];
        var groups = sizes.Select(n => Enumerable.Range(0, n).Select(i =>
        {
            bool isNull = nullable && (i is >= 100 and < 400 || i % 7 == 3 || i == n - 1);
            return isNull ? (double?)null : type switch
            {
                "double" => rng.NextDouble() * Math.Pow(10, rng.Next(-5, 5)) - 0.5,
                "float" => (float)(rng.NextDouble() - 0.25),
                "int" => rng.Next(int.MinValue, int.MaxValue),
                _ => rng.NextInt64(-(1L << 53), 1L << 53), // exact as a double
            };
        }).ToArray()).ToArray();
        DataField field = (type, nullable) switch
        {
            ("double", false) => new DataField<double>("x"), ("double", true) => new DataField<double?>("x"),
            ("float", false) => new DataField<float>("x"), ("float", true) => new DataField<float?>("x"),
            ("int", false) => new DataField<int>("x"), ("int", true) => new DataField<int?>("x"),
            ("long", false) => new DataField<long>("x"), _ => new DataField<long?>("x"),
        };
        var options = new ParquetOptions { CompressionMethod = snappy ? CompressionMethod.Snappy : CompressionMethod.None };
        string path = _files.Parquet("x.parquet", new ParquetSchema(field), options,
            [.. groups.Select(g => (Func<ParquetRowGroupWriter, Task>)(rg => Write(rg, field, type, nullable, g)))]);

        var (stream, reader, fields) = await ParquetTableReader.OpenAsync(path);
        await using (stream)
        await using (reader)
        {
            for (int g = 0; g < sizes.Length; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                int n = sizes[g], offset = 5;
                var into = new double[offset + n + 3];
                var nulls = new bool[into.Length];
                Assert.True(ParquetPageReader.TryRead(stream, rg, fields[0], into, nullable ? nulls : null, offset, n));
                for (int i = 0; i < n; i++)
                {
                    double? expected = groups[g][i];
                    Assert.Equal(expected is null, nulls[offset + i]);
                    if (expected is { } v) Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(into[offset + i]));
                }
                Assert.All(into[..offset].Concat(into[(offset + n)..]), v => Assert.Equal(0.0, v)); // nothing outside the range
            }
        }
    }

    private static async Task Write(ParquetRowGroupWriter rg, DataField field, string type, bool nullable, double?[] g)
    {
        switch (type, nullable)
        {
            case ("double", false): await rg.WriteAsync<double>(field, g.Select(v => v!.Value).ToArray()); break;
            case ("double", true): await rg.WriteAsync<double>(field, g); break;
            case ("float", false): await rg.WriteAsync<float>(field, g.Select(v => (float)v!.Value).ToArray()); break;
            case ("float", true): await rg.WriteAsync<float>(field, g.Select(v => (float?)v).ToArray()); break;
            case ("int", false): await rg.WriteAsync<int>(field, g.Select(v => (int)v!.Value).ToArray()); break;
            case ("int", true): await rg.WriteAsync<int>(field, g.Select(v => (int?)v).ToArray()); break;
            case ("long", false): await rg.WriteAsync<long>(field, g.Select(v => (long)v!.Value).ToArray()); break;
            default: await rg.WriteAsync<long>(field, g.Select(v => (long?)v).ToArray()); break;
        }
    }

    [Fact]
    public async Task Other_encodings_and_types_go_to_parquet_net_with_the_same_values()
    {
        // Byte-stream-split doubles, delta-encoded ints and int16 are not PLAIN pages of the four types: the direct
        // reader declines (flagging nothing) and the stream still gives the written values through Parquet.Net.
        var split = new DataField<double?>("split");
        var delta = new DataField<int>("delta");
        var small = new DataField<short>("small");
        var options = new ParquetOptions();
        options.ColumnEncodingHints[split.Path.ToString()] = EncodingHint.ByteSplitStream;
        options.ColumnEncodingHints[delta.Path.ToString()] = EncodingHint.DeltaBinaryPacked;
        double?[] splitValues = [0.25, null, -3.5, 1e-300, null, 7];
        int[] deltaValues = [5, 9, -1, 100000, 3, 3];
        short[] smallValues = [1, -2, 3, 300, -32768, 0];
        string path = _files.Parquet("o.parquet", new ParquetSchema(split, delta, small), options, async rg =>
        {
            await rg.WriteAsync<double>(split, splitValues);
            await rg.WriteAsync<int>(delta, deltaValues);
            await rg.WriteAsync<short>(small, smallValues);
        });

        var (stream, reader, fields) = await ParquetTableReader.OpenAsync(path);
        await using (stream)
        await using (reader)
        using (var rg = reader.OpenRowGroupReader(0))
            foreach (var f in fields)
            {
                var nulls = new bool[6];
                Assert.False(ParquetPageReader.TryRead(stream, rg, f, new double[6], f.IsNullable ? nulls : null, 0, 6), f.Name);
                Assert.DoesNotContain(true, nulls);
            }

        using var s = TableStream.Open(path);
        s.Select(["split", "delta", "small"]);
        var b = s.Batches(background: false).Single();
        Assert.Equal([0.25, double.NaN, -3.5, 1e-300, double.NaN, 7], b.Values[0][..6]);
        Assert.Equal([false, true, false, false, true, false], b.Missing[0][..6]);
        Assert.Equal(deltaValues.Select(v => (double)v), b.Values[1][..6]);
        Assert.Equal(smallValues.Select(v => (double)v), b.Values[2][..6]);
    }

    /// <summary>
    /// The values behind Data/arrow-*.parquet. Those files were written by Arrow C++ 25.0.1 (pyarrow's Parquet
    /// engine, through ParquetSharp 25.0.1.2) from these arrays as four OPTIONAL columns p (double), y (int64),
    /// f (float), rep (double), Snappy, 1 KB data pages (several pages per column chunk), row groups of 1,000 rows
    /// written 100 values at a time; plain-v1: dictionary off, V1 pages; dictionary-v1: dictionary on (Arrow's
    /// default) with a 1 KB dictionary limit, so p and f fall back to PLAIN pages within each chunk while y and rep
    /// stay dictionary-encoded (as pandas' files do past 131,072 distinct float64s); plain-v2: V2 pages.
    /// </summary>
    private static (double?[] P, double?[] Y, double?[] F, double?[] Rep) ArrowValues()
    {
        var rng = new Random(3);
        int n = 1500;
        var (p, y, f, rep) = (new double?[n], new double?[n], new double?[n], new double?[n]);
        for (int i = 0; i < n; i++)
        {
            p[i] = i % 11 == 5 || i is >= 400 and < 700 ? null : Math.Round(rng.NextDouble(), 7);
            y[i] = i % 13 == 0 ? null : rng.Next(2);
            f[i] = i % 17 == 0 ? null : (float)rng.NextDouble();
            rep[i] = i % 4 * 0.25;
        }
        return (p, y, f, rep);
    }

    [Theory]
    [InlineData("arrow-plain-v1.parquet", true)]
    [InlineData("arrow-dictionary-v1.parquet", true)]
    [InlineData("arrow-plain-v2.parquet", false)]
    public async Task Files_written_by_arrow_read_as_written_directly_or_through_parquet_net(string name, bool direct)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", name);
        var (p, y, f, rep) = ArrowValues();
        double?[][] expected = [p, y, f, rep];

        using (var s = TableStream.Open(path))
        {
            s.Select(["p", "y", "f", "rep"]);
            int row = 0;
            foreach (var b in s.Batches(300, background: false))
            {
                for (int j = 0; j < 4; j++)
                    for (int i = 0; i < b.Count; i++)
                    {
                        double? want = expected[j][row + i];
                        Assert.Equal(want is null, b.Missing[j][i]);
                        if (want is { } v) Assert.Equal(v, b.Values[j][i]);
                    }
                row += b.Count;
            }
            Assert.Equal(1500, row);
        }

        // V1 pages, PLAIN or dictionary-encoded (many per column chunk, nulls as RLE and bit-packed levels), take the
        // direct path; V2 pages are Parquet.Net's.
        var (stream, reader, fields) = await ParquetTableReader.OpenAsync(path);
        await using (stream)
        await using (reader)
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                int n = (int)rg.RowCount;
                foreach (var field in fields)
                    Assert.Equal(direct, ParquetPageReader.TryRead(stream, rg, field, new double[n], new bool[n], 0, n));
            }
    }

    [Fact]
    public void A_damaged_page_is_reported_as_an_unreadable_file_not_an_internal_error()
    {
        // The first page header (bytes 4…11) or the start of the first page's data, overwritten.
        byte[] good = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "arrow-plain-v1.parquet"));
        foreach (var (from, to) in new[] { (4, 12), (40, 400) })
        {
            byte[] bad = [.. good];
            for (int i = from; i < to; i++) bad[i] ^= 0x5A;
            string path = Path.Combine(_files.Dir, $"damaged-{from}.parquet");
            File.WriteAllBytes(path, bad);
            using var s = TableStream.Open(path);
            s.Select(["p"]);
            var e = Assert.Throws<UsageException>(() => s.Batches(background: false).Count());
            Assert.StartsWith($"{path}: not a readable Parquet file", e.Message);
        }
    }

    [Fact]
    public void Rle_bit_packed_hybrid_decodes_the_format_examples()
    {
        // Parquet's RLE/bit-packed hybrid, by hand (parquet-format Encodings.md): an RLE run is a varint
        // (count << 1) and the value in ⌈width/8⌉ bytes; a bit-packed run is (groups << 1) | 1 and width bytes per
        // 8 values, least significant bit first.
        var levels = new int[18];
        byte[] data = [10 << 1, 1, (1 << 1) | 1, 0b1011_0001];
        Assert.Equal(4, ParquetPageReader.DecodeHybrid(data, 1, levels));
        Assert.Equal([.. Enumerable.Repeat(1, 10), 1, 0, 0, 0, 1, 1, 0, 1], levels);

        // The spec's bit-packing example: 0…7 at width 3 are the bytes 10001000 11000110 11111010.
        var eight = new int[8];
        Assert.Equal(4, ParquetPageReader.DecodeHybrid([(1 << 1) | 1, 0b1000_1000, 0b1100_0110, 0b1111_1010], 3, eight));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], eight);

        // A run longer than 127 needs a two-byte varint (300 = 0xAC 0x02, shifted: 0xD8 0x04); a width-17 value
        // takes 3 bytes; a last bit-packed group is padded to 8 values.
        var runs = new int[300];
        Assert.Equal(3, ParquetPageReader.DecodeHybrid([0xD8, 0x04, 0], 1, runs));
        Assert.All(runs, v => Assert.Equal(0, v));
        var wide = new int[5];
        Assert.Equal(4, ParquetPageReader.DecodeHybrid([5 << 1, 0x01, 0x00, 0x01], 17, wide));
        Assert.All(wide, v => Assert.Equal(65537, v));
        var three = new int[3];
        Assert.Equal(2, ParquetPageReader.DecodeHybrid([(1 << 1) | 1, 0b0000_0101], 1, three));
        Assert.Equal([1, 0, 1], three);

        // A value wider than the width, too few values, a truncated varint: malformed.
        Assert.Equal(-1, ParquetPageReader.DecodeHybrid([4 << 1, 2], 1, new int[4]));
        Assert.Equal(-1, ParquetPageReader.DecodeHybrid([2 << 1, 1], 1, new int[4]));
        Assert.Equal(-1, ParquetPageReader.DecodeHybrid([0x80], 1, new int[4]));
    }
}
