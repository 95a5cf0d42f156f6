namespace Plumb.Cli.Tests;

public class LossesCommandTests
{
    [Fact]
    public void Losses_lists_every_loss_with_formula_domain_and_use()
    {
        var (code, output, err) = CliTests.Run("losses");
        Assert.True(code == 0, err);
        foreach (string name in new[] { "mse", "huber", "tweedie", "binary_crossentropy", "sparse_categorical_crossentropy", "binary_focal_crossentropy", "kl_divergence", "soft_f1", "lovasz_hinge", "pairwise_auc" })
            Assert.Contains(output.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Contains("½e² if |e| ≤ δ", output); // huber's formula
        Assert.Contains("class index in [0, K)", output); // a target domain
        Assert.Contains("metric surrogate", output);
        Assert.Contains("bce", output); // aliases
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal); // plain text when not interactive
    }

    [Fact]
    public void Plot_writes_one_png_per_loss_atomically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "plumb-losses-" + Guid.NewGuid().ToString("N"), "plots");
        try
        {
            var (code, output, err) = CliTests.Run("losses", "--plot", dir);
            Assert.True(code == 0, err);
            string[] files = Directory.GetFiles(dir);
            foreach (string name in new[] { "mse", "huber", "hinge", "binary_crossentropy", "categorical_crossentropy", "soft_f1", "pairwise_auc", "listnet", "regression", "classification" })
            {
                string path = Path.Combine(dir, name + ".png");
                Assert.Contains(path, files);
                byte[] head = File.ReadAllBytes(path)[..8];
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);
                Assert.Contains(path, output);
            }
            Assert.Equal(36, files.Length); // 34 losses + 2 overviews, no temporary files left
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Fact]
    public void Plot_into_a_file_is_a_one_line_usage_error()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (code, _, err) = CliTests.Run("losses", "--plot", file);
            Assert.Equal(2, code);
            Assert.Single(err.TrimEnd().Split('\n'));
            Assert.Contains("--plot", err);
            Assert.Contains(file, err);
            (code, _, err) = CliTests.Run("losses", "--plot", Path.Combine(file, "sub"));
            Assert.Equal(2, code);
            Assert.StartsWith("plumb: ", err);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
