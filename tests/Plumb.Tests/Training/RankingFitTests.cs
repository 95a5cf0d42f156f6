using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>Fit over padded query lists: ranking losses steer, ranking metrics are logged per epoch and monitorable.</summary>
[Collection(TorchRngCollection.Name)]
public class RankingFitTests
{
    /// <summary>Q queries of 3…8 items, 3 features, relevance 0…4 rising with x₀ − x₁; padded to 8 with relevance −1.</summary>
    private static (Tensor X, Tensor Y, double[] Rel, long[] Query, float[][] Rows) Lists(int queries, int seed)
    {
        var rng = new Random(seed);
        const int L = 8, F = 3;
        var x = new float[queries * L * F];
        var y = new float[queries * L];
        Array.Fill(y, -1f);
        var rel = new List<double>();
        var query = new List<long>();
        var rows = new List<float[]>();
        for (int q = 0; q < queries; q++)
        {
            int n = rng.Next(3, L + 1);
            for (int i = 0; i < n; i++)
            {
                float[] f = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()];
                double r = Math.Clamp(Math.Round(2 + 3 * (f[0] - f[1]) + 0.5 * (rng.NextDouble() - 0.5)), 0, 4);
                f.CopyTo(x, (q * L + i) * F);
                y[q * L + i] = (float)r;
                rel.Add(r);
                query.Add(q);
                rows.Add(f);
            }
        }
        return (tensor(x, [queries, L, F]), tensor(y, [queries, L]), [.. rel], [.. query], [.. rows]);
    }

    [Fact]
    public void Fit_logs_ranking_metrics_per_epoch_and_monitors_them()
    {
        var train = Lists(80, 1);
        var val = Lists(30, 2);
        using var model = new Model(new Sequential(3).Dense(1));
        model.Compile("adam", 0.05, "listnet", ["ndcg@5", "mrr"]);
        var stop = new EarlyStopping("val_ndcg@5", patience: 50);
        var h = model.Fit(train.X, train.Y, epochs: 12, batchSize: 16, validationData: (val.X, val.Y), seed: 3, callbacks: [stop]);
        Assert.Equal(12, h["val_ndcg_k5"].Count);
        Assert.Equal(12, h["mrr"].Count);
        Assert.True(h["val_ndcg_k5"][^1] > h["val_ndcg_k5"][0], "training on listnet should raise validation NDCG@5");

        // the logged value is the NDCG@5 of the model's scores on the real (unpadded) items, query by query
        using var noGrad = no_grad();
        using var scores = model.Module.forward(val.X).reshape(30, 8);
        using var mask = val.Y.ge(0);
        double[] s = scores.masked_select(mask).to_type(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(Ndcg.Ranking(val.Rel, s, val.Query, k: 5), h["val_ndcg_k5"][^1], 6);
    }

    [Fact]
    public void Ranking_metrics_need_a_ranking_loss_and_back()
    {
        var data = Lists(10, 4);
        using var model = new Model(new Sequential(3).Dense(1));
        model.Compile("adam", "listnet", ["accuracy"]);
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(data.X, data.Y, epochs: 1));
        Assert.Equal("non_ranking_metric_with_ranking_loss", ex.Check);

        using var binary = new Model(new Sequential(4).Dense(1, "sigmoid"));
        binary.Compile("adam", "binary_crossentropy", ["ndcg"]);
        var (x, y) = Kit.Binary(1);
        ex = Assert.Throws<CompileCheckException>(() => binary.Fit(x, y, epochs: 1));
        Assert.Equal("ranking_metric_without_ranking_loss", ex.Check);
    }
}
