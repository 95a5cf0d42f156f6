using System.Globalization;
using Plumb.Cli.Reports;
using Plumb.Layers;
using Plumb.Metrics.Detection;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    private const int Side = 16;

    /// <summary>
    /// A toy detector on generated 16×16 images (seeded): one object per image, a filled square (class 0) or a
    /// hollow one (class 1), 4–9 px, anywhere, with noise. An MLP (256→64→6) regresses (cx, cy, w, h) / 16 and a
    /// one-hot class with mean squared error — the loss steers; <see cref="DetectionValidation"/> decodes the
    /// validation outputs into one box per class (score = that class's output) and logs COCO val_map and
    /// val_map_50 each epoch — mAP judges and picks the epoch.
    /// </summary>
    private static int Detection(DemoContext ctx)
    {
        var output = ctx.Output;
        int epochs = ctx.Epochs ?? 15;
        var (x, y, _) = Squares(600, ctx.Seed);
        var (xv, yv, truth) = Squares(200, ctx.Seed + 1);
        output.WriteLine("detection: 600 training / 200 validation 16×16 images, one filled (0) or hollow (1) square each; loss mse (steers), COCO mAP (judges).");
        random.manual_seed(ctx.Seed);
        using var model = new Model(new Sequential(Side * Side).Dense(64, "relu").Dense(6));
        model.Compile("adam", 0.003, "mse");
        var validation = new DetectionValidation([0, 1], module => Decode(module, xv, truth));
        var h = model.Fit(x, y, epochs, batchSize: 32, validationData: (xv, yv), seed: ctx.Seed, callbacks: [validation], verbose: 0);
        var loss = h["loss"];
        var valLoss = h["val_loss"];
        var map = h["val_map"];
        var map50 = h["val_map_50"];
        output.WriteLine(Inv($"{"epoch",5} {"loss",9} {"val_loss",9} {"val_map",8} {"val_map_50",10}"));
        for (int e = 0; e < loss.Count; e++)
            output.WriteLine(Inv($"{e + 1,5} {loss[e],9:0.00000} {valLoss[e],9:0.00000} {map[e],8:0.0000} {map50[e],10:0.0000}"));
        int byLoss = h.BestEpoch("val_loss", lowerIsBetter: true), byMap = h.BestEpoch("val_map", lowerIsBetter: false);
        output.WriteLine(Inv($"epoch by val_loss: {byLoss + 1} (val_map {map[byLoss]:0.0000}); epoch by val_map: {byMap + 1} (val_map {map[byMap]:0.0000})"));
        output.WriteLine("The loss steers; mAP judges: EarlyStopping(\"val_map\") or ModelCheckpoint(monitor: \"val_map\") keep the epoch mAP picks.");
        WriteReport(new ReportData
        {
            Title = "plumb demo detection",
            Summary = ["A toy detector (MLP, mean squared error on box and class) on generated squares; COCO mAP on the validation images judges each epoch."],
            History = h.Keys.ToDictionary(k => k, k => (IReadOnlyList<double>)h[k]),
            BestEpochByValLoss = byLoss,
            BestByMonitor = ("val_map", byMap),
        }, ctx);
        return 0;
    }

    /// <summary>Images [N, 256] in [0, 1], targets [N, 6] = (cx, cy, w, h) / 16 and the one-hot class, and the ground-truth boxes in pixels.</summary>
    private static (Tensor X, Tensor Y, GroundTruthBox[] Truth) Squares(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * Side * Side];
        var y = new float[n * 6];
        var truth = new GroundTruthBox[n];
        for (int i = 0; i < n; i++)
        {
            int cls = rng.Next(2), s = rng.Next(4, 10), x0 = rng.Next(0, Side - s + 1), y0 = rng.Next(0, Side - s + 1);
            for (int p = 0; p < Side * Side; p++) x[i * Side * Side + p] = (float)(rng.NextDouble() * 0.2);
            for (int r = y0; r < y0 + s; r++)
                for (int c = x0; c < x0 + s; c++)
                    if (cls == 0 || r == y0 || r == y0 + s - 1 || c == x0 || c == x0 + s - 1)
                        x[i * Side * Side + r * Side + c] = 1f;
            y[i * 6] = (x0 + s / 2f) / Side; y[i * 6 + 1] = (y0 + s / 2f) / Side; y[i * 6 + 2] = (float)s / Side; y[i * 6 + 3] = (float)s / Side;
            y[i * 6 + 4 + cls] = 1;
            truth[i] = new GroundTruthBox(cls, x0, y0, s, s);
        }
        return (tensor(x, [n, Side * Side]), tensor(y, [n, 6]), truth);
    }

    /// <summary>One box per class per image from the outputs: the regressed box, scored by that class's output.</summary>
    private static IEnumerable<(long, GroundTruthBox[], DetectedBox[])> Decode(TorchSharp.torch.nn.Module<Tensor, Tensor> module, Tensor x, GroundTruthBox[] truth)
    {
        using var o = module.forward(x);
        var v = o.to_type(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < truth.Length; i++)
        {
            double w = Math.Max(0, v[i * 6 + 2]) * Side, hgt = Math.Max(0, v[i * 6 + 3]) * Side;
            double bx = v[i * 6] * Side - w / 2, by = v[i * 6 + 1] * Side - hgt / 2;
            yield return (i + 1, [truth[i]], [new DetectedBox(0, bx, by, w, hgt, v[i * 6 + 4]), new DetectedBox(1, bx, by, w, hgt, v[i * 6 + 5])]);
        }
    }
}
