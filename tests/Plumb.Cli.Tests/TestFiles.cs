using Parquet;
using Parquet.Schema;

namespace Plumb.Cli.Tests;

/// <summary>A temporary directory of small data files, deleted after the test.</summary>
public sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Dir = Path.Combine(Path.GetTempPath(), "plumb-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    /// <summary>Writes text (lines joined by \n, final newline) and returns the path.</summary>
    public string Text(string name, params string[] lines)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, lines.Length == 0 ? "" : string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>Writes a Parquet file with one row group per entry of <paramref name="groups"/>.</summary>
    public string Parquet(string name, ParquetSchema schema, params Func<ParquetRowGroupWriter, Task>[] groups) =>
        Parquet(name, schema, null, groups);

    /// <summary>Writes a Parquet file with the writer's <paramref name="options"/> (compression, encodings).</summary>
    public string Parquet(string name, ParquetSchema schema, ParquetOptions? options, params Func<ParquetRowGroupWriter, Task>[] groups)
    {
        string path = Path.Combine(Dir, name);
        Write().GetAwaiter().GetResult();
        return path;

        async Task Write()
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, options);
            foreach (var g in groups)
            {
                using var rg = writer.CreateRowGroup();
                await g(rg);
            }
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
