using Plumb.Cli.Reports;
using Plumb.Layers;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    /// <summary>
    /// A generated learning-to-rank set (seeded): 300 training and 100 validation queries of 5–20 items, 8 features,
    /// graded relevance 0–4 from a non-linear function of the features plus noise. The same MLP (8→16→1) is trained
    /// with the softmax (ListNet) loss and with the pairwise logistic (RankNet) loss; for each, the epoch that
    /// val_loss would pick is set beside the epoch val_ndcg@10 picks.
    /// </summary>
    private static int Ranking(DemoContext ctx)
    {
        var output = ctx.Output;
        int epochs = ctx.Epochs ?? 25;
        var (x, y) = RankingLists(300, ctx.Seed);
        var (xv, yv) = RankingLists(100, ctx.Seed + 1);
        output.WriteLine("ranking: 300 training / 100 validation queries of 5–20 items, 8 features, relevance 0–4; metric ndcg@10 (judge).");
        var rows = new List<(string Loss, int ByLoss, double NdcgByLoss, int ByNdcg, double NdcgByNdcg)>();
        var tables = new List<(string, IReadOnlyList<(string, string)>)>();
        foreach (string loss in new[] { "listnet", "pairwise_logistic" })
        {
            random.manual_seed(ctx.Seed);
            using var model = new Model(new Sequential(8).Dense(16, "relu").Dense(1));
            model.Compile("adam", 0.01, loss, ["ndcg@10"]);
            var h = model.Fit(x, y, epochs, batchSize: 32, validationData: (xv, yv), seed: ctx.Seed);
            var ndcg = h["val_ndcg_k10"];
            int byLoss = h.BestEpoch("val_loss", lowerIsBetter: true), byNdcg = h.BestEpoch("val_ndcg_k10", lowerIsBetter: false);
            rows.Add((loss, byLoss + 1, ndcg[byLoss], byNdcg + 1, ndcg[byNdcg]));
            tables.Add(($"{loss}: val_ndcg@10 per epoch", [.. ndcg.Select((v, e) => ((e + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Inv($"{v:0.0000}")))]));
        }
        output.WriteLine(Inv($"{"loss",-18} {"epoch by val_loss",17} {"val_ndcg@10",11} {"epoch by val_ndcg@10",20} {"val_ndcg@10",11}"));
        foreach (var r in rows)
            output.WriteLine(Inv($"{r.Loss,-18} {r.ByLoss,17} {r.NdcgByLoss,11:0.0000} {r.ByNdcg,20} {r.NdcgByNdcg,11:0.0000}"));
        output.WriteLine("The loss steers; the metric judges: picking the epoch by val_ndcg@10 is never worse on NDCG than picking it by val_loss.");
        WriteReport(new ReportData
        {
            Title = "plumb demo ranking",
            Summary = ["Softmax (ListNet) vs pairwise logistic (RankNet) on a generated learning-to-rank set; NDCG@10 judges."],
            Tables = [("epoch picked by val_loss vs by val_ndcg@10", [.. rows.Select(r => (r.Loss, Inv($"by val_loss: epoch {r.ByLoss}, ndcg@10 {r.NdcgByLoss:0.0000}; by val_ndcg@10: epoch {r.ByNdcg}, ndcg@10 {r.NdcgByNdcg:0.0000}")))]), .. tables],
        }, ctx);
        return 0;
    }

    /// <summary>Padded lists [Q, 20, 8] and relevance [Q, 20] with −1 on padding.</summary>
    private static (Tensor X, Tensor Y) RankingLists(int queries, int seed)
    {
        const int L = 20, F = 8;
        var rng = new Random(seed);
        var x = new float[queries * L * F];
        var y = new float[queries * L];
        Array.Fill(y, -1f);
        for (int q = 0; q < queries; q++)
        {
            int n = rng.Next(5, L + 1);
            for (int i = 0; i < n; i++)
            {
                var f = x.AsSpan((q * L + i) * F, F);
                for (int j = 0; j < F; j++) f[j] = (float)(rng.NextDouble() * 2 - 1);
                double latent = 1.5 * f[0] - f[1] + f[2] * f[3] + 0.5 * Math.Sin(3 * f[4]) + 0.4 * (rng.NextDouble() - 0.5);
                y[q * L + i] = (float)Math.Clamp(Math.Floor(latent + 2), 0, 4);
            }
        }
        return (tensor(x, [queries, L, F]), tensor(y, [queries, L]));
    }
}
