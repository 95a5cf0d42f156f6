using Plumb.Training;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class ReduceLROnPlateauTests
{
    private static List<double> LrAfterEachEpoch(ReduceLROnPlateau cb, params double[] values)
    {
        var model = Kit.Driven(1.0, "loss", "val_loss", "lr");
        var lrs = new List<double>();
        cb.Model = model;
        cb.OnTrainBegin();
        for (int e = 0; e < values.Length; e++)
        {
            cb.OnEpochEnd(e, new Dictionary<string, double> { ["val_loss"] = values[e] });
            lrs.Add(model.LearningRate);
        }
        return lrs;
    }

    [Fact]
    public void Reduces_after_patience_and_waits_out_the_cooldown()
    {
        // Keras: e0 best; e1 wait 1; e2 wait 2 → lr 0.5, cooldown 1; e3 cooldown→0, wait 0, then wait 1;
        // e4 wait 2 → 0.25; e5 wait 1; e6 → 0.125.
        var lrs = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1, minDelta: 0), 1, 1, 1, 1, 1, 1, 1);
        Assert.Equal([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125], lrs);
    }

    [Fact]
    public void Without_cooldown_it_reduces_every_patience_epochs()
    {
        var lrs = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0), 1, 1, 1, 1, 1);
        Assert.Equal([1, 1, 0.5, 0.5, 0.25], lrs);
    }

    [Fact]
    public void An_improvement_resets_the_wait()
    {
        var lrs = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0), 1, 1, 0.9, 0.9, 0.9);
        Assert.Equal([1, 1, 1, 1, 0.5], lrs);
    }

    [Fact]
    public void Never_goes_below_min_lr()
    {
        var lrs = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.1, patience: 1, minDelta: 0, minLr: 0.05), 1, 1, 1, 1);
        Assert.Equal([1, 0.1, 0.05, 0.05], lrs);
    }

    [Fact]
    public void Absolute_min_delta_and_relative_threshold_are_different_tests()
    {
        // best 1.0 then 0.995: an improvement by the absolute margin 0.001 (0.995 < 0.999),
        // not by the relative 1 % (0.995 ≮ 0.99). Patience 1 makes the difference visible in the rate.
        var absolute = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0.001), 1, 0.995);
        var relative = LrAfterEachEpoch(new ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0, relativeThreshold: 0.01), 1, 0.995);
        Assert.Equal([1, 1], absolute);
        Assert.Equal([1, 0.5], relative);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(relativeThreshold: 1));
    }
}
