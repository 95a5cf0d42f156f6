using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Plumb.Cli.Tests;

/// <summary>
/// The packages as a user gets them: the tool packs into a small pointer package plus one package per platform
/// (each under nuget.org's 250 MB), installs from a local folder alone and runs; the library packages carry their
/// metadata and <c>Plumb</c> does not list TorchSharp's image and archive libraries as its own dependencies.
/// </summary>
/// <remarks>
/// Runs in CI with the rest of the suite (about a minute: packing compresses libtorch). Offline: restore is not run
/// (the build's restore is used) and the install reads only the packed folder, through a nuget.config that clears
/// every other source. Leave it out locally with <c>--filter Category!=Packaging</c>.
/// </remarks>
[Trait("Category", "Packaging")]
public sealed class PackagingTests : IDisposable
{
    private const long NuGetOrgLimit = 250L * 1024 * 1024;

    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-pack").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Root => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Runs a command to completion (killed, with its children, if it outlives <paramref name="seconds"/>).</summary>
    private static (int Code, string Output) Exec(string file, IEnumerable<string> args, string workingDir, int seconds)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(seconds * 1000)) return (-1, $"{file} {string.Join(" ", args)}: still running after {seconds} s");
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    private static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var s = entry.Open();
        return XDocument.Load(s).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static void HasCommonMetadata(XElement m, string id)
    {
        Assert.Equal(id, Value(m, "id"));
        Assert.Equal("MIT", Value(m, "license"));
        Assert.Equal("README.md", Value(m, "readme"));
        Assert.Contains("machine-learning", Value(m, "tags"));
        var repo = m.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repo.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repo.Attribute("commit")?.Value ?? "");
    }

    [Fact]
    public void The_tool_packs_per_platform_under_the_nuget_org_limit_installs_from_a_folder_and_runs()
    {
        string feed = Path.Combine(_dir, "feed");
        var (code, output) = Exec("dotnet", ["pack", Path.Combine(Root, "src", "Plumb.Cli", "Plumb.Cli.csproj"), "-c", "Debug", "--no-restore", "-o", feed, "-m:1"], Root, 600);
        Assert.True(code == 0, output);

        string version = typeof(Commands.TrainCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        string packageVersion = version.Split('+')[0];
        string pointer = Path.Combine(feed, $"Plumb.Cli.{packageVersion}.nupkg"), linux = Path.Combine(feed, $"Plumb.Cli.linux-x64.{packageVersion}.nupkg");
        Assert.True(File.Exists(pointer) && File.Exists(linux), string.Join(", ", Directory.GetFiles(feed).Select(Path.GetFileName)));
        Assert.All(Directory.GetFiles(feed), f => Assert.True(new FileInfo(f).Length < NuGetOrgLimit, $"{Path.GetFileName(f)}: {new FileInfo(f).Length} bytes"));

        // The pointer names the per-platform package; only that one carries libtorch.
        using (var zip = ZipFile.OpenRead(pointer))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".so", StringComparison.Ordinal) || e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            using var settings = zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open();
            var rid = XDocument.Load(settings).Descendants().Single(e => e.Name.LocalName == "RuntimeIdentifierPackage");
            Assert.Equal("linux-x64", rid.Attribute("RuntimeIdentifier")?.Value);
            Assert.Equal("Plumb.Cli.linux-x64", rid.Attribute("Id")?.Value);
        }
        using (var zip = ZipFile.OpenRead(linux))
            Assert.Contains(zip.Entries, e => e.Name == "libtorch_cpu.so");
        HasCommonMetadata(Nuspec(pointer), "Plumb.Cli");
        HasCommonMetadata(Nuspec(linux), "Plumb.Cli.linux-x64");

        // Install from the folder alone: no other source is consulted.
        string config = Path.Combine(_dir, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="plumb-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(_dir, "tools");
        (code, output) = Exec("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "Plumb.Cli", "--version", packageVersion], _dir, 300);
        Assert.True(code == 0, output);
        (code, output) = Exec(Path.Combine(tools, "plumb"), ["--version"], _dir, 120);
        Assert.True(code == 0, output);
        Assert.Equal(version, output.Trim());
    }

    [Fact]
    public void Library_packages_carry_their_metadata_and_Plumb_does_not_depend_on_SkiaSharp_or_SharpZipLib()
    {
        string feed = Path.Combine(_dir, "lib");
        foreach (string project in new[] { "Plumb.Metrics", "Plumb" })
        {
            var (code, output) = Exec("dotnet", ["pack", Path.Combine(Root, "src", project, project + ".csproj"), "-c", "Debug", "--no-build", "--no-restore", "-o", feed], Root, 300);
            Assert.True(code == 0, output);
        }
        string version = typeof(Commands.TrainCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var metrics = Nuspec(Path.Combine(feed, $"Plumb.Metrics.{version}.nupkg"));
        HasCommonMetadata(metrics, "Plumb.Metrics");
        Assert.DoesNotContain(metrics.Descendants(), e => e.Name.LocalName == "dependency"); // no dependencies at all

        var plumb = Nuspec(Path.Combine(feed, $"Plumb.{version}.nupkg"));
        HasCommonMetadata(plumb, "Plumb");
        string[] dependencies = [.. plumb.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Order()];
        Assert.Equal(["Plumb.Metrics", "Spectre.Console", "TorchSharp"], dependencies);

        // The repository URL and project page come from one property.
        var (rc, props) = Exec("dotnet", ["msbuild", Path.Combine(Root, "src", "Plumb.Metrics", "Plumb.Metrics.csproj"), "-getProperty:RepositoryUrl", "-getProperty:PackageProjectUrl",
            "-p:PlumbRepositoryUrl=https://git.example.org/plumb"], Root, 120);
        Assert.True(rc == 0, props);
        Assert.Equal(2, props.Split('\n').Count(l => l.Contains("\"https://git.example.org/plumb\"", StringComparison.Ordinal)));
    }
}
