namespace Plumb.Metrics.Tests;

/// <summary>Small examples worked by hand (the arithmetic is in each comment).</summary>
public sealed class LabelMetricsHandTests
{
    // target [1, 0, 1, 1], scores [0.9, 0.4, 0.3, 0.8] → predictions [1, 0, 0, 1]: tp 2, fn 1, tn 1, fp 0.
    private static readonly double[] T = [1, 0, 1, 1];
    private static readonly double[] S = [0.9, 0.4, 0.3, 0.8];

    [Fact]
    public void BinaryCounts()
    {
        Assert.Equal(0.75, Accuracy.Binary(T, S));            // (2 + 1) / 4
        Assert.Equal(1.0, Precision.Binary(T, S));            // 2 / (2 + 0)
        Assert.Equal(2.0 / 3, Recall.Binary(T, S), 15);       // 2 / (2 + 1)
        Assert.Equal(0.8, F1.Binary(T, S), 15);               // 2·2 / (2·2 + 0 + 1)
        Assert.Equal(1.0, Specificity.Binary(T, S));          // 1 / (1 + 0)
        Assert.Equal(0.5, NegativePredictiveValue.Binary(T, S)); // 1 / (1 + 1)
        Assert.Equal(2.0 / 3, Jaccard.Binary(T, S), 15);      // 2 / (2 + 0 + 1)
        Assert.Equal(0.25, HammingLoss.Binary(T, S));         // 1 wrong of 4
        Assert.Equal(5.0 / 6, BalancedAccuracy.Binary(T, S), 15); // (2/3 + 1) / 2
        // MCC = (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (2 − 0) / √(2·3·1·2) = 2/√12
        Assert.Equal(2 / Math.Sqrt(12), MatthewsCorrelationCoefficient.Binary(T, S), 15);
        // κ: p_o = 3/4, p_e = (3/4)(2/4) + (1/4)(2/4) = 1/2 → (3/4 − 1/2) / (1 − 1/2) = 0.5
        Assert.Equal(0.5, CohenKappa.Binary(T, S), 15);
        // F2 = 5·P·R / (4P + R) = 5·(2/3) / (4 + 2/3) = (10/3) / (14/3) = 5/7
        Assert.Equal(5.0 / 7, FBeta.Binary(T, S, beta: 2), 15);
        var cm = new ConfusionMatrix();
        cm.Update(new MetricBatch(T, S));
        Assert.Equal([[1.0, 0.0], [1.0, 2.0]], (double[][])cm.ComputeStructured());
    }

    [Fact]
    public void ThresholdIsInclusive()
    {
        // A score equal to the threshold is positive (Keras uses a strict >).
        Assert.Equal(1.0, Accuracy.Binary([1], [0.5]));
        Assert.Equal(1.0, Accuracy.Binary([0], [0.29], threshold: 0.3));
        Assert.Equal(1.0, Accuracy.Binary([1], [0.3], threshold: 0.3));
    }

    [Fact]
    public void LogitsAreThresholdedAtTheLogitOfTheThreshold()
    {
        var o = new MetricOptions { FromLogits = true };
        // logit 0 ↔ probability 0.5 → positive; −0.01 → negative.
        Assert.Equal(1.0, new Accuracy(o).Evaluate(new MetricBatch([1, 0], [0.0, -0.01])));
        // threshold 0.3: logit(0.3) = ln(0.3/0.7) = −0.8473 → −0.84 positive, −0.85 negative.
        var o3 = o with { Threshold = 0.3 };
        Assert.Equal(1.0, new Accuracy(o3).Evaluate(new MetricBatch([1, 0], [-0.84, -0.85])));
    }

    [Fact]
    public void MulticlassFirstMaximumWinsAndMacroAverages()
    {
        // Row scores with ties: [0.4, 0.4, 0.2] → class 0 (first maximum); [0.1, 0.5, 0.5] → class 1.
        double[] scores = [0.4, 0.4, 0.2, 0.1, 0.5, 0.5, 0.1, 0.2, 0.7];
        double[] target = [0, 2, 2];
        // predictions [0, 1, 2]: class 0 P=R=1; class 1 P=0 (1 predicted, 0 right), R=0/0 → 0; class 2 P=1, R=1/2.
        var o = new MetricOptions { Task = MetricTask.Multiclass };
        Assert.Equal(2.0 / 3, (double)new Accuracy(o).Evaluate(new MetricBatch(target, scores, 3)), 15);
        Assert.Equal((1 + 0 + 1) / 3.0, (double)new Precision(o).Evaluate(new MetricBatch(target, scores, 3)), 15);
        Assert.Equal((1 + 0 + 0.5) / 3.0, (double)new Recall(o).Evaluate(new MetricBatch(target, scores, 3)), 15);
        // F1 per class: 1, 0, 2·1·0.5/1.5 = 2/3
        Assert.Equal((1 + 0 + 2.0 / 3) / 3, F1.Multiclass(target, scores, 3), 15);
        // micro F1 = accuracy for single-label multiclass
        Assert.Equal(2.0 / 3, F1.Multiclass(target, scores, 3, Average.Micro), 15);
        // weighted by support (1, 0, 2): (1·1 + 0 + 2·(2/3)) / 3
        Assert.Equal((1 + 4.0 / 3) / 3, F1.Multiclass(target, scores, 3, Average.Weighted), 15);
        var none = new Recall(o with { Average = Average.None });
        Assert.Equal([1.0, 0.0, 0.5], (double[])none.Evaluate(new MetricBatch(target, scores, 3)));
    }

    [Fact]
    public void MulticlassLabelInputsAndOneHotTargets()
    {
        // predicted labels [0, 2, 1, 2] for targets [0, 1, 2, 2]: F1 per class 1, 0, 1/2 → macro 1/2
        Assert.Equal(0.5, F1.Multiclass([0, 1, 2, 2], [0, 2, 1, 2]), 15);
        // one-hot targets give the same as class indices
        double[] oneHot = [1, 0, 0, 0, 1, 0];
        double[] scores = [0.7, 0.2, 0.1, 0.6, 0.3, 0.1];
        var o = new MetricOptions { Task = MetricTask.Multiclass };
        Assert.Equal(0.5, (double)new Accuracy(o).Evaluate(new MetricBatch(oneHot, scores, 3)));
    }

    [Fact]
    public void PresentLabelsUnlessDeclared()
    {
        // targets [0, 1], predicted [0, 1] with 3 score columns: class 2 never appears.
        double[] scores = [0.9, 0.1, 0.0, 0.1, 0.9, 0.0];
        double[] target = [0, 1];
        var present = new Recall(new MetricOptions { Task = MetricTask.Multiclass });
        Assert.Equal(1.0, present.Evaluate(new MetricBatch(target, scores, 3)));               // mean over {0, 1}
        var declared = new Recall(new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 3 });
        Assert.Equal(2.0 / 3, (double)declared.Evaluate(new MetricBatch(target, scores, 3)), 15); // class 2: 0/0 → 0
        var declared1 = new Recall(new MetricOptions { Task = MetricTask.Multiclass, NumClasses = 3, ZeroDivision = 1 });
        Assert.Equal(1.0, declared1.Evaluate(new MetricBatch(target, scores, 3)));           // class 2: 0/0 → 1
    }

    [Fact]
    public void MultilabelSamplesAverageSubsetAccuracyAndHamming()
    {
        // 2 samples × 3 labels; predictions at 0.5:
        // sample 0: truth [1, 0, 1], pred [1, 1, 0] → tp 1, fp 1, fn 1: P = 1/2, R = 1/2, F1 = 1/2
        // sample 1: truth [0, 0, 0], pred [0, 0, 0] → P, R = 0/0 → zero_division z; F1 from them: 0 (z = 0) or 2·1·1/2 = 1 (z = 1)
        double[] t = [1, 0, 1, 0, 0, 0];
        double[] s = [0.9, 0.8, 0.1, 0.2, 0.3, 0.4];
        var o = new MetricOptions { Task = MetricTask.Multilabel, Average = Average.Samples };
        Assert.Equal(0.25, (double)new F1(o).Evaluate(new MetricBatch(t, s, 3)), 15);
        Assert.Equal(0.75, (double)new F1(o with { ZeroDivision = 1 }).Evaluate(new MetricBatch(t, s, 3)), 15);
        Assert.Equal(0.5, (double)new Accuracy(o).Evaluate(new MetricBatch(t, s, 3)));          // sample 1 exact
        Assert.Equal(2.0 / 6, (double)new HammingLoss(o).Evaluate(new MetricBatch(t, s, 3)), 15); // 2 wrong cells of 6
        // micro: tp 1, fp 1, fn 1 → 1/2
        Assert.Equal(0.5, (double)new F1(o with { Average = Average.Micro }).Evaluate(new MetricBatch(t, s, 3)), 15);
        var cm = (IReadOnlyDictionary<string, object>)new ConfusionMatrix(o).Evaluate(new MetricBatch(t, s, 3));
        Assert.Equal([[1.0, 0.0], [0.0, 1.0]], (double[][])cm["0"]); // label 0: tn 1, tp 1
        Assert.Equal([[1.0, 1.0], [0.0, 0.0]], (double[][])cm["1"]); // label 1: tn 1, fp 1
    }

    [Fact]
    public void WeightedCountsAndZeroDivision()
    {
        // weights [2, 1, 0.5, 1]: tp = 2 + 1 = 3, fn = 0.5, tn = 1 → recall 3/3.5, accuracy 4/4.5
        double[] w = [2, 1, 0.5, 1];
        Assert.Equal(3 / 3.5, Recall.Binary(T, S, weight: w), 15);
        Assert.Equal(4 / 4.5, Accuracy.Binary(T, S, weight: w), 15);
        // no predicted positives: precision 0/0 → ZeroDivision
        Assert.Equal(0.0, Precision.Binary([1, 0], [0.1, 0.2]));
        var p1 = new Precision(new MetricOptions { ZeroDivision = 1 });
        Assert.Equal(1.0, p1.Evaluate(new MetricBatch([1, 0], [0.1, 0.2])));
    }

    [Fact]
    public void KappaWeightsUseClassDistance()
    {
        // targets [0, 1, 2], predictions [0, 2, 2] (labels): C = [[1,0,0],[0,0,1],[0,0,1]]
        // row sums t = (1, 1, 1), column sums p = (1, 0, 2), E = outer(p, t)/3.
        // linear: Σ W∘C = |1−2|·1 = 1; Σ W∘E = (1/3)·Σ_ij |i−j| p_i = (1/3)(1·(0+1+2) + 0 + 2·(2+1+0)) = 3 → κ = 1 − 1/3
        var k = new CohenKappa(KappaWeighting.Linear, new MetricOptions { Task = MetricTask.Multiclass });
        Assert.Equal(2.0 / 3, (double)k.Evaluate(new MetricBatch([0, 1, 2], [0, 2, 2])), 15);
        // quadratic: Σ W∘C = 1; Σ W∘E = (1/3)(1·(0+1+4) + 2·(4+1+0)) = 5 → κ = 0.8
        var q = new CohenKappa(KappaWeighting.Quadratic, new MetricOptions { Task = MetricTask.Multiclass });
        Assert.Equal(0.8, (double)q.Evaluate(new MetricBatch([0, 1, 2], [0, 2, 2])), 15);
    }

    [Fact]
    public void TopKRanksTiesByHigherIndexFirst()
    {
        // row [0.5, 0.5, 0.0], true class 0: class 1 ties and has the higher index → rank 1 → miss at k=1, hit at k=2.
        Assert.Equal(0.0, TopKAccuracy.Multiclass([0], [0.5, 0.5, 0.0], 3, k: 1));
        Assert.Equal(1.0, TopKAccuracy.Multiclass([0], [0.5, 0.5, 0.0], 3, k: 2));
        Assert.Equal(1.0, TopKAccuracy.Multiclass([1], [0.5, 0.5, 0.0], 3, k: 1));
        // [0.5, 0.3, 0.2] / [0.6, 0.1, 0.3]: true 0 hit; true 1 ranks third → top-2 = 1/2
        Assert.Equal(0.5, TopKAccuracy.Multiclass([0, 1], [0.5, 0.3, 0.2, 0.6, 0.1, 0.3], 3, k: 2));
    }

    [Fact]
    public void ClassificationReportShape()
    {
        var r = new ClassificationReport(new MetricOptions { Task = MetricTask.Multiclass });
        var report = (IReadOnlyDictionary<string, object>)r.Evaluate(new MetricBatch([0, 1, 2, 2], [0, 2, 1, 2]));
        Assert.Equal(["0", "1", "2", "accuracy", "macro avg", "weighted avg"], report.Keys);
        var two = (IReadOnlyDictionary<string, object>)report["2"];
        Assert.Equal(0.5, two["precision"]);
        Assert.Equal(2.0, two["support"]);
        Assert.Equal(0.5, report["accuracy"]);
    }

    [Fact]
    public void LegacyAccuracyReadsTheTaskFromTheShape()
    {
        var acc = new Accuracy();
        acc.Update(new MetricBatch([2, 0], [0.1, 0.2, 0.7, 0.8, 0.1, 0.1], 3));
        Assert.Equal(1.0, acc.Compute());
        acc.Reset();
        acc.Update(new MetricBatch([1, 0], [0.7, 0.2]));
        Assert.Equal(1.0, acc.Compute());
    }

    [Fact]
    public void NonScalarComputeThrows()
    {
        var cm = new ConfusionMatrix();
        cm.Update(new MetricBatch(T, S));
        Assert.Throws<InvalidOperationException>(() => cm.Compute());
        Assert.Equal(MetricDirection.None, cm.Direction);
        Assert.Equal(MetricDirection.LowerIsBetter, new HammingLoss().Direction);
        Assert.Equal(MetricDirection.HigherIsBetter, new F1().Direction);
    }
}
