using Plumb.Losses;
using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>Clips in <see cref="Callback.OnAfterBackward"/>, as TorchSharp's text-classification example does by hand.</summary>
internal sealed class ClipInCallback(double maxNorm) : Callback
{
    public int Calls { get; private set; }

    public override void OnAfterBackward(int batch)
    {
        Calls++;
        nn.utils.clip_grad_norm_(RequireModel().Module.parameters(), maxNorm);
    }
}

[Collection(TorchRngCollection.Name)]
public class GradientClippingTests
{
    private const int Epochs = 2, Batch = 16;

    private static nn.Module<Tensor, Tensor> Net(int seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid());
    }

    /// <summary>The PyTorch loop written out: forward, bce, backward, <paramref name="clip"/>, SGD step; rows in order.</summary>
    private static float[] HandLoop(Tensor x, Tensor y, double lr, Action<IList<Parameter>> clip)
    {
        using var net = Net(7);
        var ps = net.parameters().ToList();
        using var opt = optim.SGD(ps, lr);
        var bce = LossRegistry.Create("bce");
        for (int e = 0; e < Epochs; e++)
            for (long s = 0; s < x.shape[0]; s += Batch)
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                long n = Math.Min(Batch, x.shape[0] - s);
                bce.Call(y.narrow(0, s, n), net.forward(x.narrow(0, s, n))).backward();
                clip(ps);
                opt.step();
            }
        return [.. net.parameters().SelectMany(p => p.detach().data<float>().ToArray())];
    }

    private static float[] Fitted(string optimizer, double lr, Tensor x, Tensor y, params Callback[] callbacks)
    {
        using var model = new Model(Net(7));
        model.Compile(optimizer, lr, "bce");
        model.Fit(x, y, epochs: Epochs, batchSize: Batch, shuffle: false, seed: 1, callbacks: callbacks);
        return Kit.Flat(model);
    }

    [Fact]
    public void Global_clipnorm_equals_clip_grad_norm_in_the_hand_written_loop()
    {
        var (x, y) = Kit.Binary(11);
        float[] hand = HandLoop(x, y, 0.5, ps => nn.utils.clip_grad_norm_(ps, 0.05));
        float[] unclipped = HandLoop(x, y, 0.5, _ => { });
        Assert.NotEqual(unclipped, hand); // the bound bites
        Assert.Equal(hand, Fitted("sgd(global_clipnorm=0.05)", 0.5, x, y));

        var cb = new ClipInCallback(0.05);
        Assert.Equal(hand, Fitted("sgd", 0.5, x, y, cb));
        Assert.Equal(Epochs * 4, cb.Calls);
    }

    [Fact]
    public void Clipvalue_clamps_every_gradient_element()
    {
        var (x, y) = Kit.Binary(12);
        float[] hand = HandLoop(x, y, 0.5, ps => { foreach (var p in ps) p.grad!.clamp_(-0.01, 0.01); });
        Assert.Equal(hand, Fitted("sgd(clipvalue=0.01)", 0.5, x, y));
    }

    [Fact]
    public void Clipnorm_scales_each_parameter_gradient_on_its_own()
    {
        var (x, y) = Kit.Binary(13);
        // Each gradient g with ‖g‖ > c becomes g·c / (‖g‖ + 1e-6) (PyTorch's rule), written out.
        float[] hand = HandLoop(x, y, 0.5, ps =>
        {
            foreach (var p in ps)
            {
                double norm = p.grad!.norm().item<float>();
                if (norm > 0.02) p.grad.mul_(0.02 / (norm + 1e-6));
            }
        });
        float[] fitted = Fitted("sgd(clipnorm=0.02)", 0.5, x, y);
        for (int i = 0; i < hand.Length; i++) Assert.Equal(hand[i], fitted[i], 1e-6);
        Assert.NotEqual(Fitted("sgd(global_clipnorm=0.02)", 0.5, x, y), fitted);
    }

    [Fact]
    public void An_optimizer_object_takes_the_clipping_from_the_model()
    {
        var (x, y) = Kit.Binary(11);
        float[] hand = HandLoop(x, y, 0.5, ps => nn.utils.clip_grad_norm_(ps, 0.05));
        using var model = new Model(Net(7));
        model.Compile(optim.SGD(model.Module.parameters(), 0.5), "bce");
        model.GradientClipping = new GradientClipping(GlobalClipNorm: 0.05);
        model.Fit(x, y, epochs: Epochs, batchSize: Batch, shuffle: false, seed: 1);
        Assert.Equal(hand, Kit.Flat(model));
    }

    [Fact]
    public void Two_clipping_options_or_a_bad_bound_are_refused_at_compile()
    {
        using var model = new Model(Net(7));
        var e = Assert.Throws<ArgumentException>(() => model.Compile("adam(clipnorm=1, global_clipnorm=1)", "bce"));
        Assert.Contains("only one of clipnorm, clipvalue and global_clipnorm", e.Message);
        Assert.Throws<ArgumentException>(() => model.Compile("adam(clipvalue=0)", "bce"));
        Assert.Equal(new GradientClipping(GlobalClipNorm: 0.5), Optimizers.ClippingOf("adam(global_clipnorm=0.5)"));
        Assert.Null(Optimizers.ClippingOf("adam"));
    }
}
