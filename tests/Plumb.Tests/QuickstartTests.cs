namespace Plumb.Tests;

public class QuickstartTests
{
    [Fact]
    public void Readme_quickstart_is_the_compiled_example_and_it_learns()
    {
        string root = RepoRoot();
        string example = File.ReadAllText(Path.Combine(root, "examples", "Quickstart", "Quickstart.cs")).Trim();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains(example, readme);

        double auc = Quickstart.Run();
        Assert.InRange(auc, 0.95, 1.0);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plumb.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
