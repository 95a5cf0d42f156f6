using Plumb.Losses;
using Plumb.Metrics;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>Learning-to-rank losses: hand-worked values, padding masks, query weights and the padding helper.</summary>
public class RankingLossTests
{
    public static TheoryData<string> Losses => ["pairwise_logistic", "pairwise_hinge", "listnet", "sigmoid_cross_entropy", "approx_ndcg", "lambda_rank"];

    [Fact]
    public void Hand_worked_values()
    {
        // one pair (relevant item 0, irrelevant item 1), equal scores: every pairwise/listwise loss is log 2
        Tensor y = T([1.0, 0]), s = T([0.0, 0]);
        Assert.Equal(Math.Log(2), V(new PairwiseLogistic(), y, s), 15);
        Assert.Equal(Math.Log(2), V(new ListNet(), y, s), 15);
        Assert.Equal(Math.Log(2), V(new SigmoidCrossEntropy(), y, s), 15);
        Assert.Equal(1.0, V(new PairwiseHinge(), y, s), 15);
        // hinge: relevance [2, 1, 0], scores [1, 0.5, 2]: pairs (0,1) 1 − 0.5, (0,2) 1 + 1, (1,2) 1 + 1.5 → 5 / 3
        Assert.Equal(5.0 / 3, V(new PairwiseHinge(), T([2.0, 1, 0]), T([1.0, 0.5, 2])), 15);
        // ListNet: relevance [3, 1, 0] → target [¾, ¼, 0]; scores [ln 2, 0, 0] → softmax [½, ¼, ¼]
        Assert.Equal(-(0.75 * Math.Log(0.5) + 0.25 * Math.Log(0.25)), V(new ListNet(), T([3.0, 1, 0]), T([Math.Log(2), 0, 0])), 14);
        // LambdaRank: relevance [1, 0] ranked wrongly by scores [0, 1]: |ΔNDCG| = (2¹ − 1)·(1 − 1/log₂3) / 1, pair loss log(1 + e)
        double lambda = (1 - 1 / Math.Log2(3)) * Math.Log(1 + Math.E);
        Assert.Equal(lambda, V(new LambdaRank(), T([1.0, 0]), T([0.0, 1])), 14);
    }

    [Fact]
    public void Approx_ndcg_tends_to_one_minus_ndcg()
    {
        // relevance [2, 1, 0] scored [0, 1, 2] (reversed): exponential gains 3, 1, 0;
        // DCG = 0/1 + 1/log₂3 + 3/2, IDCG = 3 + 1/log₂3
        double ndcg = (1 / Math.Log2(3) + 1.5) / (3 + 1 / Math.Log2(3));
        Assert.Equal(1 - ndcg, V(new ApproxNdcg(temperature: 1e-3), T([2.0, 1, 0]), T([0.0, 1, 2])), 12);
        // at a soft temperature the approximate ranks are fractional: strictly between the perfect 0 and the reversed order
        double soft = V(new ApproxNdcg(temperature: 1), T([2.0, 1, 0]), T([0.0, 1, 2]));
        Assert.InRange(soft, 0.01, 1 - ndcg);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Padding_changes_nothing_and_gets_no_gradient(string spec)
    {
        Loss loss = LossRegistry.Create(spec);
        // two queries of lengths 3 and 2, alone and padded to 4 with wild padded scores
        double unpadded = (V(loss, T([1.0, 0, 1]), T([0.2, 0.9, -0.3])) + V(loss, T([0.0, 1]), T([0.4, 0.1]))) / 2;
        var y = T(new double[,] { { 1, 0, 1, -1 }, { 0, 1, -1, -1 } });
        var s = T(new double[,] { { 0.2, 0.9, -0.3, 50 }, { 0.4, 0.1, -80, 7 } }).requires_grad_(true);
        using var l = loss.Call(y, s);
        l.backward();
        double[] g = s.grad!.reshape(-1).data<double>().ToArray();
        Assert.Equal([0.0, 0.0, 0.0], new[] { g[3], g[6], g[7] });
        if (spec is "pairwise_logistic" or "pairwise_hinge" or "sigmoid_cross_entropy")
        {
            // pooled over pairs / items: query 1 has 2 pairs (or 3 items), query 2 has 1 pair (2 items)
            double a = V(loss, T([1.0, 0, 1]), T([0.2, 0.9, -0.3])), b = V(loss, T([0.0, 1]), T([0.4, 0.1]));
            double pooled = spec == "sigmoid_cross_entropy" ? (3 * a + 2 * b) / 5 : (2 * a + b) / 3;
            Assert.Equal(pooled, V(l), 14);
        }
        else Assert.Equal(unpadded, V(l), 14);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void A_float32_query_without_relevant_items_is_skipped_not_NaN(string spec)
    {
        // Float32 as a model trains: query 2 has relevance all 0. It carries no signal, so the batch's value is query 1's
        // alone and every gradient is finite (a 0/0 for query 2 would make the whole batch NaN).
        Loss loss = LossRegistry.Create(spec);
        double alone = V(loss, T([1.0, 0, 1]).to_type(ScalarType.Float32), T([0.2, 0.9, -0.3]).to_type(ScalarType.Float32));
        var y = tensor(new float[] { 1, 0, 1, 0, 0, -1 }, [2, 3]);
        var s = tensor(new float[] { 0.2f, 0.9f, -0.3f, 0.4f, 0.1f, 3 }, [2, 3]).requires_grad_(true);
        using var l = loss.Call(y, s);
        l.backward();
        Assert.True(double.IsFinite(V(l)), $"{spec}: {V(l)}");
        Assert.All(s.grad!.reshape(-1).data<float>().ToArray(), g => Assert.True(float.IsFinite(g), $"{spec}: gradient {g}"));
        if (spec is not "sigmoid_cross_entropy") Assert.Equal(alone, V(l), 6); // sigmoid CE: the irrelevant items still count as negatives
    }

    [Fact]
    public void Query_weights_weigh_queries()
    {
        var y = T(new double[,] { { 2, 0, 1 }, { 0, 1, -1 } });
        var s = T(new double[,] { { 0.1, 0.5, 0.3 }, { 0.8, 0.2, 0 } });
        var loss = new ListNet();
        double q1 = V(loss, T([2.0, 0, 1]), T([0.1, 0.5, 0.3])), q2 = V(loss, T([0.0, 1]), T([0.8, 0.2]));
        Assert.Equal((q1 + 3 * q2) / 4, V(loss, y, s, T([1.0, 3])), 14);
        // a query without any relevant item is skipped by the listwise losses; an all-padding batch gives 0
        Assert.Equal(q1, V(loss, T(new double[,] { { 2, 0, 1 }, { 0, 0, -1 } }), s), 14);
        Assert.Equal(0.0, V(new PairwiseLogistic(), T(new double[,] { { 0, 0, -1 } }), T(new double[,] { { 1, 2, 3 } })));
    }

    [Fact]
    public void Pad_groups_rows_of_a_query_wherever_they_are()
    {
        long[] q = [7, 3, 7, 3, 3];
        var (rel, score, queries) = RankingLoss.Pad(q, [1, 0, 2, 4, 1], [0.1, 0.2, 0.3, 0.4, 0.5]);
        Assert.Equal([7L, 3], queries);
        Assert.Equal(new long[] { 2, 3 }, rel.shape);
        Assert.Equal([1.0, 2, -1, 0, 4, 1], rel.reshape(-1).data<double>().ToArray());
        Assert.Equal([0.1, 0.3, 0, 0.2, 0.4, 0.5], score.reshape(-1).data<double>().ToArray());
    }

    [Fact]
    public void Bad_input_names_the_loss()
    {
        var e = Assert.Throws<ArgumentException>(() => new SigmoidCrossEntropy().Call(T([2.0, 0]), T([0.0, 0])));
        Assert.Contains("sigmoid_cross_entropy", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ListNet().Call(T([1.0, 0, 1]), T([0.0, 0])));
        Assert.Contains("pad with −1", e.Message);
        Assert.Throws<ArgumentException>(() => new ApproxNdcg(temperature: 0));
        Assert.Equal(RankingGain.Linear, Assert.IsType<ApproxNdcg>(LossRegistry.Create("approx_ndcg(gain=linear)")).Gain);
        Assert.Equal("lambda_rank", LossRegistry.Resolve("lambdarank").Name);
        Assert.Equal(LossKind.Ranking, LossRegistry.Find("ranknet")!.Expects);
    }

    [Fact]
    public void As_a_metric_a_ranking_loss_sees_one_list_per_query()
    {
        IStreamingMetric m = LossRegistry.CreateMetric("listnet");
        // rows of two queries interleaved, in two batches
        m.Update(new MetricBatch([2.0, 0], [0.1, 0.8]) { Group = [1, 2] });
        m.Update(new MetricBatch([0.0, 1, 1], [0.5, 0.2, 0.3]) { Group = [1, 1, 2] });
        double q1 = V(new ListNet(), T([2.0, 0, 1]), T([0.1, 0.5, 0.2])), q2 = V(new ListNet(), T([0.0, 1]), T([0.8, 0.3]));
        Assert.Equal((q1 + q2) / 2, m.Compute(), 14);
    }
}
