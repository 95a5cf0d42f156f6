using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class BackupAndRestoreTests
{
    private static Model NewModel(int initSeed)
    {
        random.manual_seed(initSeed);
        var net = new Sequential(4).Dense(8, "relu").Dropout(0.3).Dense(1, "sigmoid");
        var model = new Model(net);
        model.Compile("adam", 1e-2, new BinaryCrossentropy(), [() => new Accuracy(), () => new RocAuc()]);
        return model;
    }

    [Fact]
    public void Resume_after_a_crash_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var (x, y) = Kit.Binary(5);
        var (xv, yv) = Kit.Binary(6, 32);
        string dir = Path.Combine(Path.GetTempPath(), "plumb-bar-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var reference = NewModel(11);
            var plateau1 = new ReduceLROnPlateau("val_loss", factor: 0.5, patience: 1, minDelta: 0);
            var full = reference.Fit(x, y, epochs: 6, batchSize: 16, validationData: (xv, yv), seed: 42, callbacks: [plateau1]);

            using var crashed = NewModel(11);
            var crash = new LambdaCallback(onEpochEnd: (e, _) => { if (e == 2) throw new IOException("simulated crash"); });
            Assert.Throws<IOException>(() => crashed.Fit(x, y, epochs: 6, batchSize: 16, validationData: (xv, yv), seed: 42,
                callbacks: [new ReduceLROnPlateau("val_loss", factor: 0.5, patience: 1, minDelta: 0), new BackupAndRestore(dir), crash]));
            Assert.True(File.Exists(Path.Combine(dir, "backup.json")));

            // A fresh process would build the model again with other initial weights: the backup overrides them.
            using var resumed = NewModel(99);
            var backup = new BackupAndRestore(dir);
            var h = resumed.Fit(x, y, epochs: 6, batchSize: 16, validationData: (xv, yv), seed: 42,
                callbacks: [new ReduceLROnPlateau("val_loss", factor: 0.5, patience: 1, minDelta: 0), backup]);

            Assert.Equal(2, backup.ResumedAfterEpoch);
            Assert.Equal(Kit.Flat(reference), Kit.Flat(resumed));
            Assert.Equal(full.Epochs, h.Epochs);
            foreach (string k in full.Keys) Assert.Equal(full[k], h[k]);
            Assert.False(File.Exists(Path.Combine(dir, "backup.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Early_stopping_best_weights_from_before_the_crash_survive_the_resume()
    {
        var (x, y) = Kit.Binary(5);
        string dir = Path.Combine(Path.GetTempPath(), "plumb-bar-" + Guid.NewGuid().ToString("N"));
        // mode max on the training loss: the best epoch is the first (the loss falls), long before the crash at epoch 2.
        EarlyStopping Stop() => new("loss", mode: "max", patience: 100, restoreBestWeights: true);
        try
        {
            using var reference = NewModel(11);
            var refStop = Stop();
            reference.Fit(x, y, epochs: 6, batchSize: 16, seed: 42, callbacks: [refStop]);
            Assert.Equal(0, refStop.BestEpoch);

            using var crashed = NewModel(11);
            var crash = new LambdaCallback(onEpochEnd: (e, _) => { if (e == 2) throw new IOException("simulated crash"); });
            Assert.Throws<IOException>(() => crashed.Fit(x, y, epochs: 6, batchSize: 16, seed: 42, callbacks: [Stop(), new BackupAndRestore(dir), crash]));

            using var resumed = NewModel(99);
            var stop = Stop();
            resumed.Fit(x, y, epochs: 6, batchSize: 16, seed: 42, callbacks: [stop, new BackupAndRestore(dir)]);
            Assert.Equal(0, stop.BestEpoch);
            Assert.Equal(Kit.Flat(reference), Kit.Flat(resumed)); // both end on epoch 0's weights
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void The_backup_keeps_its_tensors_in_binary_files_beside_a_small_json()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"plumb-backup-bin-{Guid.NewGuid():N}");
        try
        {
            var (x, y) = Kit.Binary(11, rows: 256);
            using var model = new Model(new Layers.Sequential(4).Dense(64).Dense(1, "sigmoid"));
            model.Compile("adam", "binary_crossentropy");
            model.Fit(x, y, epochs: 2, seed: 3, verbose: 0, callbacks: [new BackupAndRestore(dir, deleteCheckpoint: false)]);
            var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
            // One backup: the JSON plus its weights and optimizer files (the first epoch's were replaced).
            Assert.Equal(3, files.Count);
            Assert.Contains("backup.json", files);
            Assert.Single(files, f => f!.EndsWith(".weights.bin", StringComparison.Ordinal));
            Assert.Single(files, f => f!.EndsWith(".optimizer.bin", StringComparison.Ordinal));
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "backup.json")))!;
            Assert.Equal("plumb.backup/2", (string?)json["format"]);
            Assert.EndsWith(".weights.bin", (string?)json["weights"]);
            // The weights file is TorchSharp's own state-dict format: a module of the same shape loads it.
            using var probe = new Layers.Sequential(4).Dense(64).Dense(1, "sigmoid");
            probe.load(Path.Combine(dir, (string)json["weights"]!));
            Assert.True(new FileInfo(Path.Combine(dir, "backup.json")).Length < 4096);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Same_seed_gives_bit_identical_runs_and_another_seed_does_not()
    {
        var (x, y) = Kit.Binary(5);
        using var a = NewModel(1);
        using var b = NewModel(1);
        using var c = NewModel(1);
        a.Fit(x, y, epochs: 3, batchSize: 8, seed: 7);
        b.Fit(x, y, epochs: 3, batchSize: 8, seed: 7);
        c.Fit(x, y, epochs: 3, batchSize: 8, seed: 8);
        Assert.Equal(Kit.Flat(a), Kit.Flat(b));
        Assert.NotEqual(Kit.Flat(a), Kit.Flat(c));
    }

    [Fact]
    public void Early_stopping_counters_survive_the_resume()
    {
        // minDelta 1 on the training loss: no epoch after the first improves, so patience 3 stops at epoch 3.
        var (x, y) = Kit.Binary(5);
        string dir = Path.Combine(Path.GetTempPath(), "plumb-bar-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var crashed = NewModel(3);
            var crash = new LambdaCallback(onEpochEnd: (e, _) => { if (e == 1) throw new IOException("simulated crash"); });
            Assert.Throws<IOException>(() => crashed.Fit(x, y, epochs: 10, batchSize: 16, seed: 1,
                callbacks: [new EarlyStopping("loss", minDelta: 1, patience: 3), new BackupAndRestore(dir), crash]));

            using var resumed = NewModel(3);
            var stop = new EarlyStopping("loss", minDelta: 1, patience: 3);
            var h = resumed.Fit(x, y, epochs: 10, batchSize: 16, seed: 1, callbacks: [stop, new BackupAndRestore(dir)]);
            Assert.Equal(3, stop.StoppedEpoch);
            Assert.Equal([0, 1, 2, 3], h.Epochs);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
