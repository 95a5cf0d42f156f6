namespace Plumb.IO;

/// <summary>
/// Test hook for crash-consistency tests: with <c>PLUMB_FAULT_PAUSE=&lt;step&gt;</c> in the environment the process
/// prints <c>plumb-fault: &lt;step&gt;</c> on stderr and waits at that step forever, so that a test can kill it there.
/// </summary>
internal static class FaultPoint
{
    /// <summary>The steps of a run-folder commit, in order (see <see cref="RunCommit"/>).</summary>
    public static readonly IReadOnlyList<string> CommitSteps = ["staged", "manifest", "exchanged", "aside", "renamed", "committed"];

    public static void Hit(string step)
    {
        if (Environment.GetEnvironmentVariable("PLUMB_FAULT_PAUSE") != step) return;
        Console.Error.WriteLine($"plumb-fault: {step}");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
