using System.Text.Json.Nodes;
using Plumb.IO;

namespace Plumb.Training;

/// <summary>
/// Survives a crash: after every epoch it writes the training state (weights, optimizer state, learning rate, the
/// run's seed, the history so far and the counters of EarlyStopping / ReduceLROnPlateau) atomically to
/// <c>backupDir/backup.json</c>; a later <c>Fit</c> with the same backup folder resumes after the last saved epoch.
/// </summary>
/// <remarks>
/// Because each epoch's shuffle and dropout are seeded from (run seed, epoch), the resumed run on CPU is bit-identical
/// to the uninterrupted one. When training ends normally the backup is deleted (unless <c>deleteCheckpoint</c> is
/// false). Not restored: EarlyStopping's best-weights copy (a resumed run with restoreBestWeights keeps its best from
/// the resumed epochs on).
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
        RequireModel().RestoreTrainingState(state);
        ResumedAfterEpoch = (int)state["epoch"]!;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var model = RequireModel();
        var state = model.TrainingState(epoch, model.ActiveCallbacks);
        AtomicFile.Write(BackupFile, s => { using var w = new System.Text.Json.Utf8JsonWriter(s); state.WriteTo(w); });
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (deleteCheckpoint && File.Exists(BackupFile)) File.Delete(BackupFile);
    }
}
