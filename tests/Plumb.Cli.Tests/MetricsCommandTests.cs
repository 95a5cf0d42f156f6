using System.Text.Json;
using Plumb.Losses;
using Plumb.Metrics;

namespace Plumb.Cli.Tests;

public class MetricsCommandTests
{
    [Fact]
    public void The_json_listing_is_every_descriptor_with_its_arguments()
    {
        var (code, output, err) = CliTests.Run("metrics", "--json");
        Assert.True(code == 0, err);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        // Generated from the registry: one entry per descriptor, losses included as metrics.
        Assert.Equal(MetricRegistry.Descriptors.Select(d => d.Name), items.Select(i => i.GetProperty("name").GetString()));
        Assert.Contains(items, i => i.GetProperty("name").GetString() == "huber" && i.GetProperty("family").GetString() == "loss");
        var fbeta = items.Single(i => i.GetProperty("name").GetString() == "fbeta");
        Assert.Equal("higher", fbeta.GetProperty("direction").GetString());
        Assert.Contains("fbeta_score", fbeta.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var beta = fbeta.GetProperty("arguments").EnumerateArray().First();
        Assert.Equal("beta", beta.GetProperty("name").GetString());
        Assert.True(beta.GetProperty("required").GetBoolean());
        var auc = items.Single(i => i.GetProperty("name").GetString() == "roc_auc");
        Assert.Contains("auc", auc.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void A_family_filter_lists_only_that_family_and_a_bad_one_is_exit_2()
    {
        var (code, output, _) = CliTests.Run("metrics", "--family", "regression");
        Assert.Equal(0, code);
        Assert.Contains("r2 (r2_score", output);
        Assert.DoesNotContain("roc_auc", output);
        var (bad, _, err) = CliTests.Run("metrics", "--family", "vision");
        Assert.Equal(2, bad);
        Assert.Contains("--family 'vision' is not one of", err);
    }

    [Fact]
    public void The_losses_listing_is_generated_from_the_loss_descriptors()
    {
        var (code, output, _) = CliTests.Run("losses");
        Assert.Equal(0, code);
        foreach (LossDescriptor d in LossRegistry.Descriptors)
            Assert.Contains(d.Formula, output);
    }
}
