using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;
using Plumb.IO;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class ModelCheckpointTests
{
    [Fact]
    public void A_write_killed_mid_way_leaves_the_previous_checkpoint_intact()
    {
        string dir = Path.Combine(Path.GetTempPath(), "plumb-ckpt-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "model.json");
        var (x, y) = Kit.Binary(2);
        try
        {
            random.manual_seed(4);
            using var model = new Model(new Layers.Sequential(4).Dense(1, "sigmoid"));
            model.Compile("adam", 1e-2, new BinaryCrossentropy(), [() => new Accuracy()]);
            byte[]? before = null;
            var kill = new LambdaCallback(onEpochBegin: e =>
            {
                if (e != 1) return;
                before = File.ReadAllBytes(path);
                // The second save is torn: half the bytes reach the temporary file, then the process "dies".
                AtomicFile.BeforeCommit.Value = temp =>
                {
                    var bytes = File.ReadAllBytes(temp);
                    File.WriteAllBytes(temp, bytes[..(bytes.Length / 2)]);
                    throw new IOException("killed mid-write");
                };
            });
            try
            {
                Assert.Throws<IOException>(() => model.Fit(x, y, epochs: 3, batchSize: 16, seed: 1,
                    callbacks: [kill, new ModelCheckpoint(path, monitor: "loss")]));
            }
            finally { AtomicFile.BeforeCommit.Value = null; }

            Assert.Equal(before, File.ReadAllBytes(path));
            // model.json and the weights and optimizer files it names; no temporary file left.
            Assert.Equal(3, Directory.GetFiles(dir).Length);
            Assert.DoesNotContain(Directory.GetFiles(dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
            using var reloaded = Model.Load(path, new Layers.Sequential(4).Dense(1, "sigmoid"));
            Assert.Equal("binary_crossentropy", reloaded.Configuration!.Loss);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Save_best_only_writes_when_the_monitor_improves_and_formats_the_path()
    {
        string dir = Path.Combine(Path.GetTempPath(), "plumb-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var model = Kit.Driven(0.1, "loss", "val_loss", "lr");
            var ck = new ModelCheckpoint(Path.Combine(dir, "m-{epoch:D2}-{val_loss:F2}.json"), saveBestOnly: true);
            Kit.Drive(model, ck, "val_loss", 0.5, 0.6, 0.4, 0.4);
            Assert.Equal(["m-01-0.50.json", "m-03-0.40.json"], ck.Saved.Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
