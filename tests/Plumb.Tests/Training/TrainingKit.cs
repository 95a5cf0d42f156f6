using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>Output = input · scale with scale = 1: the model's predictions are exactly the inputs given.</summary>
internal sealed class Passthrough : nn.Module<Tensor, Tensor>
{
    private readonly Parameter scale;

    public Passthrough() : base("Passthrough")
    {
        scale = new Parameter(ones(1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input * scale;

    public float Scale => scale.item<float>();
}

/// <summary>Mean squared error, only as a regression loss for the refusal tests (the catalogue lives in Plumb.Losses).</summary>
[PlumbLoss(LossKind.Regression)]
internal sealed class TestMse : Loss
{
    public override string Name => "mse";
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) => (yPred - yTrue.to_type(yPred.dtype)).square().mean([-1]);
}

/// <summary>Categorical cross-entropy on probabilities, only for the resolution tests.</summary>
[PlumbLoss(LossKind.CategoricalProbability)]
internal sealed class TestCce : Loss
{
    public override string Name => "categorical_crossentropy";
    public override Tensor PerSample(Tensor yTrue, Tensor yPred) => -(yTrue.to_type(yPred.dtype) * yPred.clamp(1e-7, 1 - 1e-7).log()).sum([-1]);
}

/// <summary>A metric that declares no direction.</summary>
internal sealed class CountMetric : IStreamingMetric
{
    private double _n;
    public string Name => "count";
    public MetricDirection Direction => MetricDirection.None;
    public void Update(in MetricBatch batch) => _n += batch.Count;
    public double Compute() => _n;
    public void Reset() => _n = 0;
}

internal static class Kit
{
    public static Tensor Col(params float[] v) => tensor(v, [v.Length, 1]);

    /// <summary>A compiled model for driving callbacks with hand-made logs.</summary>
    public static Model Driven(double lr, params string[] logKeys)
    {
        var model = new Model(new Passthrough(), "sigmoid");
        model.Compile("sgd", lr, new BinaryCrossentropy(), [() => new Accuracy(), () => new CountMetric()]);
        model.LogKeys = logKeys;
        return model;
    }

    /// <summary>Calls the callback's epoch hooks with one log value per epoch; returns the epochs run before it stopped.</summary>
    public static int Drive(Model model, Callback cb, string key, params double[] values)
    {
        cb.Model = model;
        model.StopTraining = false;
        cb.OnTrainBegin();
        int run = 0;
        var logs = new Dictionary<string, double>();
        for (int e = 0; e < values.Length && !model.StopTraining; e++)
        {
            cb.OnEpochBegin(e);
            logs = new Dictionary<string, double> { [key] = values[e] };
            cb.OnEpochEnd(e, logs);
            run++;
        }
        cb.OnTrainEnd(logs);
        return run;
    }

    /// <summary>A small seeded binary problem: 64 rows × 4 features, y = [x0 + x1 &gt; 0].</summary>
    public static (Tensor X, Tensor Y) Binary(int seed, int rows = 64)
    {
        var g = new Random(seed);
        var x = new float[rows * 4];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float)(g.NextDouble() * 2 - 1);
            y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
        }
        return (tensor(x, [rows, 4]), tensor(y, [rows, 1]));
    }

    public static float[] Flat(Model m) =>
        [.. m.Module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];
}
