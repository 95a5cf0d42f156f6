using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class FitTests
{
    [Fact]
    public void History_has_every_key_once_per_epoch_with_the_penalty_apart()
    {
        random.manual_seed(2);
        var (x, y) = Kit.Binary(3);
        var (xv, yv) = Kit.Binary(4, 20);
        using var model = new Model(new Sequential(4).Dense(8, "relu", kernelRegularizer: Regularizer.L2(1e-3)).Dense(1, "sigmoid"));
        model.Compile("adam", 1e-2, "binary_crossentropy", ["acc", "roc_auc"]);
        var h = model.Fit(x, y, epochs: 4, batchSize: 16, validationData: (xv, yv), seed: 1);
        // Keys are canonical: "acc" logs as "accuracy"; both spellings read it back.
        Assert.Equal(["loss", "reg_loss", "accuracy", "roc_auc", "val_loss", "val_accuracy", "val_roc_auc", "lr"], h.Keys);
        Assert.Same(h["val_accuracy"], h["val_acc"]);
        Assert.Equal([0, 1, 2, 3], h.Epochs);
        Assert.All(h.Keys, k => Assert.Equal(4, h[k].Count));
        Assert.All(h["reg_loss"], v => Assert.True(v > 0));
        Assert.All(h["lr"], v => Assert.Equal(1e-2, v, 9));
        var miss = Assert.Throws<KeyNotFoundException>(() => h["val_f1"]);
        Assert.Contains("available: loss, reg_loss, acc", miss.Message);
    }

    [Fact]
    public void Epoch_metrics_are_exact_over_all_samples_not_a_mean_of_batches()
    {
        // sklearn: roc_auc_score([1,0,1,0,0,1], [0.9,0.2,0.4,0.6,0.35,0.8]) = 0.888888888888889;
        // the three batches of 2 have AUCs 1, 0, 1 (mean 0.667).
        using var model = new Model(new Passthrough(), "sigmoid");
        model.Compile("sgd", 0.1, new BinaryCrossentropy(), [() => new RocAuc()]);
        using var p = Kit.Col(0.9f, 0.2f, 0.4f, 0.6f, 0.35f, 0.8f);
        using var t = Kit.Col(1, 0, 1, 0, 0, 1);
        Assert.Equal(0.888888888888889, model.Evaluate(p, t, batchSize: 2)["roc_auc"], 12);
    }

    [Fact]
    public void Metrics_read_probabilities_when_the_loss_reads_logits()
    {
        // logits −1, 0.5, 2, −0.2 → sigmoid ≥ 0.5 ⇔ logit ≥ 0 → labels 0, 1, 1, 0 vs targets 0, 1, 0, 0: accuracy 3/4.
        using var model = new Model(new Passthrough(), "linear");
        model.Compile("sgd", 0.1, new BinaryCrossentropy(fromLogits: true), ["accuracy"]);
        using var z = Kit.Col(-1f, 0.5f, 2f, -0.2f);
        using var t = Kit.Col(0, 1, 0, 0);
        Assert.Equal(0.75, model.Evaluate(z, t)["accuracy"]);
    }

    [Fact]
    public void Balanced_class_weight_is_sklearns_formula()
    {
        // sklearn: compute_class_weight('balanced', classes=[0,1], y=[0,0,0,1]) = [0.66666667, 2.]
        var w = ClassWeight.ComputeBalanced([0, 0, 0, 1]);
        Assert.Equal(2.0 / 3, w[0], 12);
        Assert.Equal(2.0, w[1], 12);
        // sklearn: compute_class_weight('balanced', classes=[0,1,2], y=[0,0,1,2,2,2,2]) = [1.16666667, 2.33333333, 0.58333333]
        var w3 = ClassWeight.ComputeBalanced([0, 0, 1, 2, 2, 2, 2]);
        Assert.Equal([7.0 / 6, 7.0 / 3, 7.0 / 12], [w3[0], w3[1], w3[2]]);
    }

    [Fact]
    public void Class_weights_weight_the_training_loss()
    {
        // One batch, loss logged before the step. torch: F.binary_cross_entropy(p=[.2,.1,.4,.6], t=[0,0,0,1],
        // weight=[2/3,2/3,2/3,2], reduction='sum')/4 = 0.39530109367266647; unweighted: 0.3375388286260044.
        using var p = Kit.Col(0.2f, 0.1f, 0.4f, 0.6f);
        using var t = Kit.Col(0, 0, 0, 1);
        using var weighted = new Model(new Passthrough(), "sigmoid");
        weighted.Compile("sgd", 1e-9, new BinaryCrossentropy());
        Assert.Equal(0.39530109367266647, weighted.Fit(p, t, epochs: 1, batchSize: 4, classWeight: "balanced")["loss"][0], 6);
        using var plain = new Model(new Passthrough(), "sigmoid");
        plain.Compile("sgd", 1e-9, new BinaryCrossentropy());
        Assert.Equal(0.3375388286260044, plain.Fit(p, t, epochs: 1, batchSize: 4)["loss"][0], 6);
        using var mapped = new Model(new Passthrough(), "sigmoid");
        mapped.Compile("sgd", 1e-9, new BinaryCrossentropy());
        var map = new Dictionary<int, double> { [0] = 2.0 / 3, [1] = 2 };
        Assert.Equal(0.39530109367266647, mapped.Fit(p, t, epochs: 1, batchSize: 4, classWeight: map)["loss"][0], 6);
        using var streamed = new Model(new Passthrough(), "sigmoid");
        streamed.Compile("sgd", 1e-9, new BinaryCrossentropy());
        Assert.Equal(0.39530109367266647, streamed.Fit([(p, t)], epochs: 1, classWeight: "balanced")["loss"][0], 6);
    }

    [Fact]
    public void Weighted_metrics_read_the_weights_and_plain_metrics_do_not()
    {
        // Predicted labels at 0.5: 0, 0, 1, 1 vs targets 0, 0, 0, 1: row 2 is wrong. Plain accuracy 3/4.
        // Balanced weights on y = [0,0,0,1]: 2/3, 2/3, 2/3, 2 (total 4); correct weight 2/3 + 2/3 + 2 = 10/3 → 10/12.
        using var p = Kit.Col(0.2f, 0.1f, 0.6f, 0.6f);
        using var t = Kit.Col(0, 0, 0, 1);
        using var model = new Model(new Passthrough(), "sigmoid");
        model.Compile("sgd", 1e-9, new BinaryCrossentropy(), metrics: ["accuracy"], weightedMetrics: [MetricRef.From(new Accuracy())]);
        var h = model.Fit(p, t, epochs: 1, batchSize: 4, classWeight: "balanced");
        Assert.Equal(0.75, h["accuracy"][0], 6);
        Assert.Equal(10.0 / 12, h["weighted_accuracy"][0], 6);
    }

    [Fact]
    public void Arrays_batches_and_validation_split_feed_the_same_loop()
    {
        var (xt, yt) = Kit.Binary(7, 40);
        float[] flat = xt.data<float>().ToArray();
        var x = new float[40, 4];
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * 4);
        float[] y = yt.data<float>().ToArray();

        random.manual_seed(5);
        using var a = new Model(new Sequential(4).Dense(1, "sigmoid"));
        a.Compile("sgd", 0.1, "binary_crossentropy", ["accuracy"]);
        var ha = a.Fit(x, y, epochs: 2, batchSize: 10, shuffle: false, validationSplit: 0.25, seed: 3);
        Assert.Contains("val_accuracy", ha.Keys);

        random.manual_seed(5);
        using var b = new Model(new Sequential(4).Dense(1, "sigmoid"));
        b.Compile("sgd", 0.1, "binary_crossentropy", ["accuracy"]);
        var batches = Enumerable.Range(0, 3).Select(i => (xt.narrow(0, i * 10, 10), yt.narrow(0, i * 10, 10))).ToList();
        var hb = b.Fit(batches, epochs: 2, validationBatches: [(xt.narrow(0, 30, 10), yt.narrow(0, 30, 10))], seed: 3);

        // Same rows, same order, same split (validationSplit holds out the last 25 % before shuffling, as Keras).
        Assert.Equal(Kit.Flat(a), Kit.Flat(b));
        Assert.Equal(ha["val_loss"], hb["val_loss"]);
    }

    [Fact]
    public void Scheduler_sets_the_rate_each_epoch_and_history_records_it()
    {
        var (x, y) = Kit.Binary(3, 16);
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        model.Compile("sgd", 1.0, "binary_crossentropy");
        var h = model.Fit(x, y, epochs: 3, callbacks: [new LearningRateScheduler((e, lr) => 0.5 / (e + 1))]);
        Assert.Equal(0.5, h["lr"][0], 12);
        Assert.Equal(0.25, h["lr"][1], 12);
        Assert.Equal(0.5 / 3, h["lr"][2], 12);
    }

    [Fact]
    public void Terminate_on_nan_stops_at_the_first_non_finite_batch()
    {
        using var model = new Model(new Passthrough(), "linear");
        model.Compile("sgd", 0.1, new BinaryCrossentropy(fromLogits: true));
        using var z = Kit.Col(0, 0, float.NaN, 0, 0, 0);
        using var t = Kit.Col(0, 1, 0, 1, 0, 1);
        var stop = new TerminateOnNaN();
        int batches = 0;
        var h = model.Fit(z, t, epochs: 5, batchSize: 2, shuffle: false, callbacks: [stop, new LambdaCallback(onBatchEnd: (_, _) => batches++)]);
        Assert.Equal((0, 1), stop.TerminatedAt);
        Assert.Equal(2, batches);
        Assert.Single(h.Epochs);
    }

    [Fact]
    public void Csv_logger_writes_a_header_and_one_row_per_epoch()
    {
        string file = Path.Combine(Path.GetTempPath(), $"plumb-{Guid.NewGuid():N}.csv");
        try
        {
            var (x, y) = Kit.Binary(3, 16);
            using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
            model.Compile("sgd", 0.1, "binary_crossentropy", ["accuracy"]);
            var h = model.Fit(x, y, epochs: 2, callbacks: [new CsvLogger(file)]);
            var lines = File.ReadAllLines(file);
            Assert.Equal("epoch,loss,accuracy,lr", lines[0]);
            Assert.Equal(3, lines.Length);
            Assert.Equal(h["loss"][1], double.Parse(lines[2].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Save_and_load_round_trip_weights_and_compile_configuration()
    {
        string file = Path.Combine(Path.GetTempPath(), $"plumb-{Guid.NewGuid():N}.json");
        try
        {
            random.manual_seed(8);
            var (x, y) = Kit.Binary(3, 16);
            using var model = new Model(new Sequential(4).Dense(6, "tanh").BatchNorm().Dense(1));
            model.Compile("sgd(momentum=0.9, nesterov=true)", 0.05, "binary_crossentropy(from_logits=true)", ["accuracy", "roc_auc"]);
            model.Fit(x, y, epochs: 2, batchSize: 8);
            model.Save(file);
            random.manual_seed(99);
            using var loaded = Model.Load(file, new Sequential(4).Dense(6, "tanh").BatchNorm().Dense(1));
            Assert.Equal(model.Configuration!.Metrics, loaded.Configuration!.Metrics);
            Assert.Equal("binary_crossentropy(from_logits=true)", loaded.Configuration.Loss);
            Assert.Equal(0.05, loaded.LearningRate, 12);
            using var p1 = model.Predict(x);
            using var p2 = loaded.Predict(x);
            Assert.Equal(p1.data<float>().ToArray(), p2.data<float>().ToArray());
            Assert.Equal(model.Evaluate(x, y), loaded.Evaluate(x, y));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Fit_keeps_tensor_count_flat_over_many_epochs()
    {
        var (x, y) = Kit.Binary(3, 64);
        using var model = new Model(new Sequential(4).Dense(16, "relu").Dropout(0.1).Dense(1, "sigmoid"));
        model.Compile("adam", "binary_crossentropy", ["accuracy", "roc_auc"]);
        model.Fit(x, y, epochs: 2, batchSize: 8, validationData: (x, y), seed: 1);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.Fit(x, y, epochs: 100, batchSize: 8, validationData: (x, y), seed: 1);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.InRange(after - before, -5, 5);
    }

    [Fact]
    public void Batch_metrics_are_the_running_exact_values_when_asked()
    {
        // Batches of 2, not shuffled: predicted labels 1, 0 | 1, 1 vs targets 1, 0 | 0, 1 → running accuracy 2/2, then 3/4.
        using var model = new Model(new Passthrough(), "sigmoid") { BatchMetrics = true };
        model.Compile("sgd", 1e-9, new BinaryCrossentropy(), ["accuracy"]);
        using var p = Kit.Col(0.9f, 0.2f, 0.6f, 0.7f);
        using var t = Kit.Col(1, 0, 0, 1);
        var seen = new List<double>();
        model.Fit(p, t, epochs: 1, batchSize: 2, shuffle: false, callbacks: [new LambdaCallback(onBatchEnd: (_, logs) => seen.Add(logs["accuracy"]))]);
        Assert.Equal([1.0, 0.75], seen);
    }
}
