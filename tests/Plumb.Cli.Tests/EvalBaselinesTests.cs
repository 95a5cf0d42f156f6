using System.Text.Json;

namespace Plumb.Cli.Tests;

public class EvalBaselinesTests : IDisposable
{
    private readonly TestFiles _files = new();

    [Fact]
    public void Baselines_score_the_prior_beside_the_model_with_the_skill_of_the_log_loss()
    {
        // 5 positives in 10 rows: the prior predicts 0.5 everywhere → accuracy 0.5 (all positive at ≥ 0.5), ROC-AUC 0.5, log loss ln 2.
        string csv = _files.Text("p.csv", "y,p", "0,0.1", "0,0.4", "1,0.35", "1,0.8", "0,0.4", "1,0.6", "0,0.7", "1,0.4", "1,0.9", "0,0.2");
        var (code, output, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "p", "--task", "binary",
            "--metrics", "accuracy,roc_auc,log_loss", "--baselines", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.76, root.GetProperty("roc_auc").GetDouble(), 12); // the model's values are unchanged
        var b = root.GetProperty("baselines");
        var prior = b.GetProperty("predictors")[0];
        Assert.Equal("prior", prior.GetProperty("name").GetString());
        Assert.Equal(0.5, prior.GetProperty("values").GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(0.5, prior.GetProperty("values").GetProperty("roc_auc").GetDouble(), 12);
        Assert.Equal(Math.Log(2), prior.GetProperty("values").GetProperty("log_loss").GetDouble(), 12);
        double logLoss = root.GetProperty("log_loss").GetDouble();
        Assert.Equal(1 - logLoss / Math.Log(2), b.GetProperty("skill").GetProperty("log_loss").GetDouble(), 12);
        Assert.False(b.GetProperty("skill").TryGetProperty("accuracy", out _)); // skill is for lower-is-better metrics

        (code, output, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "p", "--task", "binary", "--metrics", "accuracy", "--baselines");
        Assert.True(code == 0, err);
        Assert.Contains("baselines (trivial predictors fitted on the targets of these rows", output);
    }

    [Fact]
    public void Regression_baselines_are_the_mean_and_the_median()
    {
        // Targets 1, 2, 3, 10: mean 4 → MAE (3 + 2 + 1 + 6)/4 = 3; median 2.5 → (1.5 + 0.5 + 0.5 + 7.5)/4 = 2.5.
        string csv = _files.Text("r.csv", "y,p", "1,1", "2,2", "3,3", "10,9");
        var (code, output, err) = CliTests.Run("eval", "--data", csv, "--target", "y", "--score", "p", "--task", "regression", "--metrics", "mae", "--baselines", "--json");
        Assert.True(code == 0, err);
        var predictors = JsonDocument.Parse(output).RootElement.GetProperty("baselines").GetProperty("predictors");
        Assert.Equal(3, predictors[0].GetProperty("values").GetProperty("mae").GetDouble(), 12);
        Assert.Equal(2.5, predictors[1].GetProperty("values").GetProperty("mae").GetDouble(), 12);
        // Model MAE 0.25 against the better baseline's 2.5: skill 0.9.
        Assert.Equal(0.9, JsonDocument.Parse(output).RootElement.GetProperty("baselines").GetProperty("skill").GetProperty("mae").GetDouble(), 12);
    }

    public void Dispose() => _files.Dispose();
}
