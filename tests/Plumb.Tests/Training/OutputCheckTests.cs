using Plumb.Layers;
using Plumb.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>A module that is not a Sequential: Linear(4, k), then an activation in <c>forward</c> (as TorchSharp's
/// examples write them), so nothing can be read from its children.</summary>
internal sealed class HandWritten : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly nn.Module<Tensor, Tensor>? act;
    private readonly Func<Tensor, Tensor>? fn;

    public HandWritten(int k, string? activation = null, Func<Tensor, Tensor>? fn = null) : base("HandWritten")
    {
        fc = nn.Linear(4, k);
        act = activation is null ? null : Activations.Create(activation);
        this.fn = fn;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var z = fc.forward(input);
        if (act is not null) z = act.forward(z);
        return fn is null ? z : fn(z);
    }
}

[Collection(TorchRngCollection.Name)]
public class OutputCheckTests
{
    /// <summary>64 rows × 4 features (scaled by 10, so unbounded outputs leave [0, 1]) and 3 classes [64, 1].</summary>
    private static (Tensor X, Tensor Y) Classes()
    {
        var (x, _) = Kit.Binary(3);
        var labels = new float[64];
        var xs = x.data<float>().ToArray();
        for (int i = 0; i < 64; i++) labels[i] = xs[i * 4] > 0.3 ? 2 : xs[i * 4] > -0.3 ? 1 : 0;
        return (x * 10, tensor(labels, [64, 1]));
    }

    [Fact]
    public void Log_softmax_output_of_a_hand_written_module_is_refused_for_a_probability_loss()
    {
        random.manual_seed(1);
        using var model = new Model(new HandWritten(3, fn: z => z.log_softmax(1)));
        model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);
        var (x, y) = Classes();
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("probability_loss_on_log_probabilities", ex.Check);
        Assert.Contains("log-probabilities", ex.Message);
        Assert.Contains("'nll'", ex.Message);
        Assert.Contains("from_logits=true", ex.Message);
        // Evaluate runs the same check.
        Assert.Throws<CompileCheckException>(() => model.Evaluate(x, y));
    }

    [Fact]
    public void Log_softmax_at_the_end_of_an_nn_Sequential_is_refused_at_compile()
    {
        using var model = new Model(nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(1)));
        Assert.Equal("log_softmax", model.OutputActivation);
        var ex = Assert.Throws<CompileCheckException>(() => model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]));
        Assert.Equal("probability_loss_on_log_probabilities", ex.Check);
        model.Compile("adam", "nll", ["accuracy"]); // the fix
    }

    [Fact]
    public void Logits_of_a_hand_written_module_are_refused_for_a_probability_loss()
    {
        random.manual_seed(2);
        using var model = new Model(new HandWritten(3));
        model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);
        var (x, y) = Classes();
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("probability_loss_on_unbounded_output", ex.Check);
        Assert.Contains("outside [0, 1]", ex.Message);
        Assert.Contains("from_logits=true", ex.Message);
        model.Compile("adam", "sparse_categorical_crossentropy(from_logits=true)", ["accuracy"]);
        model.Fit(x, y, epochs: 1); // the fix trains
    }

    [Fact]
    public void Sigmoid_rows_that_do_not_sum_to_one_are_refused_for_categorical_crossentropy()
    {
        random.manual_seed(3);
        using var model = new Model(new HandWritten(3, "sigmoid"));
        model.Compile("adam", "sparse_categorical_crossentropy");
        var (x, y) = Classes();
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("probability_rows_do_not_sum_to_one", ex.Check);
        Assert.Contains("softmax", ex.Message);
    }

    [Fact]
    public void From_logits_on_softmax_rows_of_a_hand_written_module_is_refused()
    {
        random.manual_seed(4);
        using var model = new Model(new HandWritten(3, "softmax"));
        model.Compile("adam", "sparse_categorical_crossentropy(from_logits=true)");
        var (x, y) = Classes();
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("from_logits_on_probabilities", ex.Check);
    }

    [Fact]
    public void Nll_refuses_probabilities_and_logits_and_trains_on_log_probabilities()
    {
        var (x, y) = Classes();
        random.manual_seed(5);
        using var soft = new Model(new HandWritten(3, "softmax"));
        soft.Compile("adam", "nll");
        var ex = Assert.Throws<CompileCheckException>(() => soft.Fit(x, y, epochs: 1));
        Assert.Equal("nll_on_non_log_probabilities", ex.Check);
        Assert.Contains("log_softmax", ex.Message);

        using var logits = new Model(new HandWritten(3));
        logits.Compile("adam", "nll");
        ex = Assert.Throws<CompileCheckException>(() => logits.Fit(x, y, epochs: 1));
        Assert.Equal("nll_on_non_log_probabilities", ex.Check);

        using var good = new Model(new HandWritten(3, fn: z => z.log_softmax(1)));
        good.Compile("adam", 0.05, "nll", ["accuracy", "roc_auc"]);
        var h = good.Fit(x, y, epochs: 30, batchSize: 16, seed: 1);
        Assert.True(h["accuracy"][^1] > 0.8, $"accuracy {h["accuracy"][^1]}");
        Assert.True(h["loss"][^1] < h["loss"][0]);
    }

    public static TheoryData<string> EveryActivation() => [.. Activations.Names];

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void Every_activation_is_accepted_by_name_and_only_probability_rows_pass_a_probability_loss(string activation)
    {
        var (x, y) = Classes();
        random.manual_seed(6);
        bool rows = activation is "softmax" or "softmin";
        // Declared: checked at Compile when the name says enough, else at the first batch.
        using var declared = new Model(new HandWritten(3, activation), outputActivation: activation);
        Assert.Equal(activation, declared.OutputActivation);
        // Not declared: the first batch's values decide.
        using var hidden = new Model(new HandWritten(3, activation));
        foreach (var model in new[] { declared, hidden })
        {
            Exception? e = Record.Exception(() =>
            {
                model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);
                model.Fit(x, y, epochs: 1, seed: 1);
            });
            if (rows) Assert.Null(e);
            else Assert.IsType<CompileCheckException>(e);
        }
    }

    [Fact]
    public void Keras_and_torch_spellings_of_activations_resolve()
    {
        Assert.Equal("log_softmax", Activations.Normalize("LogSoftmax"));
        Assert.Equal("silu", Activations.Normalize("swish"));
        Assert.Equal("hard_sigmoid", Activations.Normalize("Hardsigmoid"));
        using var model = new Model(new HandWritten(3), outputActivation: "log_softmax");
        Assert.Equal("log_softmax", model.OutputActivation);
    }
}
