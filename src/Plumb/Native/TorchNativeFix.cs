using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Plumb.Native;

/// <summary>
/// Makes TorchSharp's native shim loadable on hosts whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// <para><c>libLibTorchSharp.so</c> 0.107 declares a requirement on <c>GLIBCXX_3.4.32</c> for one symbol
/// (<c>std::ios_base_library_init</c>) that it never calls, so the loader refuses it on older libstdc++.
/// Before TorchSharp loads it, Plumb finds the copy the application will load (the build output or the
/// installed tool — never the NuGet package cache), and if, and only if, the host lacks that version and the
/// file still requires it, renames the requirement to <c>GLIBCXX_3.4.21</c> with
/// <see cref="ElfVersionPatch"/>, writing a temporary file and renaming it over the original (atomic).</para>
/// <para>It runs automatically when the Plumb assembly is first used (a module initializer), so plain
/// <c>dotnet build/test/run</c> and the packed tool need nothing more. Code that calls TorchSharp before
/// touching any Plumb type calls <see cref="Ensure"/> first.</para>
/// </remarks>
public static class TorchNativeFix
{
    /// <summary>The version requirement that older libstdc++ cannot satisfy.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The same-length version it is renamed to (present since GCC 5).</summary>
    public const string ReplacementVersion = "GLIBCXX_3.4.21";

    private const string LibraryFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static string? _outcome;

    /// <summary>What the last <see cref="Ensure"/> did, for diagnostics (e.g. "patched /path").</summary>
    public static string Outcome => _outcome ?? "not run";

#pragma warning disable CA2255 // the initializer is the point: it must run before TorchSharp loads its shim
    [ModuleInitializer]
    internal static void OnLoad()
    {
        try { Ensure(); }
        catch (Exception e) { _outcome = "failed: " + e.Message; }
    }
#pragma warning restore CA2255

    /// <summary>Patches the shim the application will load, when needed. Idempotent and thread-safe.</summary>
    public static void Ensure()
    {
        lock (Gate)
        {
            if (_outcome is not null && !_outcome.StartsWith("failed", StringComparison.Ordinal)) return;
            if (!OperatingSystem.IsLinux()) { _outcome = "not needed: not Linux"; return; }
            string? path = FindShim();
            if (path is null) { _outcome = "not found"; return; }
            _outcome = PatchFile(path, static () => HostHasVersion(MissingVersion));
        }
    }

    /// <summary>
    /// Patches <paramref name="path"/> in place (temp file + rename) when it requires
    /// <see cref="MissingVersion"/> and <paramref name="hostHasVersion"/> is false. Returns what it did.
    /// </summary>
    public static string PatchFile(string path, bool hostHasVersion) => PatchFile(path, () => hostHasVersion);

    private static string PatchFile(string path, Func<bool> hostHasVersion)
    {
        // The check reads the version sections through a mapping (a few pages), not the whole library.
        bool requires;
        using (var mapped = Plumb.Metrics.MappedFile.Open(path))
            requires = ElfVersionPatch.Requirements(mapped.Span).Any(r => r.Version == MissingVersion);
        if (!requires) return "not needed: already loadable " + path;
        if (hostHasVersion()) return "not needed: host has " + MissingVersion;
        byte[] bytes = File.ReadAllBytes(path);
        if (IsInNuGetCache(path))
            throw new InvalidOperationException($"refusing to edit the NuGet package cache in place: {path}");
        ElfVersionPatch.Rename(bytes, MissingVersion, ReplacementVersion);
        string tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(tmp, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, File.GetUnixFileMode(path));
        File.Move(tmp, path, overwrite: true);
        return "patched " + path;
    }

    private static string? FindShim() => ShimFolders().Select(d => Path.Combine(d, LibraryFile)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Where the shim may be, in the loader's order: the application's native search path, then TorchSharp's folder
    /// (asked for only when the first has none: it loads TorchSharp's assembly), then the application's runtimes folder.
    /// </summary>
    private static IEnumerable<string> ShimFolders()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
            foreach (string d in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) yield return d;
        string? torchDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir))
        {
            yield return torchDir;
            yield return Path.Combine(torchDir, "runtimes", "linux-x64", "native");
        }
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
    }

    private static bool IsInNuGetCache(string path)
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.GetFullPath(path).StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Whether the host's libstdc++ provides <c>std::ios_base_library_init</c> at <paramref name="version"/>.</summary>
    public static bool HostHasVersion(string version)
    {
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out IntPtr handle)) return false;
        // The one symbol the shim imports at that version; absolute version-node symbols resolve to 0.
        return dlvsym(handle, "_ZSt21ios_base_library_initv", version) != IntPtr.Zero;
    }

    [DllImport("libc", EntryPoint = "dlvsym")]
    private static extern IntPtr dlvsym(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string symbol,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string version);
}
