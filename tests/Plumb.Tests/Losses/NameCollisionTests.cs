using Plumb.Losses;
using static TorchSharp.torch.nn;

namespace Plumb.Tests.Losses;

/// <summary>Compiles with Plumb.Losses beside TorchSharp's nn (as TorchSharp's examples import it): no type name collides.</summary>
public class NameCollisionTests
{
    [Fact]
    public void LossReduction_and_torch_Reduction_live_side_by_side()
    {
        Loss loss = new MeanSquaredError(LossReduction.Sum);
        Assert.Equal(LossReduction.Sum, loss.Reduction);
        Assert.Equal(LossReduction.MeanWithSampleWeight, LossRegistry.Create("nll").Reduction);
        Assert.Equal("Mean", Reduction.Mean.ToString()); // TorchSharp's own enum, unqualified
    }
}
