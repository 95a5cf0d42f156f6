namespace Plumb.Tests.Training;

/// <summary>
/// Training tests seed and draw from torch's process-wide generator (initial weights, dropout, Fit's per-epoch seeding),
/// so they run alone, after the parallel tests, to stay bit-reproducible.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngCollection
{
    public const string Name = "torch global RNG";
}
