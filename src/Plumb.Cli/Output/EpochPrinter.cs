using System.Globalization;
using Plumb.Training;

namespace Plumb.Cli.Output;

/// <summary>Prints one plain line per epoch: the loss and every metric, training and validation.</summary>
internal sealed class EpochPrinter(TextWriter output, int epochs) : Callback
{
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var width = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var parts = logs.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F4}"));
        output.WriteLine($"epoch {(epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  {string.Join("  ", parts)}");
    }
}
