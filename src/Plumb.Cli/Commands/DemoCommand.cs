using System.CommandLine;
using Plumb.Cli.Output;
using Plumb.Training;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb demo</c>: trains a small model and prints the loss and the metrics side by side.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Number of epochs.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed for the split, the initial weights and shuffling.", DefaultValueFactory = _ => 42 };
        var cmd = new Command("demo", "Train an MLP with binary cross-entropy on the breast-cancer data; watch loss and metrics per epoch.")
        {
            epochs, seed,
        };
        cmd.SetAction(parse =>
        {
            int e = parse.GetValue(epochs);
            if (e < 1) throw new UsageException($"--epochs must be at least 1, got {e}");
            var output = parse.InvocationConfiguration.Output;
            var result = Demos.BreastCancer(e, parse.GetValue(seed), output);
            output.WriteLine($"final: val_roc_auc {result.History["val_roc_auc"][^1]:F4}");
            return 0;
        });
        return cmd;
    }
}
