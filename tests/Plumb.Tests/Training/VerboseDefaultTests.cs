using Plumb.Layers;
using Plumb.Training;

namespace Plumb.Tests.Training;

/// <summary>Fit shows progress by default, as Keras' <c>verbose="auto"</c>: one line per epoch when stdout is not a terminal.</summary>
[Collection(TorchRngCollection.Name)]
public class VerboseDefaultTests
{
    [Fact]
    public void Fit_prints_one_line_per_epoch_by_default_and_nothing_with_verbose_0()
    {
        var (x, y) = Kit.Binary(3, 16);
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        model.Compile("sgd", 0.1, "binary_crossentropy", ["accuracy"]);
        var original = Console.Out;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            model.Fit(x, y, epochs: 2, seed: 1);
            string[] lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length); // the test host's stdout is redirected: plain lines, no live bar
            Assert.StartsWith("epoch 1/2  loss ", lines[0]);
            Assert.Contains("accuracy ", lines[1]);

            captured.GetStringBuilder().Clear();
            model.Fit(x, y, epochs: 2, seed: 1, verbose: 0);
            Assert.Equal("", captured.ToString());
        }
        finally { Console.SetOut(original); }
    }
}
