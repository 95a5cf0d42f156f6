using Xunit;

namespace Plumb.Metrics.Tests;

/// <summary>
/// In a <see cref="MetricCollection"/>, ROC-AUC, average precision and the curves of one task keep one copy of the
/// samples. Properties: a sharing collection gives each metric's value on the same data computed alone (the
/// functional forms, themselves checked against scikit-learn elsewhere), also after merging shards, saving and
/// loading, and resetting; metrics whose validation differs (multiclass ROC-AUC needs rows summing to 1) do not share.
/// </summary>
public class ScoreStateSharingTests
{
    private static (int[] Y, float[] S) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new int[n];
        var s = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            s[i] = MathF.Round((float)(rng.NextDouble() * 0.8 + 0.2 * y[i]) * 1000) / 1000;
        }
        return (y, s);
    }

    [Fact]
    public void Roc_auc_average_precision_and_the_curves_read_one_state_and_each_gives_its_own_value()
    {
        var (y, s) = Data(6_000, 1);
        var c = new MetricCollection(["roc_auc", "average_precision", "pr_curve"]);
        c.Update(new MetricBatch(y, s));
        var auc = (ScoreMetric)c["roc_auc"];
        Assert.True(auc.SharesStateWith((ScoreMetric)c["average_precision"]));
        Assert.True(auc.SharesStateWith((ScoreMetric)c["pr_curve"]));
        var r = c.Compute();
        Assert.Equal(RocAuc.Binary(y, s), r.Scalar("roc_auc"), 15);
        Assert.Equal(AveragePrecision.Binary(y, s), r.Scalar("average_precision"), 15);
        Assert.Equal(6_000, auc.Count);
        Assert.Equal(6_000, ((ScoreMetric)c["average_precision"]).Count);
    }

    [Fact]
    public void Merged_shards_saved_and_loaded_and_reset_collections_match_one_pass()
    {
        var (y, s) = Data(9_000, 2);
        var whole = new MetricCollection(["roc_auc", "average_precision"]);
        whole.Update(new MetricBatch(y, s));
        var a = new MetricCollection(["roc_auc", "average_precision"]);
        var b = new MetricCollection(["roc_auc", "average_precision"]);
        a.Update(new MetricBatch(y.AsSpan(0, 4_000), s.AsSpan(0, 4_000)));
        b.Update(new MetricBatch(y.AsSpan(4_000), s.AsSpan(4_000)));
        a.Merge(b);
        var expected = whole.Compute();
        var merged = a.Compute();
        Assert.Equal(expected.Scalar("roc_auc"), merged.Scalar("roc_auc"));
        Assert.Equal(expected.Scalar("average_precision"), merged.Scalar("average_precision"));
        Assert.Equal(9_000, ((ScoreMetric)a["average_precision"]).Count);

        var loaded = new MetricCollection(["roc_auc", "average_precision"]);
        loaded.LoadState(a.SaveState());
        Assert.Equal(expected.Scalar("average_precision"), loaded.Compute().Scalar("average_precision"));
        Assert.Equal(9_000, ((ScoreMetric)loaded["roc_auc"]).Count);

        loaded.Reset();
        loaded.Update(new MetricBatch(y.AsSpan(0, 5_000), s.AsSpan(0, 5_000)));
        Assert.Equal(AveragePrecision.Binary(y.AsSpan(0, 5_000), s.AsSpan(0, 5_000)), loaded.Compute().Scalar("average_precision"), 15);
        Assert.Equal(5_000, ((ScoreMetric)loaded["average_precision"]).Count);
    }

    [Fact]
    public void Metrics_that_check_batches_differently_keep_their_own_state()
    {
        var options = new MetricOptions { Task = MetricTask.Multiclass };
        var c = new MetricCollection(["roc_auc", "average_precision"], options);
        Assert.False(((ScoreMetric)c["roc_auc"]).SharesStateWith((ScoreMetric)c["average_precision"]));
        // Rows summing to 1 pass both; the values are each metric's own.
        double[] p = [0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6, 0.5, 0.3, 0.2];
        double[] t = [0, 1, 2, 1];
        c.Update(new MetricBatch(t, p, 3));
        var auc = new RocAuc(options);
        auc.Update(new MetricBatch(t, p, 3));
        Assert.Equal(auc.Compute(), c.Compute().Scalar("roc_auc"));
    }
}
