using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Plumb.Cli.Data;

/// <summary>
/// Reads a flat Parquet file (Parquet.Net) into a <see cref="Table"/>: numeric and boolean columns become
/// numbers (booleans 1/0, raw text <c>true</c>/<c>false</c>), strings stay text, other types (dates,
/// decimals…) are kept as invariant text. Nulls are missing values. Nested or repeated columns are refused.
/// </summary>
internal static class ParquetTableReader
{
    /// <summary>Reads every row group of the file.</summary>
    public static Table Read(string path) => Guard(path, () => ReadAsync(path));

    /// <summary>Runs a read, turning Parquet.Net's failures into a <see cref="UsageException"/> naming the file.</summary>
    internal static T Guard<T>(string path, Func<Task<T>> read)
    {
        try { return read().GetAwaiter().GetResult(); }
        catch (UsageException) { throw; }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException
                                       or FormatException or IndexOutOfRangeException or ParquetException or Parquet.Meta.Proto.ThriftProtocolException)
        {
            throw new UsageException($"{path}: not a readable Parquet file ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
    }

    /// <summary>Opens the file and checks that its schema is flat; returns its data fields.</summary>
    internal static async Task<(Stream Stream, ParquetReader Reader, DataField[] Fields)> OpenAsync(string path)
    {
        if (new FileInfo(path).Length == 0) throw new UsageException($"{path}: file is empty (not a Parquet file)");
        var stream = System.IO.File.OpenRead(path);
        try
        {
            var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
            var schema = reader.Schema;
            if (schema.Fields.Count == 0) throw new UsageException($"{path}: the Parquet schema has no columns");
            foreach (var f in schema.Fields)
                if (f is not DataField df || df.IsArray)
                    throw new UsageException($"{path}: column '{f.Name}' is nested or repeated; only flat columns are supported");
            return (stream, reader, schema.GetDataFields());
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Table> ReadAsync(string path)
    {
        var (stream, reader, fields) = await OpenAsync(path).ConfigureAwait(false);
        await using var ownedStream = stream;
        await using var ownedReader = reader;

        long total = TotalRows(reader);
        if (total == 0) throw new UsageException($"{path}: no data rows (columns: {string.Join(", ", fields.Select(f => f.Name))})");
        if (total > int.MaxValue) throw new UsageException($"{path}: {total} rows is more than this reader holds in memory");
        int rows = (int)total;

        var table = new Table(path, TableFormat.Parquet, rows, firstRowNumber: 1);
        for (int j = 0; j < fields.Length; j++)
        {
            var field = fields[j];
            Type t = field.ClrType;
            bool numeric = IsNumeric(t) || t == typeof(bool);
            var numbers = numeric ? new double[rows] : null;
            var nulls = numeric && field.IsNullable ? new bool[rows] : null;
            var text = numeric ? null : new string?[rows];
            int offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                int n = checked((int)rg.RowCount);
                if (numeric) await ReadNumbersAsync(stream, rg, field, numbers!, nulls, offset, n).ConfigureAwait(false);
                else await ReadTextAsync(path, rg, field, text!, offset, n).ConfigureAwait(false);
                offset += n;
            }
            table.Add(numeric
                ? TableColumn.FromNumbers(table, field.Name, j, numbers!, nulls, t == typeof(bool))
                : TableColumn.FromText(table, field.Name, j, text!));
        }
        return table;
    }

    /// <summary>Rows in the file: the sum of its row groups' row counts (from the footer, nothing is decoded).</summary>
    internal static long TotalRows(ParquetReader reader)
    {
        long total = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            total += rg.RowCount;
        }
        return total;
    }

    internal static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short)
        || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(decimal) || t == typeof(Half);

    /// <summary>
    /// Reads a numeric or boolean column of one row group as float64 into <paramref name="into"/> from
    /// <paramref name="offset"/>, flagging nulls in <paramref name="nulls"/> (values there are left as they were).
    /// Float and integer columns with PLAIN or dictionary-encoded V1 pages are read by <see cref="ParquetPageReader"/> from <paramref name="stream"/>
    /// (the stream the reader was opened on), the rest by Parquet.Net.
    /// </summary>
    internal static Task ReadNumbersAsync(Stream stream, ParquetRowGroupReader rg, DataField field, double[] into, bool[]? nulls, int offset, int n)
    {
        if (ParquetPageReader.TryRead(stream, rg, field, into, nulls, offset, n)) return Task.CompletedTask;
        Type t = field.ClrType;
        if (t == typeof(double)) return Read<double>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(float)) return Read<float>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(int)) return Read<int>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(long)) return Read<long>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(short)) return Read<short>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(sbyte)) return Read<sbyte>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(byte)) return Read<byte>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(ushort)) return Read<ushort>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(uint)) return Read<uint>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(ulong)) return Read<ulong>(rg, field, into, nulls, offset, n, v => v);
        if (t == typeof(decimal)) return Read<decimal>(rg, field, into, nulls, offset, n, v => (double)v);
        if (t == typeof(Half)) return Read<Half>(rg, field, into, nulls, offset, n, v => (double)v);
        if (t == typeof(bool)) return Read<bool>(rg, field, into, nulls, offset, n, v => v ? 1 : 0);
        throw new NotSupportedException($"column type {t.Name}");
    }

    private static async Task Read<T>(ParquetRowGroupReader rg, DataField field, double[] into, bool[]? nulls, int offset, int n, Func<T, double> convert)
        where T : struct
    {
        if (nulls is null && typeof(T) == typeof(double))
        {
            // Required float64: straight into the batch.
            await rg.ReadAsync(field, into.AsMemory(offset, n)).ConfigureAwait(false);
            return;
        }
        // Buffers from the shared pool: a row group's column is read into memory already mapped.
        if (nulls is null)
        {
            var buffer = System.Buffers.ArrayPool<T>.Shared.Rent(n);
            try
            {
                await rg.ReadAsync(field, buffer.AsMemory(0, n)).ConfigureAwait(false);
                for (int i = 0; i < n; i++) into[offset + i] = convert(buffer[i]);
            }
            finally { System.Buffers.ArrayPool<T>.Shared.Return(buffer); }
        }
        else
        {
            var buffer = System.Buffers.ArrayPool<T?>.Shared.Rent(n);
            try
            {
                await rg.ReadAsync(field, buffer.AsMemory(0, n)).ConfigureAwait(false);
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] is { } v) into[offset + i] = convert(v);
                    else nulls[offset + i] = true;
                }
            }
            finally { System.Buffers.ArrayPool<T?>.Shared.Return(buffer); }
        }
    }

    private static async Task ReadTextAsync(string path, ParquetRowGroupReader rg, DataField field, string?[] into, int offset, int n)
    {
        Type t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var buffer = new string?[n];
            await rg.ReadAsync(field, buffer.AsMemory()).ConfigureAwait(false);
            Array.Copy(buffer, 0, into, offset, n);
        }
        else if (t == typeof(DateTime)) await ReadText<DateTime>(rg, field, into, offset, n, v => v.ToString("o", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        else if (t == typeof(DateOnly)) await ReadText<DateOnly>(rg, field, into, offset, n, v => v.ToString("o", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        else if (t == typeof(TimeOnly)) await ReadText<TimeOnly>(rg, field, into, offset, n, v => v.ToString("o", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        else if (t == typeof(TimeSpan)) await ReadText<TimeSpan>(rg, field, into, offset, n, v => v.ToString("c", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        else if (t == typeof(Guid)) await ReadText<Guid>(rg, field, into, offset, n, v => v.ToString()).ConfigureAwait(false);
        else throw new UsageException($"{path}: column '{field.Name}' has Parquet type {t.Name}; supported are numbers, booleans, strings, dates and times");
    }

    private static async Task ReadText<T>(ParquetRowGroupReader rg, DataField field, string?[] into, int offset, int n, Func<T, string> format)
        where T : struct
    {
        var buffer = new T?[n];
        await rg.ReadAsync(field, buffer.AsMemory()).ConfigureAwait(false);
        for (int i = 0; i < n; i++) into[offset + i] = buffer[i] is { } v ? format(v) : null;
    }
}
