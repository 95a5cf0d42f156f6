using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class EarlyStoppingTests
{
    private static Model Model() => Kit.Driven(0.1, "loss", "accuracy", "count", "val_loss", "val_accuracy", "val_count", "lr");

    [Fact]
    public void Patience_counts_epochs_without_improvement_then_stops()
    {
        // Keras: best 1.0 (e0), 0.9 (e1); e2..e4 do not improve → wait 1, 2, 3 ≥ patience 3 → stop at e4 (5 epochs run).
        var es = new EarlyStopping("val_loss", patience: 3);
        int run = Kit.Drive(Model(), es, "val_loss", 1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.5);
        Assert.Equal(5, run);
        Assert.Equal(4, es.StoppedEpoch);
        Assert.Equal(0.9, es.Best);
        Assert.Equal(1, es.BestEpoch);
    }

    [Fact]
    public void Patience_zero_stops_at_the_first_non_improvement_after_epoch_0()
    {
        var es = new EarlyStopping("val_loss", patience: 0);
        Assert.Equal(3, Kit.Drive(Model(), es, "val_loss", 1.0, 0.8, 0.8, 0.1));
    }

    [Fact]
    public void Min_delta_is_an_absolute_margin()
    {
        // minDelta 0.06, min mode: improvement iff v + 0.06 < best. e1 0.95+0.06=1.01 ≮ 1 → wait 1; e2 0.98 < 1 → best 0.92;
        // e3 0.96 ≮ 0.92 → wait 1; e4 0.95 ≮ 0.92 → wait 2 ≥ 2 → stop.
        var es = new EarlyStopping("val_loss", minDelta: 0.06, patience: 2);
        Assert.Equal(5, Kit.Drive(Model(), es, "val_loss", 1.0, 0.95, 0.92, 0.9, 0.89, 0.1));
        Assert.Equal(0.92, es.Best);
    }

    [Fact]
    public void Baseline_not_beaten_keeps_the_wait_running()
    {
        // max mode (accuracy declares higher-is-better), baseline 0.8, patience 2: e0 improves (wait 1, not reset: below baseline),
        // e1 improves (wait 2, returns), e2 no improvement → wait 3 ≥ 2 → stop at e2.
        var es = new EarlyStopping("val_accuracy", patience: 2, baseline: 0.8);
        Assert.Equal(3, Kit.Drive(Model(), es, "val_accuracy", 0.5, 0.6, 0.6, 0.9));
        Assert.Equal(2, es.StoppedEpoch);
        Assert.Equal(0.6, es.Best);
    }

    [Fact]
    public void Start_from_epoch_ignores_the_warm_up()
    {
        var es = new EarlyStopping("val_loss", patience: 1, startFromEpoch: 3);
        // e0..e2 ignored; e3 best 0.9; e4 wait 1 ≥ 1 → stop.
        Assert.Equal(5, Kit.Drive(Model(), es, "val_loss", 0.1, 0.2, 0.3, 0.9, 0.95, 0.1));
    }

    [Fact]
    public void Restore_best_weights_at_the_end_even_without_an_early_stop()
    {
        var model = Model();
        var es = new EarlyStopping("val_loss", patience: 10, restoreBestWeights: true);
        es.Model = model;
        es.OnTrainBegin();
        double[] scales = [1, 2, 3];
        double[] losses = [0.5, 0.3, 0.4];
        for (int e = 0; e < 3; e++)
        {
            using (no_grad()) model.Module.parameters().First().fill_(scales[e]);
            es.OnEpochEnd(e, new Dictionary<string, double> { ["val_loss"] = losses[e] });
        }
        Assert.False(model.StopTraining);
        es.OnTrainEnd(new Dictionary<string, double>());
        Assert.Equal(2f, ((Passthrough)model.Module).Scale);
    }

    [Fact]
    public void Auto_mode_reads_the_declared_direction_never_the_name()
    {
        // "count" declares no direction: auto is an error, explicit mode works.
        var ex = Assert.Throws<ArgumentException>(() => Kit.Drive(Model(), new EarlyStopping("val_count"), "val_count", 1, 2));
        Assert.Contains("declares no direction", ex.Message);
        Assert.Equal(2, Kit.Drive(Model(), new EarlyStopping("val_count", mode: "max"), "val_count", 2, 1, 0));
    }

    [Fact]
    public void Unknown_monitor_lists_the_available_keys()
    {
        var model = Kit.Driven(0.1, "loss", "accuracy", "lr");
        var ex = Assert.Throws<ArgumentException>(() => Kit.Drive(model, new EarlyStopping("val_pr_auc"), "val_pr_auc", 1));
        Assert.Contains("'val_pr_auc'", ex.Message);
        Assert.Contains("available: loss, accuracy", ex.Message);
        Assert.Contains("need validationData", ex.Message);
    }

    [Fact]
    public void Stops_a_real_fit_and_the_history_has_one_entry_per_epoch_run()
    {
        random.manual_seed(3);
        var (x, y) = Kit.Binary(1);
        using var model = new Model(nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()));
        model.Compile("sgd", 1e-6, new Plumb.Losses.BinaryCrossentropy(), [() => new Plumb.Metrics.Accuracy()]);
        // A learning rate this small cannot improve the loss by 1: patience 2 stops after 3 epochs.
        var es = new EarlyStopping("loss", minDelta: 1, patience: 2);
        var h = model.Fit(x, y, epochs: 50, batchSize: 16, callbacks: [es], seed: 1);
        Assert.Equal(3, h.Epochs.Count);
        Assert.All(h.Keys, k => Assert.Equal(3, h[k].Count));
        Assert.Equal(2, es.StoppedEpoch);
    }
}
