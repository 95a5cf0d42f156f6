using System.Globalization;

namespace Plumb.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class RankingDemoTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Demo_prints_the_epoch_picked_by_val_loss_beside_the_one_picked_by_val_ndcg()
    {
        var (code, output, err) = CliTests.Run("demo", "ranking", "--epochs", "4", "--out", _files.Dir);
        Assert.True(code == 0, err);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        int header = lines.FindIndex(l => l.StartsWith("loss ", StringComparison.Ordinal) && l.Contains("epoch by val_ndcg@10"));
        Assert.True(header >= 0, output);
        foreach (string loss in new[] { "listnet", "pairwise_logistic" })
        {
            string row = lines[(header + 1)..].First(l => l.StartsWith(loss + " ", StringComparison.Ordinal));
            string[] f = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int byLoss = int.Parse(f[1], CultureInfo.InvariantCulture), byNdcg = int.Parse(f[3], CultureInfo.InvariantCulture);
            double atLoss = double.Parse(f[2], CultureInfo.InvariantCulture), atNdcg = double.Parse(f[4], CultureInfo.InvariantCulture);
            Assert.InRange(byLoss, 1, 4);
            Assert.InRange(byNdcg, 1, 4);
            Assert.InRange(atLoss, 0, 1);
            Assert.True(atNdcg >= atLoss, row); // the epoch chosen by the metric is the metric's best
            Assert.True(byLoss != byNdcg || atLoss == atNdcg, row);
        }
        Assert.True(File.Exists(Path.Combine(_files.Dir, "report.html")) || Directory.EnumerateFiles(_files.Dir, "*.html").Any());
    }
}
