using System.Globalization;
using Plumb.Training;
using Spectre.Console;

namespace Plumb.Cli.Output;

/// <summary>Shows training progress: a live Spectre.Console bar per epoch when interactive, plain lines otherwise.</summary>
internal static class TrainingProgress
{
    /// <summary>True when stdout is a terminal and not in CI.</summary>
    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="fit"/> with the right kind of progress display.</summary>
    public static T Run<T>(TextWriter output, int epochs, int batchesPerEpoch, Func<Callback, T> fit)
    {
        if (!IsInteractive(output)) return fit(new EpochPrinter(output, epochs));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx => result = fit(new LiveBar(ctx, epochs, batchesPerEpoch)));
        return result;
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
            _task.Description = Label(_epoch, string.Create(CultureInfo.InvariantCulture, $"loss {logs["loss"]:F4}"));
        }

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (_task is null) return;
            _task.Value = _task.MaxValue;
            _task.Description = Label(epoch, string.Join("  ", logs.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F4}"))));
        }

        private string Label(int epoch, string? text) =>
            Markup.Escape($"epoch {epoch + 1}/{epochs}  {text}");
    }
}
