using System.Runtime.InteropServices;

namespace Plumb.IO;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory (so a rename survives a power cut) and
/// <c>renameat2(RENAME_EXCHANGE)</c> (swap two directories in one atomic step, Linux ≥ 3.15).
/// </summary>
internal static class NativeFs
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000; // Linux x64/arm64

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int Renameat2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    /// <summary>Swaps two existing directories atomically; false when the system or file system cannot (the caller falls back).</summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("PLUMB_NO_RENAME_EXCHANGE") == "1") return false;
        try
        {
            if (Renameat2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            // EINVAL (file system without exchange), ENOSYS (old kernel), EPERM/ENOTSUP: fall back; anything else is real.
            if (errno is 22 or 38 or 1 or 95) return false;
            throw new IOException($"cannot exchange '{a}' and '{b}': errno {errno}");
        }
        catch (EntryPointNotFoundException) { return false; }
        catch (DllNotFoundException) { return false; }
    }

    /// <summary>Flushes a directory's entries (renames, creations) to disk. A no-op where directories cannot be opened (Windows).</summary>
    public static void FsyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd;
        try { fd = Open(dir, ORdOnly | (OperatingSystem.IsLinux() ? ODirectory : 0)); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return; }
        if (fd < 0) throw new IOException($"cannot open folder '{dir}' to flush it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush folder '{dir}': errno {Marshal.GetLastPInvokeError()}");
        }
        finally { Close(fd); }
    }
}
