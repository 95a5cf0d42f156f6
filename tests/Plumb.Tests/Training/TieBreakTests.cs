using Plumb.Training;

namespace Plumb.Tests.Training;

/// <summary>A coarse monitored metric (F1 on a few validation rows) ties for many epochs; val_loss breaks the ties.</summary>
[Collection(TorchRngCollection.Name)]
public class TieBreakTests
{
    private static Model Model() => Kit.Driven(0.1, "loss", "accuracy", "val_loss", "val_accuracy", "lr");

    /// <summary>Runs the epoch hooks with two log values per epoch; returns the epochs run.</summary>
    private static int Drive(Model model, Callback cb, double[] accuracy, double[] loss)
    {
        cb.Model = model;
        model.StopTraining = false;
        cb.OnTrainBegin();
        int run = 0;
        var logs = new Dictionary<string, double>();
        for (int e = 0; e < accuracy.Length && !model.StopTraining; e++)
        {
            logs = new Dictionary<string, double> { ["val_accuracy"] = accuracy[e], ["val_loss"] = loss[e] };
            cb.OnEpochEnd(e, logs);
            run++;
        }
        cb.OnTrainEnd(logs);
        return run;
    }

    [Fact]
    public void Without_a_tie_break_a_flat_metric_keeps_its_first_best_epoch_and_stops()
    {
        // The symptom: accuracy flat at 0.9 from e1 while val_loss keeps falling; Keras keeps e1 and stops at e3 (patience 2).
        var es = new EarlyStopping("val_accuracy", patience: 2);
        int run = Drive(Model(), es, [0.8, 0.9, 0.9, 0.9, 0.9, 0.9], [0.7, 0.6, 0.5, 0.4, 0.3, 0.2]);
        Assert.Equal(4, run);
        Assert.Equal(1, es.BestEpoch);
    }

    [Fact]
    public void Ties_go_to_the_lower_val_loss_and_training_goes_on_while_val_loss_falls()
    {
        var es = new EarlyStopping("val_accuracy", patience: 2, tieBreak: "val_loss");
        int run = Drive(Model(), es, [0.8, 0.9, 0.9, 0.9, 0.9, 0.9], [0.7, 0.6, 0.5, 0.4, 0.3, 0.2]);
        Assert.Equal(6, run);
        Assert.Equal(5, es.BestEpoch);
        Assert.Equal(0.9, es.Best);
        Assert.Equal(4, es.TieBreaks);
    }

    [Fact]
    public void A_better_metric_wins_over_a_better_val_loss_and_only_both_stalling_stops()
    {
        // e0 (0.8, 0.7) best; e1 accuracy 0.7 worse but val_loss 0.5 a new low: not best, wait reset (still moving);
        // e2 (0.9, 0.6): accuracy improves → best; e3 (0.9, 0.65): tie, val_loss worse than at best and than its low 0.5 → wait 1;
        // e4 (0.85, 0.66) → wait 2 ≥ 2 → stop.
        var es = new EarlyStopping("val_accuracy", patience: 2, tieBreak: "val_loss");
        int run = Drive(Model(), es, [0.8, 0.7, 0.9, 0.9, 0.85, 0.95], [0.7, 0.5, 0.6, 0.65, 0.66, 0.1]);
        Assert.Equal(5, run);
        Assert.Equal(2, es.BestEpoch);
        Assert.Equal(0, es.TieBreaks);
    }

    [Fact]
    public void Checkpoint_saves_a_tied_epoch_with_a_better_tie_break()
    {
        string dir = Path.Combine(Path.GetTempPath(), "plumb-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ck = new ModelCheckpoint(Path.Combine(dir, "m-{epoch}.json"), monitor: "val_accuracy", saveBestOnly: true, tieBreak: "val_loss");
            Drive(Model(), ck, [0.8, 0.9, 0.9, 0.9], [0.7, 0.6, 0.65, 0.5]);
            Assert.Equal(["m-1.json", "m-2.json", "m-4.json"], ck.Saved.Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
