using Plumb.Datasets;
using Plumb.Layers;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>
/// A run that diverges reports NaN and stops cleanly, as Keras prints <c>loss: nan</c>: plain SGD at its default rate
/// on the raw diabetes targets (25…346, squared errors in the tens of thousands) overflows within the first epoch.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class DivergingFitTests
{
    private static (Tensor X, Tensor Y) Diabetes()
    {
        var d = BuiltInDatasets.Diabetes();
        return (tensor(d.Features, [d.Rows, d.FeatureCount]), tensor(d.Target, [d.Rows, 1]));
    }

    private static Model Diverging()
    {
        TorchSharp.torch.random.manual_seed(7); // the initial weights
        var model = new Model(new Sequential(10).Dense(64, "relu").Dense(64, "relu").Dense(1));
        model.Compile("sgd", 0.5, "mean_squared_error", ["mae"]);
        return model;
    }

    [Fact]
    public void A_diverging_regression_reports_nan_instead_of_throwing()
    {
        var (x, y) = Diabetes();
        using var model = Diverging();
        var h = model.Fit(x, y, epochs: 3, batchSize: 32, seed: 1, validationSplit: 0.2);
        Assert.Equal(3, h.Epochs.Count);
        Assert.True(double.IsNaN(h["loss"][^1]));
        Assert.True(double.IsNaN(h["mae"][^1]));
        Assert.True(double.IsNaN(h["val_loss"][^1]));
        Assert.True(double.IsNaN(h["val_mae"][^1]));
    }

    [Fact]
    public void Terminate_on_nan_stops_with_one_line_naming_epoch_and_batch()
    {
        var (x, y) = Diabetes();
        using var model = Diverging();
        var output = new StringWriter();
        var stop = new TerminateOnNaN(output);
        var early = new EarlyStopping("val_loss", patience: 5);
        var h = model.Fit(x, y, epochs: 20, batchSize: 32, seed: 1, validationSplit: 0.2, callbacks: [stop, early]);
        var (epoch, batch) = stop.TerminatedAt ?? throw new Xunit.Sdk.XunitException("training was not terminated");
        Assert.Equal(epoch + 1, h.Epochs.Count);
        Assert.Matches($@"^TerminateOnNaN: loss is (NaN|\+inf) at epoch {epoch + 1}, batch {batch + 1} — training stopped\r?\n$", output.ToString());
        Assert.Equal(stop.Message + Environment.NewLine, output.ToString());
        Assert.False(double.IsFinite(h["loss"][^1]));
        // mae is NaN once a prediction is (a loss can overflow to +inf while the predictions are still finite).
        Assert.False(double.IsFinite(h["val_loss"][^1]));
        // NaN never counts as an improvement: the best stays a finite value from before the divergence (or none).
        Assert.False(double.IsNaN(early.Best));
    }

    [Fact]
    public void Evaluate_still_refuses_non_finite_input()
    {
        var (x, y) = Diabetes();
        using var model = Diverging();
        x[0, 0] = tensor(float.NaN);
        var e = Assert.ThrowsAny<ArgumentException>(() => model.Evaluate(x, y));
        Assert.Contains("mae", e.Message);
        Assert.Contains("NaN", e.Message);
    }
}
