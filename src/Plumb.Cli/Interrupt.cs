using System.Runtime.InteropServices;

namespace Plumb.Cli;

/// <summary>
/// Ctrl+C and SIGTERM: registered once, before any command runs. On the signal every registered cleanup runs
/// (staging folders removed), the terminal cursor a progress bar hid is shown again, and the process then ends
/// the way the signal asks (the runtime's default: exit code 130 for Ctrl+C).
/// </summary>
internal static class Interrupt
{
    private static readonly List<Action> Cleanups = [];
    private static PosixSignalRegistration? _int, _term;

    /// <summary>Registers the signal handlers (idempotent).</summary>
    public static void Install()
    {
        lock (Cleanups)
        {
            _int ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _term ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }
    }

    /// <summary>Runs <paramref name="cleanup"/> if the process is interrupted before the returned handle is disposed.</summary>
    public static IDisposable OnInterrupt(Action cleanup)
    {
        lock (Cleanups) Cleanups.Add(cleanup);
        return new Registration(cleanup);
    }

    /// <summary>Whether SIGINT or SIGTERM arrived: an exception the interrupted work throws afterwards is the
    /// interruption, not an internal error.</summary>
    public static bool Requested => _requested;

    private static volatile bool _requested;
    private static readonly ManualResetEventSlim Arrived = new();

    /// <summary>
    /// Whether an interruption arrived, waiting up to <paramref name="grace"/> for one in flight: a signal can make native
    /// code (libtorch) fail on the main thread a moment before the runtime runs the handler.
    /// </summary>
    public static bool RequestedWithin(TimeSpan grace) => _requested || Arrived.Wait(grace);

    private static void OnSignal(PosixSignalContext context)
    {
        _requested = true;
        Action[] actions;
        lock (Cleanups) actions = [.. Cleanups];
        foreach (var a in actions)
        {
            try { a(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        if (!Console.IsOutputRedirected)
        {
            try { Console.Out.Write("\u001b[?25h"); Console.Out.Flush(); }
            catch (IOException) { }
        }
        try { Console.Error.WriteLine("plumb: interrupted"); Console.Error.Flush(); }
        catch (IOException) { }
        Arrived.Set();
        context.Cancel = false; // the default action follows: the process ends
    }

    private sealed class Registration(Action cleanup) : IDisposable
    {
        public void Dispose()
        {
            lock (Cleanups) Cleanups.Remove(cleanup);
        }
    }
}
