namespace Plumb.Metrics.Tests;

/// <summary>Invalid input is refused with a message naming the value and its index, and leaves the state unchanged.</summary>
public sealed class ValidationTests
{
    private static void Refused(Action a, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(a);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void BinaryLabelsScoresWeights()
    {
        Refused(() => F1.Binary([0, 2, 1], [0.1, 0.2, 0.3]), "target 2", "index 1");
        Refused(() => F1.Binary([0, 1], [0.1, double.NaN]), "score NaN", "index 1");
        Refused(() => F1.Binary([0, 1], [double.PositiveInfinity, 0.1]), "score Infinity", "index 0");
        Refused(() => F1.Binary([0, 1], [0.1, 0.2], weight: [1, -1]), "weight -1", "index 1");
        Refused(() => F1.Binary([0, 1], [0.1, 0.2], weight: [double.NaN, 1]), "weight NaN", "index 0");
    }

    [Fact]
    public void MulticlassAndMultilabelLabels()
    {
        var o = new MetricOptions { Task = MetricTask.Multiclass };
        Refused(() => new F1(o).Evaluate(new MetricBatch([0, 3], [0.1, 0.9, 0.2, 0.5, 0.4, 0.1], 3)), "target 3", "index 1", "0…2");
        Refused(() => new F1(o).Evaluate(new MetricBatch([0, 1.5], [0.1, 0.9, 0.2, 0.5, 0.4, 0.1], 3)), "target 1.5", "index 1");
        Refused(() => new F1(o).Evaluate(new MetricBatch([0, 1], [0.1, 0.9, 0.2, 0.5, double.NaN, 0.1], 3)), "score NaN", "index 1", "column 1");
        Refused(() => new F1(o).Evaluate(new MetricBatch([0, 1], [0, -1])), "predicted label -1", "index 1");
        var ml = new MetricOptions { Task = MetricTask.Multilabel };
        Refused(() => new F1(ml).Evaluate(new MetricBatch([0, 1, 2, 0], [0.1, 0.9, 0.2, 0.5], 2)), "target 2", "index 1", "column 0");
    }

    [Fact]
    public void VectorisedScansReportTheExactIndex()
    {
        var t = Enumerable.Repeat(0.0, 41).ToArray();
        var s = Enumerable.Repeat(0.25, 41).ToArray();
        t[33] = 0.5;
        Refused(() => F1.Binary(t, s), "target 0.5", "index 33");
        t[33] = -0.0; // −0 is 0
        s[37] = double.NegativeInfinity;
        Refused(() => F1.Binary(t, s), "score -Infinity", "index 37");
        var ml = new MetricOptions { Task = MetricTask.Multilabel };
        s[37] = 0.25;
        t[40] = double.NaN;
        Refused(() => new F1(ml).Evaluate(new MetricBatch(t, s, 1)), "target NaN", "index 40");
    }

    [Fact]
    public void IndexCountsAcrossBatches()
    {
        var f1 = new F1();
        f1.Update(new MetricBatch([0, 1, 1], [0.1, 0.7, 0.9]));
        Refused(() => f1.Update(new MetricBatch([0, 5], [0.1, 0.2])), "target 5", "index 4");
        Assert.Equal(1.0, f1.Compute()); // the bad batch left no trace
    }

    [Fact]
    public void RegressionDomains()
    {
        Refused(() => Mse.Regression([1, double.NaN], [1, 2]), "target NaN", "index 1");
        Refused(() => Mse.Regression([1, 2], [1, double.NegativeInfinity]), "prediction -Infinity", "index 1");
        Refused(() => Msle.Regression([1, -2], [1, 2]), "msle", "target -2", "index 1");
        Refused(() => Msle.Regression([1, 2], [-0.5, 2]), "prediction -0.5", "index 0");
        Refused(() => TweedieDeviance.Poisson().Evaluate([1, -1], [1, 1]), "target -1", "index 1");
        Refused(() => TweedieDeviance.Poisson().Evaluate([1, 1], [1, 0]), "prediction 0", "index 1");
        Refused(() => TweedieDeviance.Gamma().Evaluate([0, 1], [1, 1]), "target 0", "index 0");
        Refused(() => new TweedieDeviance(0.5), "power 0.5");
        Refused(() => new PinballLoss(1.5), "alpha 1.5");
        Refused(() => Mae.Regression([1, 2], [1, 2], [1, -3]), "weight -3", "index 1");
    }

    [Fact]
    public void UnsupportedCombinations()
    {
        Refused(() => new MatthewsCorrelationCoefficient(new MetricOptions { Task = MetricTask.Multilabel }), "multilabel");
        Refused(() => new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Samples }), "samples");
        Refused(() => new F1(new MetricOptions { Task = MetricTask.Multiclass, Average = Average.Binary }), "binary");
        Refused(() => new FBeta(-1), "beta");
        Refused(() => new TopKAccuracy(0), "k = 0");

    }

    [Fact]
    public void RegressionTaskReadsTheLabelTaskFromTheShape()
    {
        var o = new MetricOptions { Task = MetricTask.Regression };
        // one column: binary at 0.5 → predictions [1, 0] vs [1, 1]: accuracy 1/2, positive-class F1 = 2·1/(2·1 + 0 + 1)
        Assert.Equal(0.5, (double)new Accuracy(o).Evaluate(new MetricBatch([1, 1], [0.9, 0.2])));
        Assert.Equal(2.0 / 3, (double)new F1(o).Evaluate(new MetricBatch([1, 1], [0.9, 0.2])), 15);
        // three columns: argmax
        Assert.Equal(1.0, (double)new Accuracy(o).Evaluate(new MetricBatch([2], [0.1, 0.2, 0.7], 3)));
    }

    [Fact]
    public void MergeAndLoadRefuseOtherOptions()
    {
        var a = new F1();
        var b = new F1(new MetricOptions { Threshold = 0.3 });
        Refused(() => a.Merge(b), "different options");
        Refused(() => a.LoadState(b.SaveState()), "options");
        Refused(() => a.Merge(new Mse()), "cannot merge");
        Refused(() => new PinballLoss(0.9).Merge(new PinballLoss(0.1)), "cannot merge");
        Refused(() => new Mse().LoadState(new Mae().SaveState()), "mae");
        Refused(() => a.LoadState(new byte[3]), "");
    }

    [Fact]
    public void RawScoresMayUseAnyFiniteThresholdLogitsNeedAProbability()
    {
        // margins thresholded at 0: [-1.5, 0, 2] → [0, 1, 1] against [0, 0, 1]: 2 of 3 right
        Assert.Equal(2.0 / 3, Accuracy.Binary([0, 0, 1], [-1.5, 0, 2], threshold: 0), 15);
        Assert.Throws<ArgumentException>(() => new F1(new MetricOptions { FromLogits = true, Threshold = 1.5 }));
        Assert.Throws<ArgumentException>(() => new F1(new MetricOptions { Threshold = double.NaN }));
    }
}
