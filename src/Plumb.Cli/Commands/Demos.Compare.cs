using System.Globalization;
using Plumb.Metrics;
using Plumb.Metrics.Statistics;

namespace Plumb.Cli.Commands;

internal static partial class Demos
{
    /// <summary>
    /// Is B better than A? A seeded binary problem, y ~ Bernoulli(σ(−1.5 + 1.2·x₁ + 0.35·x₂)); model
    /// <c>baseline</c> scores σ(−1.4 + 1.15·x₁) (it never saw x₂), model <c>candidate</c> the true logit plus a
    /// little noise. The same two models are compared on 300 validation rows and on 3,000: the difference is
    /// real, but 300 rows cannot show it. Writes <c>small.csv</c> and <c>large.csv</c> (columns y, baseline,
    /// candidate) to the demo folder for <c>plumb compare</c>.
    /// </summary>
    private static int Compare(DemoContext ctx)
    {
        var output = ctx.Output;
        Directory.CreateDirectory(ctx.OutDir);
        output.WriteLine("compare: baseline sees feature x1, candidate sees x1 and x2; the same two models on 300 and on 3,000 validation rows.");
        foreach (var (name, rows, seed) in new[] { ("small.csv", 300, ctx.Seed), ("large.csv", 3000, ctx.Seed + 1) })
        {
            string path = Path.Combine(ctx.OutDir, name);
            File.WriteAllLines(path, ["y,baseline,candidate", .. TwoModels(rows, seed)]);
            var request = new EvalCommand.EvalRequest(path, ["y"], ["baseline", "candidate"], MetricTask.Binary, ["roc_auc", "accuracy"], null, 0.5, null, false, false);
            var result = CompareCommand.Run(request, new BootstrapOptions { Seed = 1 });
            output.WriteLine();
            output.WriteLine($"plumb compare --data {path} --target y --score baseline,candidate --metric roc_auc,accuracy --seed 1");
            CompareCommand.WriteText(output, request, result);
        }
        output.WriteLine();
        output.WriteLine("On 300 rows the two models cannot be told apart; on 3,000 the candidate is clearly better on roc_auc, and accuracy at 0.5 still cannot separate them.");
        return 0;
    }

    private static IEnumerable<string> TwoModels(int rows, int seed)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        for (int i = 0; i < rows; i++)
        {
            double x1 = Gauss(), x2 = Gauss();
            double logit = -1.5 + 1.2 * x1 + 0.35 * x2;
            int y = rng.NextDouble() < Sigmoid(logit) ? 1 : 0;
            double a = Sigmoid(-1.4 + 1.15 * x1), b = Sigmoid(logit + 0.1 * Gauss());
            yield return string.Create(CultureInfo.InvariantCulture, $"{y},{a:F6},{b:F6}");
        }
    }
}
