using System.Globalization;
using Spectre.Console;

namespace Plumb.Training;

/// <summary>
/// Fit's progress output: a Spectre.Console live bar per epoch (loss updated per batch, metrics at epoch end) on an
/// interactive console, one plain line per epoch otherwise (redirected output, CI).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>True when <paramref name="output"/> is the console's stdout, a terminal, and not in CI (<c>CI</c> unset).</summary>
    public static bool IsInteractive(TextWriter? output = null) =>
        (output is null || ReferenceEquals(output, Console.Out)) && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="fit"/> with the progress callback for <paramref name="verbose"/> on stdout.</summary>
    /// <param name="verbose">0 none (the callback is null), 1 live bar when interactive else lines, 2 lines.</param>
    /// <param name="epochs">Epochs, for the labels.</param>
    /// <param name="batchesPerEpoch">Batches per epoch, for the bar.</param>
    /// <param name="fit">The training run, given the callback to pass to Fit.</param>
    public static T Run<T>(int verbose, int epochs, int batchesPerEpoch, Func<Callback?, T> fit) =>
        Run(Console.Out, verbose, epochs, batchesPerEpoch, fit);

    /// <summary>As the other overload, writing plain lines to <paramref name="output"/>.</summary>
    /// <param name="output">Where plain epoch lines go (a live bar is only drawn on the interactive console).</param>
    /// <param name="verbose">0 none, 1 live bar when interactive else lines, 2 lines.</param>
    /// <param name="epochs">Epochs, for the labels.</param>
    /// <param name="batchesPerEpoch">Batches per epoch, for the bar.</param>
    /// <param name="fit">The training run, given the callback to pass to Fit.</param>
    public static T Run<T>(TextWriter output, int verbose, int epochs, int batchesPerEpoch, Func<Callback?, T> fit)
    {
        if (verbose == 0) return fit(null);
        if (verbose == 2 || !IsInteractive(output)) return fit(new EpochLines(output, epochs));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx => result = fit(new LiveBar(ctx, epochs, batchesPerEpoch)));
        return result;
    }

    internal static string Line(IReadOnlyDictionary<string, double> logs) =>
        string.Join("  ", logs.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G5}")));

    /// <summary>One plain line per epoch.</summary>
    internal sealed class EpochLines(TextWriter output, int epochs) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            int width = epochs.ToString(CultureInfo.InvariantCulture).Length;
            output.WriteLine($"epoch {(epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  {Line(logs)}");
        }
    }

    private sealed class LiveBar(ProgressContext ctx, int epochs, int batches) : Callback
    {
        private ProgressTask? _task;
        private int _epoch;

        public override void OnEpochBegin(int epoch)
        {
            _epoch = epoch;
            _task = ctx.AddTask(Label(epoch, null), maxValue: Math.Max(1, batches));
        }

        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            if (_task is null) return;
            _task.Increment(1);
            _task.Description = Label(_epoch, Line(logs));
        }

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (_task is null) return;
            _task.Value = _task.MaxValue;
            _task.Description = Label(epoch, Line(logs));
        }

        private string Label(int epoch, string? text) => Markup.Escape($"epoch {epoch + 1}/{epochs}  {text}");
    }
}
