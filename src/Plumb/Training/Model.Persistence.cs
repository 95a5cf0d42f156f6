using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Plumb.IO;

namespace Plumb.Training;

public sealed partial class Model
{
    /// <summary>NaN and ±∞ are legal in logs (a diverged epoch), so they are written as named literals.</summary>
    internal static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Saves the weights (parameters and buffers), the optimizer state and the compile configuration: a small JSON at
    /// <paramref name="path"/> and, beside it, the weights and the optimizer state in TorchSharp's state-dict format
    /// (<c>&lt;file&gt;.&lt;id&gt;.weights</c>, <c>&lt;file&gt;.&lt;id&gt;.optimizer</c>; copy them with the JSON). Atomic: a crash
    /// mid-save leaves the previous save loadable.
    /// </summary>
    /// <remarks>The architecture is not saved: <c>Model.Load(path, module)</c> takes a module
    /// of the same architecture. Loss objects are saved by name (and <c>from_logits</c>); metric factories by metric name.
    /// The weights file is TorchSharp's own format: <c>module.load(weightsFile)</c> reads it without Plumb.</remarks>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var meta = new JsonObject { ["compile"] = _config is null ? null : JsonSerializer.SerializeToNode(_config, Json) };
        ModelFiles.Save(path, meta, s => { using (var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true)) Module.save(w); },
            _optimizer is OptimizerHelper h ? s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); h.save_state_dict(w); } : null);
    }

    /// <summary>Loads weights (and the optimizer state when compiled the same way) saved by <see cref="Save"/>; compiles from
    /// the saved configuration when this model is not compiled yet.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="customObjects">The user's own losses and metrics the model was compiled with, by saved name
    /// (Keras' <c>custom_objects</c>); registered ones need no entry.</param>
    /// <exception cref="InvalidDataException">Not a Plumb model file, another architecture, or a loss/metric that is
    /// neither Plumb's, registered, nor in <paramref name="customObjects"/> (the message names it and how to pass it).</exception>
    public void LoadWeights(string path, CustomObjects? customObjects = null)
    {
        JsonObject doc = ReadDoc(path);
        if (_config is null && doc["compile"] is JsonObject c && c.Deserialize<CompileConfig>(Json) is { } cfg)
        {
            var objects = customObjects ?? new CustomObjects();
            Compile(cfg.Optimizer, cfg.LearningRate, objects.Loss(cfg.Loss, path), [.. cfg.Metrics.Select(m => objects.Metric(m, path))],
                [.. cfg.WeightedMetrics.Select(m => objects.Metric(m, path))], cfg.Validate);
        }
        if ((string?)doc["format"] == ModelFiles.BinaryFormat)
        {
            using (var ws = ModelFiles.Open(path, doc, "weights_file") ?? throw new InvalidDataException($"'{path}' names no weights file"))
                LoadWeightStream(ws);
            if (_optimizer is not null)
                using (var os = ModelFiles.Open(path, doc, "optimizer_file"))
                    if (os is not null) LoadOptimizerStream(os);
            return;
        }
        LoadWeightBytes(Convert.FromBase64String((string)doc["weights"]!));
        if (_optimizer is not null && doc["optimizer"] is JsonValue ov) LoadOptimizerBytes(Convert.FromBase64String((string)ov!));
    }

    /// <summary>Wraps <paramref name="module"/> (same architecture as saved), loads the weights and compiles from the file.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="module">A module of the saved architecture.</param>
    /// <param name="outputActivation">The module's output activation, when it cannot be read from the module.</param>
    /// <param name="customObjects">The user's own losses and metrics by saved name (see <see cref="CustomObjects"/>).</param>
    /// <exception cref="InvalidDataException">See <see cref="LoadWeights"/>.</exception>
    public static Model Load(string path, nn.Module<Tensor, Tensor> module, string? outputActivation = null, CustomObjects? customObjects = null)
    {
        var model = new Model(module, outputActivation);
        try { model.LoadWeights(path, customObjects); }
        catch
        {
            model._optimizer?.Dispose();
            throw;
        }
        return model;
    }

    private static JsonObject ReadDoc(string path)
    {
        JsonObject? doc;
        try { doc = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject; }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a Plumb model file: {e.Message}", e); }
        if (doc is null || (string?)doc["format"] is not (ModelFiles.JsonFormat or ModelFiles.BinaryFormat))
            throw new InvalidDataException($"'{path}' is not a Plumb model file (format {ModelFiles.BinaryFormat}, or {ModelFiles.JsonFormat} from earlier versions)");
        return doc;
    }

    internal byte[] WeightBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) Module.save(w);
        return ms.ToArray();
    }

    internal void LoadWeightBytes(byte[] bytes) => LoadWeightStream(new MemoryStream(bytes));

    private void LoadWeightStream(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try { Module.load(r); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"the saved weights do not fit this module: {e.Message}", e);
        }
    }

    internal byte[]? OptimizerBytes()
    {
        if (_optimizer is not OptimizerHelper h) return null;
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) h.save_state_dict(w);
        return ms.ToArray();
    }

    internal void LoadOptimizerBytes(byte[] bytes) => LoadOptimizerStream(new MemoryStream(bytes));

    private void LoadOptimizerStream(Stream stream)
    {
        if (_optimizer is not OptimizerHelper h) return;
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        h.load_state_dict(r);
    }

    /// <summary>The state BackupAndRestore writes after epoch <paramref name="epoch"/>.</summary>
    /// <remarks>The tensors (weights, optimizer state, callbacks' weights) are returned as named blobs for the caller
    /// to write beside the JSON in TorchSharp's binary state-dict format; the JSON names them.</remarks>
    internal (JsonObject State, List<(string Name, byte[] Bytes)> Blobs) TrainingState(int epoch, IReadOnlyList<Callback> callbacks)
    {
        var blobs = new List<(string Name, byte[] Bytes)> { ("weights", WeightBytes()) };
        if (OptimizerBytes() is { } ob) blobs.Add(("optimizer", ob));
        var states = new JsonObject();
        var weights = new JsonObject();
        for (int i = 0; i < callbacks.Count; i++)
            if (callbacks[i] is IStatefulCallback s)
            {
                states[StateKey(callbacks[i], i)] = JsonSerializer.SerializeToNode(s.SaveState(), Json);
                if (s.SaveWeights(this) is { } w)
                {
                    weights[StateKey(callbacks[i], i)] = $"callback{i}";
                    blobs.Add(($"callback{i}", w));
                }
            }
        var state = new JsonObject
        {
            ["format"] = BackupFormat,
            ["epoch"] = epoch,
            ["seed"] = _baseSeed,
            ["lr"] = LearningRate,
            ["weights"] = "weights",
            ["optimizer"] = blobs.Any(b => b.Name == "optimizer") ? "optimizer" : null,
            ["history"] = History is null ? null : JsonSerializer.SerializeToNode(History.ToRecords(), Json),
            ["callbacks"] = states,
            ["callback_weights"] = weights,
        };
        return (state, blobs);
    }

    internal const string BackupFormat = "plumb.backup/2";

    /// <summary>Restores a <see cref="TrainingState"/>; Fit continues with the next epoch.</summary>
    /// <param name="state">The backup's JSON.</param>
    /// <param name="blob">Reads a blob the JSON names (format 2); format 1 keeps its tensors in the JSON as base64.</param>
    internal void RestoreTrainingState(JsonObject state, Func<string, byte[]> blob)
    {
        string? format = (string?)state["format"];
        if (format is not ("plumb.backup/1" or BackupFormat)) throw new InvalidDataException("not a Plumb backup");
        Func<string, byte[]> read = format == BackupFormat ? blob : Convert.FromBase64String;
        LoadWeightBytes(read((string)state["weights"]!));
        if (state["optimizer"] is JsonValue ov) LoadOptimizerBytes(read((string)ov!));
        LearningRate = (double)state["lr"]!;
        _baseSeed = (long)state["seed"]!;
        _resumeEpoch = (int)state["epoch"]! + 1;
        if (state["history"] is JsonArray h && History is not null)
            foreach (var rec in h.Deserialize<List<HistoryRecord>>(Json)!) History.Add(rec.Epoch, rec.Logs);
        if (state["callbacks"] is JsonObject cs)
            _pendingCallbackStates = cs.ToDictionary(kv => kv.Key, kv => kv.Value!.Deserialize<Dictionary<string, double>>(Json)!);
        if (state["callback_weights"] is JsonObject cw)
            _pendingCallbackWeights = cw.ToDictionary(kv => kv.Key, kv => read((string)kv.Value!));
    }
}
