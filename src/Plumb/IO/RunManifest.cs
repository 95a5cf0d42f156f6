using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plumb.IO;

/// <summary>
/// <c>plumb-run.json</c>: the list of a run's files with their sizes and SHA-256 hashes, written last into the
/// staging folder. A reader that <see cref="Verify(string, string[])"/>s it knows every file it reads belongs to that one run.
/// </summary>
public static class RunManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "plumb-run.json";

    /// <summary>The manifest format.</summary>
    public const string Format = "plumb.run/1";

    /// <summary>Largest manifest read (a run lists a few dozen files).</summary>
    private const long MaxBytes = 1 << 20;

    /// <summary>
    /// Hashes every file under <paramref name="dir"/>, flushes each to disk, then writes the manifest (flushed too).
    /// </summary>
    /// <returns>The run id written into the manifest.</returns>
    public static string Write(string dir)
    {
        var files = new JsonObject();
        foreach (string path in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(dir, path).Replace('\\', '/');
            if (rel == FileName) continue;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            fs.Flush(flushToDisk: true);
            files[rel] = new JsonObject { ["bytes"] = fs.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(fs)) };
        }
        string id = Guid.NewGuid().ToString("N");
        var doc = new JsonObject { ["format"] = Format, ["run"] = id, ["created"] = DateTime.UtcNow.ToString("O"), ["files"] = files };
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (string sub in Directory.GetDirectories(dir, "*", SearchOption.AllDirectories)) NativeFs.FsyncDirectory(sub);
        NativeFs.FsyncDirectory(dir);
        return id;
    }

    /// <summary>
    /// Checks that <paramref name="dir"/> holds one complete run: the manifest parses, every listed file is present
    /// with its size and hash, and no other file sits beside them (dot-files excepted).
    /// </summary>
    /// <param name="dir">The run folder.</param>
    /// <param name="required">Files the caller is about to read: each must be listed.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="RunFolderException">Names the file and what is wrong.</exception>
    public static string Verify(string dir, params string[] required) => Verify(dir, required, null);

    /// <summary>As <see cref="Verify(string, string[])"/>, except that listed files <paramref name="regenerated"/> accepts
    /// may be missing (outputs the caller is about to write again, e.g. a report's HTML and plots).</summary>
    /// <param name="dir">The run folder.</param>
    /// <param name="required">Files the caller is about to read: each must be listed.</param>
    /// <param name="regenerated">Folder-relative paths (with <c>/</c>) that may be missing.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="RunFolderException">Names the file and what is wrong.</exception>
    public static string Verify(string dir, IReadOnlyCollection<string> required, Func<string, bool>? regenerated)
    {
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
            throw new RunFolderException(path, null, "missing: the folder is not a complete Plumb run (interrupted, written by hand, or by a Plumb before runs had manifests); train again");
        if (new FileInfo(path).Length > MaxBytes) throw new RunFolderException(path, null, $"larger than {MaxBytes} bytes: not a run manifest");
        JsonObject doc;
        try { doc = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new RunFolderException(path, null, $"not valid JSON: {e.Message}"); }
        if (doc["format"] is not JsonValue fv || !fv.TryGetValue(out string? format) || format != Format)
            throw new RunFolderException(path, "format", $"expected '{Format}'");
        if (doc["run"] is not JsonValue rv || !rv.TryGetValue(out string? run) || string.IsNullOrEmpty(run))
            throw new RunFolderException(path, "run", "missing run id");
        if (doc["files"] is not JsonObject files) throw new RunFolderException(path, "files", "missing file list");
        foreach (var (rel, entry) in files)
        {
            if (rel.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(rel))
                throw new RunFolderException(path, $"files.{rel}", "a path outside the run folder");
            string file = Path.Combine(dir, rel);
            if (!File.Exists(file))
            {
                if (regenerated?.Invoke(rel) == true) continue;
                throw new RunFolderException(file, null, $"missing: run {run} lists it");
            }
            if (entry is not JsonObject e || e["bytes"] is not JsonValue bv || !bv.TryGetValue(out long bytes) || e["sha256"] is not JsonValue hv || !hv.TryGetValue(out string? hash))
                throw new RunFolderException(path, $"files.{rel}", "needs bytes and sha256");
            using var fs = File.OpenRead(file);
            if (fs.Length != bytes || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(fs)), hash, StringComparison.Ordinal))
                throw new RunFolderException(file, null, $"does not belong to run {run} (changed or replaced since the run wrote it: {fs.Length} bytes, the run wrote {bytes})");
        }
        foreach (string file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (rel == FileName || Path.GetFileName(rel).StartsWith('.')) continue;
            if (!files.ContainsKey(rel)) throw new RunFolderException(file, null, $"not part of run {run} (left from another run or added later)");
        }
        foreach (string r in required)
            if (!files.ContainsKey(r)) throw new RunFolderException(Path.Combine(dir, r), null, $"missing: run {run} did not write it");
        return run;
    }
}
