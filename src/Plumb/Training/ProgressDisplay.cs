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

    /// <summary>The widest epoch line, in columns: it fits a 100-column terminal without wrapping.</summary>
    public const int MaxLineWidth = 100;

    /// <summary>
    /// Keras-style <c>val_pr_auc 0.376 - loss 0.0057 - val_loss 0.061 - …</c>: the monitored key first (the one
    /// that picks the epoch), then loss and val_loss, the validation metrics, the training metrics, then lr, as many
    /// as fit in <paramref name="width"/> columns (history.csv has them all); <c>…</c> marks the ones left out.
    /// </summary>
    /// <param name="logs">One epoch's logs.</param>
    /// <param name="width">Columns available.</param>
    /// <param name="monitor">The monitored key (any spelling <c>EarlyStopping</c> accepts), or null.</param>
    public static string Line(IReadOnlyDictionary<string, double> logs, int width = MaxLineWidth, string? monitor = null)
    {
        string? first = monitor is null ? null : LogKey.Resolve(monitor, logs.Keys);
        int Rank(string k) => k switch
        {
            _ when k == first => -1,
            "loss" => 0,
            "val_loss" => 1,
            "lr" => 4,
            _ when k.StartsWith("val_", StringComparison.Ordinal) => 2,
            _ => 3,
        };
        var sb = new System.Text.StringBuilder();
        foreach (var (k, v) in logs.OrderBy(kv => Rank(kv.Key)))
        {
            string item = string.Create(CultureInfo.InvariantCulture, $"{(sb.Length == 0 ? "" : " - ")}{k} {v:G4}");
            if (sb.Length + item.Length > width - 2) { sb.Append(" …"); break; }
            sb.Append(item);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The key the run's first monitoring callback watches (<see cref="EarlyStopping"/>, then
    /// <see cref="ModelCheckpoint"/>, then <see cref="ReduceLROnPlateau"/>), or null.
    /// </summary>
    internal static string? MonitorOf(Model? model) =>
        model?.ActiveCallbacks.OfType<EarlyStopping>().FirstOrDefault()?.Monitor
        ?? model?.ActiveCallbacks.OfType<ModelCheckpoint>().FirstOrDefault()?.Monitor
        ?? model?.ActiveCallbacks.OfType<ReduceLROnPlateau>().FirstOrDefault()?.Monitor;

    /// <summary>One plain line per epoch, the monitored key first.</summary>
    internal sealed class EpochLines(TextWriter output, int epochs) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            int width = epochs.ToString(CultureInfo.InvariantCulture).Length;
            string prefix = $"epoch {(epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  ";
            output.WriteLine(prefix + Line(logs, MaxLineWidth - prefix.Length, MonitorOf(Model)));
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
            _task.Description = Label(epoch, Line(logs, MaxLineWidth, MonitorOf(Model)));
        }

        private string Label(int epoch, string? text) => Markup.Escape($"epoch {epoch + 1}/{epochs}  {text}");
    }
}
