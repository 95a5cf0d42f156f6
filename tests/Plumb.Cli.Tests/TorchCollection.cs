namespace Plumb.Cli.Tests;

/// <summary>
/// Tests that train models share torch's process-wide random generator (seeded initial weights), so they run
/// one at a time: a seeded run in parallel with another would draw from the same generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch generator";
}
