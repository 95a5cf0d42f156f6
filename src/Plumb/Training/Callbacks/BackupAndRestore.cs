using System.Text.Json.Nodes;
using Plumb.IO;

namespace Plumb.Training;

/// <summary>
/// Survives a crash: after every epoch it writes the training state (weights, optimizer state, learning rate, the
/// run's seed, the history so far, the counters of EarlyStopping / ReduceLROnPlateau and EarlyStopping's best weights)
/// to <c>backupDir/backup.json</c>, with the tensors beside it in TorchSharp's binary state-dict format
/// (<c>backup.json.&lt;id&gt;.weights.bin</c>, <c>….optimizer.bin</c>): tensor files first, the JSON that names them last
/// and atomically, so a crash at any point leaves a loadable backup. A later <c>Fit</c> with the same backup folder
/// resumes after the last saved epoch; a backup in the earlier one-JSON format (base64 tensors) still loads.
/// </summary>
/// <remarks>
/// Because each epoch's shuffle and dropout are seeded from (run seed, epoch), the resumed run on CPU is bit-identical
/// to the uninterrupted one. When training ends normally the backup is deleted (unless <c>deleteCheckpoint</c> is
/// false).
/// <code>
/// model.Fit(x, y, epochs: 100, callbacks: [new BackupAndRestore("backup/")]);
/// </code>
/// </remarks>
public sealed class BackupAndRestore(string backupDir, bool deleteCheckpoint = true) : Callback
{
    /// <summary>The backup file.</summary>
    public string BackupFile { get; } = Path.Combine(!string.IsNullOrWhiteSpace(backupDir) ? backupDir
        : throw new ArgumentException("a backup folder is required", nameof(backupDir)), "backup.json");

    /// <summary>The epoch the last run resumed after, or null when it started fresh.</summary>
    public int? ResumedAfterEpoch { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        ResumedAfterEpoch = null;
        if (!File.Exists(BackupFile)) return;
        var state = JsonNode.Parse(File.ReadAllBytes(BackupFile)) as JsonObject
            ?? throw new InvalidDataException($"'{BackupFile}' is not a Plumb backup");
        string dir = Path.GetDirectoryName(Path.GetFullPath(BackupFile))!;
        RequireModel().RestoreTrainingState(state, file =>
        {
            if (file != Path.GetFileName(file)) throw new InvalidDataException($"'{BackupFile}': '{file}' must be a file name beside it");
            string path = Path.Combine(dir, file);
            if (!File.Exists(path)) throw new InvalidDataException($"'{BackupFile}' keeps its tensors in '{file}' beside it, which is missing");
            byte[] bytes = File.ReadAllBytes(path);
            if ((string?)state["sha256"]?[file] is { } expected && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) != expected)
                throw new InvalidDataException($"'{BackupFile}': '{file}' does not belong to this backup (its SHA-256 differs from the one recorded)");
            return bytes;
        });
        ResumedAfterEpoch = (int)state["epoch"]!;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var model = RequireModel();
        var (state, blobs) = model.TrainingState(epoch, model.ActiveCallbacks);
        // Tensors first, each under a fresh id in TorchSharp's binary format, then the JSON that names them (atomically),
        // then the previous backup's tensors: a crash at any point leaves a JSON whose files exist.
        string dir = Path.GetDirectoryName(Path.GetFullPath(BackupFile))!;
        Directory.CreateDirectory(dir);
        string id = Guid.NewGuid().ToString("N")[..12];
        var written = new HashSet<string>();
        var hashes = new JsonObject();
        foreach (var (name, bytes) in blobs)
        {
            string file = $"{Path.GetFileName(BackupFile)}.{id}.{name}.bin";
            AtomicFile.WriteAllBytes(Path.Combine(dir, file), bytes);
            written.Add(file);
            Rename(state, name, file);
            hashes[file] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        }
        state["sha256"] = hashes;
        AtomicFile.Write(BackupFile, s => { using var w = new System.Text.Json.Utf8JsonWriter(s); state.WriteTo(w); });
        DeleteTensorsExcept(written);
    }

    private static void Rename(JsonObject state, string name, string file)
    {
        if ((string?)state["weights"] == name) state["weights"] = file;
        else if ((string?)state["optimizer"] == name) state["optimizer"] = file;
        else if (state["callback_weights"] is JsonObject cw)
            foreach (var key in cw.Where(kv => (string?)kv.Value == name).Select(kv => kv.Key).ToList()) cw[key] = file;
    }

    private void DeleteTensorsExcept(HashSet<string> keep)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(BackupFile))!;
        if (!Directory.Exists(dir)) return;
        foreach (string f in Directory.EnumerateFiles(dir, Path.GetFileName(BackupFile) + ".*.bin"))
            if (!keep.Contains(Path.GetFileName(f)))
                try { File.Delete(f); } catch (IOException) { } // best effort: a reader may hold it open
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (!deleteCheckpoint) return;
        if (File.Exists(BackupFile)) File.Delete(BackupFile);
        DeleteTensorsExcept([]);
    }
}
