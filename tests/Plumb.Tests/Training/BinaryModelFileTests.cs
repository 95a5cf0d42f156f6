using System.Text.Json.Nodes;
using Plumb.IO;
using Plumb.Layers;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public sealed class BinaryModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Sequential Net() => new Sequential(4).Dense(16, "tanh").BatchNorm().Dense(1, "sigmoid");

    private static Model Trained(Tensor x, Tensor y)
    {
        random.manual_seed(21);
        var model = new Model(Net());
        model.Compile("adam", 0.01, "bce", ["accuracy"]);
        model.Fit(x, y, epochs: 2, batchSize: 16, seed: 1);
        return model;
    }

    private static float[] State(Model m) =>
        [.. m.Module.state_dict().Values.SelectMany(t => t.detach().to_type(ScalarType.Float32).cpu().data<float>().ToArray())];

    [Fact]
    public void Save_and_load_round_trip_bit_exact_with_the_optimizer_state()
    {
        var (x, y) = Kit.Binary(5);
        string file = Path.Combine(_dir, "model.json");
        using var model = Trained(x, y);
        model.Save(file);
        random.manual_seed(99); // another initialisation, overwritten by the load
        using var loaded = Model.Load(file, Net());
        Assert.Equal(State(model), State(loaded)); // parameters and BatchNorm buffers, bit for bit
        // Adam's moments came back too: one more epoch from both gives the same weights.
        model.Fit(x, y, epochs: 1, batchSize: 16, seed: 2);
        loaded.Fit(x, y, epochs: 1, batchSize: 16, seed: 2);
        Assert.Equal(State(model), State(loaded));
    }

    [Fact]
    public void The_json_is_small_and_the_weights_are_torchsharp_state_dict_files()
    {
        var (x, y) = Kit.Binary(5);
        string file = Path.Combine(_dir, "model.json");
        using var model = Trained(x, y);
        model.Save(file);
        Assert.True(new FileInfo(file).Length < 2048, $"{new FileInfo(file).Length} bytes");
        var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal("plumb.model/2", (string?)doc["format"]);
        string weights = Path.Combine(_dir, (string)doc["weights_file"]!);
        Assert.True(File.Exists(Path.Combine(_dir, (string)doc["optimizer_file"]!)));
        // Plain TorchSharp reads the weights file.
        random.manual_seed(99);
        using var plain = Net();
        plain.load(weights);
        using var loaded = new Model(plain);
        Assert.Equal(State(model), State(loaded));
    }

    [Fact]
    public void Saving_again_replaces_the_tensor_files_and_a_crash_keeps_the_previous_save()
    {
        var (x, y) = Kit.Binary(5);
        string file = Path.Combine(_dir, "best.json");
        using var model = Trained(x, y);
        model.Save(file);
        float[] first = State(model);
        model.Fit(x, y, epochs: 1, batchSize: 16, seed: 3);
        model.Save(file);
        Assert.Equal(3, Directory.GetFiles(_dir).Length); // best.json, one weights file, one optimizer file

        model.Fit(x, y, epochs: 1, batchSize: 16, seed: 4);
        float[] second;
        using (var saved = Model.Load(file, Net())) second = State(saved);
        // Crash after the new tensor files are written, before the JSON is renamed into place.
        AtomicFile.BeforeCommit.Value = temp =>
        {
            string n = Path.GetFileName(temp);
            if (!n.Contains(".weights.") && !n.Contains(".optimizer.")) throw new IOException("crash");
        };
        try { Assert.Throws<IOException>(() => model.Save(file)); }
        finally { AtomicFile.BeforeCommit.Value = null; }
        using var after = Model.Load(file, Net());
        Assert.Equal(second, State(after));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_model_saved_as_one_json_by_earlier_versions_still_loads()
    {
        var (x, y) = Kit.Binary(5);
        using var model = Trained(x, y);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) model.Module.save(w);
        string file = Path.Combine(_dir, "old.json");
        File.WriteAllText(file, new JsonObject
        {
            ["format"] = "plumb.model/1",
            ["compile"] = JsonNode.Parse("""{"Optimizer":"adam","LearningRate":0.01,"Loss":"binary_crossentropy","Metrics":["accuracy"],"WeightedMetrics":[],"Validate":true}"""),
            ["weights"] = Convert.ToBase64String(ms.ToArray()),
            ["optimizer"] = null,
        }.ToJsonString());
        random.manual_seed(99);
        using var loaded = Model.Load(file, Net());
        Assert.Equal(State(model), State(loaded));
        Assert.Equal("binary_crossentropy", loaded.Configuration!.Loss);
    }

    [Fact]
    public void A_json_without_its_weights_file_is_refused_naming_the_file()
    {
        var (x, y) = Kit.Binary(5);
        string file = Path.Combine(_dir, "model.json");
        using var model = Trained(x, y);
        model.Save(file);
        string weights = (string)JsonNode.Parse(File.ReadAllText(file))!["weights_file"]!;
        File.Delete(Path.Combine(_dir, weights));
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(file, Net()));
        Assert.Contains($"'{weights}' beside it, which is missing", e.Message);
        File.WriteAllText(file, """{"format":"plumb.model/9"}""");
        e = Assert.Throws<InvalidDataException>(() => Model.Load(file, Net()));
        Assert.Contains("is not a Plumb model file", e.Message);
    }

    [Fact]
    public void A_weights_file_from_another_save_is_refused_by_its_recorded_hash()
    {
        var (x, y) = Kit.Binary(6);
        string a = Path.Combine(_dir, "a.json"), b = Path.Combine(_dir, "b.json");
        using (var model = Trained(x, y)) model.Save(a);
        using (var other = Trained(x, y))
        {
            other.Fit(x, y, epochs: 1, seed: 9, verbose: 0); // different weights
            other.Save(b);
        }
        var docA = JsonNode.Parse(File.ReadAllText(a))!;
        Assert.Equal(64, ((string)docA["weights_sha256"]!).Length);
        string weightsA = (string)docA["weights_file"]!, weightsB = (string)JsonNode.Parse(File.ReadAllText(b))!["weights_file"]!;
        File.Copy(Path.Combine(_dir, weightsB), Path.Combine(_dir, weightsA), overwrite: true);
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(a, Net()));
        Assert.Contains($"'{weightsA}' does not belong to this save", e.Message);
    }

    [Fact]
    public void A_backup_tensor_that_was_replaced_is_refused_by_its_recorded_hash()
    {
        var (x, y) = Kit.Binary(7);
        string dir = Path.Combine(_dir, "backup");
        using (var model = new Model(Net()))
        {
            model.Compile("adam", "binary_crossentropy");
            model.Fit(x, y, epochs: 1, seed: 2, verbose: 0, callbacks: [new BackupAndRestore(dir, deleteCheckpoint: false)]);
        }
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "backup.json")))!;
        string weights = (string)doc["weights"]!;
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, weights));
        bytes[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(dir, weights), bytes);
        using var resumed = new Model(Net());
        resumed.Compile("adam", "binary_crossentropy");
        var e = Assert.Throws<InvalidDataException>(() =>
            resumed.Fit(x, y, epochs: 2, seed: 2, verbose: 0, callbacks: [new BackupAndRestore(dir)]));
        Assert.Contains($"'{weights}' does not belong to this backup", e.Message);
    }
}
