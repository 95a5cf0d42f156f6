using Plumb.Cli.Data;
using Spectre.Console;

namespace Plumb.Cli.Output;

/// <summary>
/// A progress bar on stderr (Spectre.Console) while a large file streams: shown only when stderr is a
/// terminal, <c>CI</c> is unset and the file is at least <see cref="MinBytes"/> (about a second of reading),
/// so redirected output, tests and pipelines never see it. It runs on its own thread, polling
/// <see cref="TableStream.Progress"/> and <see cref="TableStream.RowsRead"/>, and clears itself at the end.
/// </summary>
internal sealed class ReadProgress : IDisposable
{
    /// <summary>Smallest file (bytes) that gets a bar.</summary>
    public const long MinBytes = 64L << 20;

    private readonly CancellationTokenSource _done = new();
    private readonly Task _task;

    private ReadProgress(TableStream stream)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _task = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var t = ctx.AddTask(Markup.Escape(Path.GetFileName(stream.File)), maxValue: 1000);
                while (!_done.IsCancellationRequested)
                {
                    t.Value = stream.Progress * 1000;
                    t.Description = Markup.Escape($"{Path.GetFileName(stream.File)}: {stream.RowsRead:N0} rows");
                    try { await Task.Delay(100, _done.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { break; }
                }
                t.Value = 1000;
            });
    }

    /// <summary>A bar for <paramref name="stream"/>, or null when none is shown (see the class remarks).</summary>
    public static ReadProgress? Start(TableStream stream)
    {
        if (Console.IsErrorRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) return null;
        if (!System.IO.File.Exists(stream.File) || new FileInfo(stream.File).Length < MinBytes) return null;
        return new ReadProgress(stream);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _done.Cancel();
        try { _task.GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        _done.Dispose();
    }
}
