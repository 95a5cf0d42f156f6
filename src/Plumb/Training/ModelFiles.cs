using System.Text.Json;
using System.Text.Json.Nodes;
using Plumb.IO;

namespace Plumb.Training;

/// <summary>
/// The files of a saved model: a small JSON (format <c>plumb.model/2</c>: compile settings, the names of the tensor
/// files) at the path the user gives, and beside it the weights and the optimizer state in TorchSharp's state-dict
/// format (<c>Module.save</c> / <c>Optimizer.save_state_dict</c>), named <c>&lt;file&gt;.&lt;id&gt;.weights</c> and
/// <c>&lt;file&gt;.&lt;id&gt;.optimizer</c>.
/// </summary>
/// <remarks>
/// Each save writes its tensor files under a fresh id (their SHA-256 recorded in the JSON and checked on load), then the
/// JSON (atomically), then deletes the tensor files of
/// earlier saves to the same path: a crash at any point leaves a JSON whose tensor files exist. Format
/// <c>plumb.model/1</c> (one JSON with base64 tensors) still loads.
/// </remarks>
internal static class ModelFiles
{
    public const string JsonFormat = "plumb.model/1";
    public const string BinaryFormat = "plumb.model/2";
    private const string WeightsSuffix = ".weights", OptimizerSuffix = ".optimizer";

    /// <summary>Writes the tensor files, then <paramref name="meta"/> (format and file names added) at <paramref name="path"/>.</summary>
    public static void Save(string path, JsonObject meta, Action<Stream> writeWeights, Action<Stream>? writeOptimizer)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        string id = Guid.NewGuid().ToString("N")[..12];
        string weights = $"{name}.{id}{WeightsSuffix}";
        meta["weights_sha256"] = WriteHashed(Path.Combine(dir, weights), writeWeights);
        string? optimizer = null;
        if (writeOptimizer is not null)
        {
            optimizer = $"{name}.{id}{OptimizerSuffix}";
            meta["optimizer_sha256"] = WriteHashed(Path.Combine(dir, optimizer), writeOptimizer);
        }
        meta["format"] = BinaryFormat;
        meta["weights_file"] = weights;
        meta["optimizer_file"] = optimizer;
        AtomicFile.Write(full, s => { using var w = new Utf8JsonWriter(s); meta.WriteTo(w); });
        foreach (string old in Directory.EnumerateFiles(dir, name + ".*"))
        {
            string f = Path.GetFileName(old);
            if (f == weights || f == optimizer || !(f.EndsWith(WeightsSuffix, StringComparison.Ordinal) || f.EndsWith(OptimizerSuffix, StringComparison.Ordinal))) continue;
            string mid = f[(name.Length + 1)..f.LastIndexOf('.')];
            if (mid.Length == id.Length && mid.All(char.IsAsciiHexDigitLower))
                try { File.Delete(old); } catch (IOException) { } // best effort: a reader may hold it open
        }
    }

    /// <summary>Opens the tensor file that <paramref name="doc"/>'s <paramref name="key"/> names, beside <paramref name="path"/>; null when absent.</summary>
    /// <exception cref="InvalidDataException">The JSON names a file that is not there.</exception>
    public static FileStream? Open(string path, JsonObject doc, string key)
    {
        if ((string?)doc[key] is not { } file) return null;
        if (file != Path.GetFileName(file)) throw new InvalidDataException($"'{path}': {key} '{file}' must be a file name beside it");
        string p = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, file);
        if (!File.Exists(p))
            throw new InvalidDataException($"'{path}' keeps its tensors in '{file}' beside it, which is missing: copy or move a saved model " +
                                           $"with all its files ('{Path.GetFileName(path)}.*')");
        // The JSON carries each tensor file's SHA-256: a file from another save (or damaged) is refused by name.
        if ((string?)doc[key.Replace("_file", "_sha256", StringComparison.Ordinal)] is { } expected && HashingStream.OfFile(p) != expected)
            throw new InvalidDataException($"'{path}': '{file}' does not belong to this save (its SHA-256 differs from the one recorded)");
        return new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
    }

    private static string WriteHashed(string path, Action<Stream> write)
    {
        string hex = "";
        AtomicFile.Write(path, s =>
        {
            var h = new HashingStream(s);
            write(h);
            hex = h.Finish();
        });
        return hex;
    }
}
