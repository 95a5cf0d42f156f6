using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Benchmarks;

/// <summary>
/// Time to save a ~150 MB model (Linear 6144→6144, 37.8 M float32 parameters; <c>width</c> sets another size) with its Adam state, as
/// <c>ModelCheckpoint</c> does on every improving epoch: <c>Model.Save</c> (JSON metadata + TorchSharp state-dict files)
/// against TorchSharp's own <c>module.save</c> + <c>save_state_dict</c> (the floor), interleaved in one run. (The earlier
/// layout, base64 tensors inside one JSON, cannot write this model at all: System.Text.Json refuses a 201 MB string.)
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Plumb.Benchmarks -- save-interleaved [rounds] [width]</c>; with
/// <c>width</c> ≤ 4096 (a model of ≤ 67 MB) the earlier one-JSON layout is timed too.</remarks>
public static class ModelSaveBenchmark
{
    public static void Run(string[] args)
    {
        Plumb.Native.TorchNativeFix.Ensure();
        int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        int width = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 6144;
        string dir = Directory.CreateTempSubdirectory("plumb-save-bench-").FullName;
        try
        {
            random.manual_seed(1);
            using var model = new Model(nn.Sequential(nn.Linear(width, width)));
            model.Compile("adam", "mse");
            using (var x = randn(8, width)) using (var y = randn(8, width)) model.Fit(x, y, epochs: 1, batchSize: 8, seed: 1); // Adam state exists
            long bytes = model.Module.parameters().Sum(p => p.numel()) * 4;

            void PlumbSave() => model.Save(Path.Combine(dir, "plumb.json"));
            void TorchSave()
            {
                model.Module.save(Path.Combine(dir, "torch.weights"));
                ((OptimizerHelper)model.Optimizer).save_state_dict(Path.Combine(dir, "torch.optimizer"));
            }
            void OneJsonSave() // the earlier layout, rebuilt here as the before-side of the comparison
            {
                using var wm = new MemoryStream();
                using (var w = new BinaryWriter(wm, System.Text.Encoding.UTF8, leaveOpen: true)) model.Module.save(w);
                using var om = new MemoryStream();
                using (var w = new BinaryWriter(om, System.Text.Encoding.UTF8, leaveOpen: true)) ((OptimizerHelper)model.Optimizer).save_state_dict(w);
                var doc = new System.Text.Json.Nodes.JsonObject
                {
                    ["format"] = "plumb.model/1",
                    ["weights"] = Convert.ToBase64String(wm.ToArray()),
                    ["optimizer"] = Convert.ToBase64String(om.ToArray()),
                };
                Plumb.IO.AtomicFile.Write(Path.Combine(dir, "one.json"), s => { using var jw = new System.Text.Json.Utf8JsonWriter(s); doc.WriteTo(jw); });
            }

            // Base64 strings over ~166 M characters are refused by System.Text.Json: the earlier layout cannot save wider models.
            bool oneJsonFits = bytes * 2 * 4 / 3 < 160_000_000;
            Action[] variants = oneJsonFits ? [TorchSave, PlumbSave, OneJsonSave] : [TorchSave, PlumbSave];
            string[] names = new[] { "TorchSharp module.save + save_state_dict", "Model.Save (JSON + state-dict files)", "one JSON, base64 (earlier layout)" }[..variants.Length];
            var times = InterleavedTiming.Time(variants, rounds);
            static double Median(IEnumerable<double> v) => InterleavedTiming.Median(v);
            long plumbBytes = Directory.GetFiles(dir, "plumb.json*").Sum(f => new FileInfo(f).Length);
            Console.WriteLine(System.FormattableString.Invariant($"weights {bytes / 1e6:F1} MB (+ Adam state), rounds {rounds}; Model.Save files {plumbBytes / 1e6:F1} MB"));
            for (int i = 0; i < names.Length; i++)
            {
                double ratio = Median(times[i].Zip(times[0], (t, h) => t / h));
                Console.WriteLine(System.FormattableString.Invariant($"{names[i],-42} median {Median(times[i]),7:F3} s  median ratio to TorchSharp {ratio:F2}"));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
