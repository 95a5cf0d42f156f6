using Plumb.Losses;
using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>Two inputs, as TorchSharp's text classifier: p = σ(Linear(3→1)(a) + Linear(2→1)(dropout(b))).</summary>
internal sealed class TwoInputs : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear fa = nn.Linear(3, 1);
    private readonly Linear fb = nn.Linear(2, 1);

    public TwoInputs() : base("TwoInputs") => RegisterComponents();

    public bool SawTraining { get; private set; }

    public override Tensor forward(Tensor a, Tensor b)
    {
        SawTraining |= training;
        return (fa.forward(a) + fb.forward(nn.functional.dropout(b, 0.0, training))).sigmoid();
    }
}

[Collection(TorchRngCollection.Name)]
public class MultiInputTests
{
    /// <summary>y = [a0 + b0 &gt; 0] over 64 rows: a [64, 3], b [64, 2].</summary>
    private static (Tensor A, Tensor B, Tensor Y) Data()
    {
        var (x, _) = Kit.Binary(9);
        var a = x.narrow(1, 0, 3);
        var b = x.narrow(1, 2, 2);
        var y = (a.select(1, 0) + b.select(1, 0)).gt(0).to_type(ScalarType.Float32).unsqueeze(1);
        return (a, b, y);
    }

    [Fact]
    public void A_two_input_module_is_trained_by_fit_as_the_hand_written_loop()
    {
        var (a, b, y) = Data();
        random.manual_seed(5);
        var net = new TwoInputs();
        using var model = new Model(net, "sigmoid");
        Assert.Equal(2, model.InputCount);
        model.Compile("sgd", 0.5, "bce", ["accuracy"]);
        var h = model.Fit([a, b], y, epochs: 3, batchSize: 16, shuffle: false, seed: 1, validationData: ([a, b], y));
        Assert.True(net.SawTraining);
        Assert.True(h["val_accuracy"][^1] > 0.7, $"{h["val_accuracy"][^1]}");

        // The same three epochs written out by hand on an identically initialised module.
        random.manual_seed(5);
        using var hand = new TwoInputs();
        hand.train();
        using var opt = optim.SGD(hand.parameters(), 0.5);
        var bce = LossRegistry.Create("bce");
        for (int e = 0; e < 3; e++)
            for (long s = 0; s < 64; s += 16)
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                bce.Call(y.narrow(0, s, 16), hand.forward(a.narrow(0, s, 16), b.narrow(0, s, 16))).backward();
                opt.step();
            }
        float[] expected = [.. hand.parameters().SelectMany(p => p.detach().data<float>().ToArray())];
        Assert.Equal(expected, Kit.Flat(model));
        Assert.Equal(hand.state_dict().Keys, model.Module.state_dict().Keys); // saved under the module's own names

        using var p1 = model.Predict([a, b]);
        hand.eval();
        using var p2 = hand.forward(a, b);
        Assert.Equal(p2.data<float>().ToArray(), p1.data<float>().ToArray());
        Assert.Equal(h["val_accuracy"][^1], model.Evaluate([a, b], y)["accuracy"]);
    }

    [Fact]
    public void Caller_batches_of_several_inputs_and_the_n_input_form_train()
    {
        var (a, b, y) = Data();
        random.manual_seed(6);
        var net = new TwoInputs();
        using var model = Model.WithInputs(net, 2, xs => net.forward(xs[0], xs[1]), "sigmoid");
        model.Compile("adam", 0.05, "bce", ["accuracy"]);
        var batches = Enumerable.Range(0, 4).Select(i => (new[] { a.narrow(0, i * 16, 16), b.narrow(0, i * 16, 16) }, y.narrow(0, i * 16, 16))).ToList();
        var h = model.Fit(batches, epochs: 20, validationBatches: batches);
        Assert.True(h["val_accuracy"][^1] > 0.8, $"{h["val_accuracy"][^1]}");
        Assert.Equal(h["val_loss"][^1], model.Evaluate(batches)["loss"], 12);

        var e = Assert.Throws<ArgumentException>(() => model.Fit([a], y));
        Assert.Contains("takes 2 inputs, got 1", e.Message);
        Assert.Contains("takes 2 inputs, got 1", Assert.Throws<ArgumentException>(() => model.Predict(a)).Message);
    }
}
