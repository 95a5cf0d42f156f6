using System.Globalization;

namespace Plumb.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class DetectionDemoTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Demo_prints_val_map_per_epoch_and_the_epoch_each_criterion_picks()
    {
        var (code, output, err) = CliTests.Run("demo", "detection", "--epochs", "4", "--out", _files.Dir);
        Assert.True(code == 0, err);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        int header = lines.FindIndex(l => l.StartsWith("epoch ", StringComparison.Ordinal) && l.EndsWith("val_map val_map_50", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        var rows = lines.Skip(header + 1).Take(4).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        for (int e = 0; e < 4; e++)
        {
            Assert.Equal((e + 1).ToString(CultureInfo.InvariantCulture), rows[e][0]);
            double map = D(rows[e][3]), map50 = D(rows[e][4]);
            Assert.InRange(map, 0, 1);
            Assert.True(map50 >= map, string.Join(' ', rows[e])); // AP at IoU .5 bounds the mean over .50:.95
        }
        string pick = lines.Single(l => l.StartsWith("epoch by val_loss:", StringComparison.Ordinal));
        var m = System.Text.RegularExpressions.Regex.Match(pick, @"epoch by val_loss: (\d+) \(val_map ([0-9.]+)\); epoch by val_map: (\d+) \(val_map ([0-9.]+)\)");
        Assert.True(m.Success, pick);
        int byLoss = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), byMap = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.Equal(rows.MinBy(r => D(r[2]))![0], byLoss.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(rows.Max(r => D(r[3])), D(m.Groups[4].Value));
        Assert.Equal(rows[byMap - 1][3], m.Groups[4].Value);
        Assert.Equal(rows[byLoss - 1][3], m.Groups[2].Value);
        Assert.True(File.Exists(Path.Combine(_files.Dir, "report.html")));
    }
}
