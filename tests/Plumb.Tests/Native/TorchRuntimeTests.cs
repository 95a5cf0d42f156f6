using Plumb.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Native;

public class TorchRuntimeTests
{
    [Fact]
    public void Forward_and_backward_run_after_the_fix()
    {
        TorchNativeFix.Ensure();
        Assert.DoesNotContain("failed", TorchNativeFix.Outcome);

        // f(w) = Σ (x·w − y)², with x = [[1,2],[3,4]], y = [1,2], w = [0.5,−1]:
        // residuals r = x·w − y = [−2.5, −4.5]; ∇f = 2·xᵀr = 2·[1·−2.5 + 3·−4.5, 2·−2.5 + 4·−4.5] = [−32, −46].
        using var x = tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);
        using var y = tensor(new double[] { 1, 2 });
        using var w = tensor(new double[] { 0.5, -1 }).requires_grad_();
        using var f = (x.matmul(w) - y).pow(2).sum();
        f.backward();
        Assert.Equal(6.25 + 20.25, f.item<double>(), 12);
        Assert.Equal(new[] { -32.0, -46.0 }, w.grad!.data<double>().ToArray());
    }
}
