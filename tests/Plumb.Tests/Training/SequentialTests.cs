using Plumb.Layers;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class SequentialTests
{
    [Fact]
    public void Shapes_are_inferred_and_dense_starts_as_keras()
    {
        var net = new Sequential(2, 3).Flatten().Dense(16, "relu").BatchNorm().Dropout(0.5).Dense(4, "softmax");
        Assert.Equal([4L], net.OutputShape);
        Assert.Equal("softmax", net.OutputActivation);
        var dense = net.named_parameters().Where(p => p.name.EndsWith("dense.weight")).Select(p => p.parameter).First();
        // Glorot uniform: |w| ≤ √(6 / (fan_in + fan_out)) = √(6 / 22); biases start at 0.
        double bound = Math.Sqrt(6.0 / (6 + 16));
        Assert.True(dense.abs().max().item<float>() <= bound);
        Assert.All(net.named_parameters().Where(p => p.name.EndsWith("dense.bias")), p => Assert.Equal(0f, p.parameter.abs().sum().item<float>()));
        net.eval();
        using var y = net.forward(ones(5, 2, 3));
        Assert.Equal([5L, 4L], y.shape);
        Assert.Equal(5.0, y.sum().item<float>(), 5); // softmax rows sum to 1
    }

    [Fact]
    public void Kernel_regularizers_are_keras_l1_and_l2()
    {
        // w = [[1, 2], [3, −4]]: L2 0.1·Σw² = 0.1·30 = 3; L1 0.01·Σ|w| = 0.01·10 = 0.1.
        var net = new Sequential(2).Dense(2, kernelRegularizer: Regularizer.L1L2(0.01, 0.1));
        using (no_grad()) net.parameters().First().copy_(tensor(new float[] { 1, 2, 3, -4 }, [2, 2]));
        Assert.True(net.HasRegularization);
        Assert.Equal(3.1, net.RegularizationLoss().item<float>(), 5);
        Assert.False(new Sequential(2).Dense(2).HasRegularization);
    }

    [Fact]
    public void Activations_by_name()
    {
        Assert.Equal("leaky_relu", Activations.Normalize("LeakyReLU"));
        using var x = tensor(new float[] { -1, 2 });
        using var lr = Activations.Create("leaky_relu")!.call(x);
        Assert.Equal([-0.2f, 2f], lr.data<float>().ToArray()); // Keras' slope 0.2
        Assert.Null(Activations.Create("linear"));
        var ex = Assert.Throws<ArgumentException>(() => Activations.Normalize("swishy"));
        Assert.Contains("known: linear, relu, relu6, leaky_relu", ex.Message);
    }

    [Fact]
    public void Output_activation_is_read_from_torchsharp_sequential_or_declared()
    {
        using var a = new Model(nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()));
        using var b = new Model(nn.Sequential(nn.Linear(4, 3)));
        using var c = new Model(new Passthrough());
        using var d = new Model(new Passthrough(), "softmax");
        Assert.Equal("sigmoid", a.OutputActivation);
        Assert.Equal("linear", b.OutputActivation);
        Assert.Null(c.OutputActivation);
        Assert.Equal("softmax", d.OutputActivation);
    }

    [Fact]
    public void Optimizers_by_spec_with_keras_defaults()
    {
        using var m = new Model(new Sequential(2).Dense(1, "sigmoid"));
        m.Compile("sgd(momentum=0.9, nesterov=true)", "bce");
        Assert.Equal(0.01, m.LearningRate, 12);
        Assert.IsType<TorchSharp.Modules.SGD>(m.Optimizer);
        m.Compile("rmsprop", "bce");
        Assert.Equal(1e-3, m.LearningRate, 12);
        m.Compile("adamw(weight_decay=0.01)", 0.02, "bce");
        Assert.Equal(0.02, m.LearningRate, 12);
        Assert.Contains("nesterov needs momentum", Assert.Throws<ArgumentException>(() => m.Compile("sgd(nesterov=true)", "bce")).Message);
        Assert.Contains("unknown argument 'foo'", Assert.Throws<ArgumentException>(() => m.Compile("adam(foo=1)", "bce")).Message);
        var own = optim.SGD(m.Module.parameters(), 0.3);
        m.Compile(own, "bce");
        Assert.Same(own, m.Optimizer);
        Assert.Equal(0.3, m.LearningRate, 12);
    }

    [Fact]
    public void Plain_progress_prints_one_line_per_epoch()
    {
        var w = new StringWriter();
        var lines = new ProgressDisplay.EpochLines(w, 12);
        lines.OnEpochEnd(2, new Dictionary<string, double> { ["loss"] = 0.5, ["val_pr_auc"] = 0.875 });
        Assert.Equal("epoch  3/12  loss 0.5 - val_pr_auc 0.875" + Environment.NewLine, w.ToString());
    }
}
