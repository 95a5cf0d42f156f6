using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>Linear(4, 1) + sigmoid that records the row count of every forward call made in inference mode.</summary>
internal sealed class EvalBatchRecorder : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc = nn.Linear(4, 1);

    public EvalBatchRecorder() : base("EvalBatchRecorder") => RegisterComponents();

    public List<long> EvalRows { get; } = [];

    public override Tensor forward(Tensor input)
    {
        if (!training) EvalRows.Add(input.shape[0]);
        return fc.forward(input).sigmoid();
    }
}

[Collection(TorchRngCollection.Name)]
public class ValidationBatchSizeTests
{
    [Fact]
    public void Validation_runs_in_training_sized_batches_by_default_as_keras()
    {
        var (x, y) = Kit.Binary(1, 40);
        var (xv, yv) = Kit.Binary(2, 20);
        var rec = new EvalBatchRecorder();
        using var model = new Model(rec, "sigmoid");
        model.Compile("adam", "bce");
        model.Fit(x, y, epochs: 1, batchSize: 8, validationData: (xv, yv), seed: 1);
        Assert.Equal([8L, 8, 4], rec.EvalRows);
    }

    [Fact]
    public void ValidationBatchSize_sets_the_validation_batches_for_data_and_split()
    {
        var (x, y) = Kit.Binary(1, 40);
        var (xv, yv) = Kit.Binary(2, 20);
        var rec = new EvalBatchRecorder();
        using var model = new Model(rec, "sigmoid");
        model.Compile("adam", "bce");
        model.Fit(x, y, epochs: 1, batchSize: 8, validationData: (xv, yv), seed: 1, validationBatchSize: 16);
        Assert.Equal([16L, 4], rec.EvalRows);
        rec.EvalRows.Clear();
        model.Fit(x, y, epochs: 1, batchSize: 8, validationSplit: 0.25, seed: 1, validationBatchSize: 6); // 10 rows held out
        Assert.Equal([6L, 4], rec.EvalRows);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, validationBatchSize: 0));
    }
}
