using Plumb.Layers;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

[Collection(TorchRngCollection.Name)]
public class CompileChecksTests
{
    [Fact]
    public void Accuracy_with_a_regression_loss_is_refused_at_the_first_batch()
    {
        using var model = new Model(new Sequential(4).Dense(1));
        model.Compile("adam", new TestMse(), ["accuracy"]);
        var (x, y) = Kit.Binary(1);
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("accuracy_with_regression_loss", ex.Check);
        Assert.Contains("metric 'accuracy' reads class labels", ex.Message);
        Assert.Contains("'mse' is a regression loss", ex.Message);
        Assert.Contains("validate: false", ex.Message);
    }

    [Fact]
    public void The_expert_opt_out_trains_anyway()
    {
        using var model = new Model(new Sequential(4).Dense(1));
        model.Compile("adam", new TestMse(), ["accuracy"], validate: false);
        var (x, y) = Kit.Binary(1);
        var h = model.Fit(x, y, epochs: 1, seed: 1);
        Assert.Single(h["accuracy"]);
    }

    [Fact]
    public void Binary_crossentropy_on_a_multi_unit_softmax_is_refused()
    {
        using var model = new Model(new Sequential(4).Dense(3, "softmax"));
        model.Compile("adam", "binary_crossentropy", ["accuracy"]);
        using var x = zeros(8, 4);
        using var y = nn.functional.one_hot(arange(8) % 3, 3).to_type(ScalarType.Float32);
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("bce_on_softmax", ex.Check);
        Assert.Contains("3-unit softmax output", ex.Message);
        Assert.Contains("categorical_crossentropy", ex.Message);
    }

    [Fact]
    public void From_logits_on_a_sigmoid_or_softmax_output_is_refused_at_compile()
    {
        using var sig = new Model(nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()));
        var ex = Assert.Throws<CompileCheckException>(() => sig.Compile("adam", "binary_crossentropy(from_logits=true)"));
        Assert.Equal("from_logits_on_probabilities", ex.Check);
        Assert.Contains("output goes through sigmoid", ex.Message);

        using var soft = new Model(new Sequential(4).Dense(3, "softmax"));
        ex = Assert.Throws<CompileCheckException>(() => soft.Compile("adam", new BinaryCrossentropy(fromLogits: true)));
        Assert.Contains("output goes through softmax", ex.Message);
    }

    [Fact]
    public void A_linear_output_with_a_probability_loss_is_refused_at_compile()
    {
        using var model = new Model(nn.Sequential(nn.Linear(4, 1)));
        var ex = Assert.Throws<CompileCheckException>(() => model.Compile("adam", new BinaryCrossentropy()));
        Assert.Equal("probability_loss_on_linear_output", ex.Check);
        Assert.Contains("output is linear", ex.Message);
        Assert.Contains("from_logits=true", ex.Message);
        model.Compile("adam", new BinaryCrossentropy(fromLogits: true)); // the fix is accepted
    }

    [Fact]
    public void Class_label_metrics_on_a_regression_target_are_refused()
    {
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        model.Compile("adam", new BinaryCrossentropy(), ["accuracy"]);
        using var x = zeros(4, 4);
        using var y = Kit.Col(0.37f, 1, 0, 0.5f);
        var ex = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Equal("label_metric_on_regression_target", ex.Check);
        Assert.Contains("not 0/1 labels: found 0.37", ex.Message);
    }

    [Fact]
    public void Unknown_names_fail_at_compile_with_suggestions()
    {
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        var m = Assert.Throws<ArgumentException>(() => model.Compile("adam", "binary_crossentropy", ["acuracy"]));
        Assert.Contains("did you mean 'accuracy'", m.Message);
        var o = Assert.Throws<ArgumentException>(() => model.Compile("adamm", "binary_crossentropy"));
        Assert.Contains("known: adam, adamw, sgd, rmsprop", o.Message);
        var l = Assert.Throws<ArgumentException>(() => model.Compile("adam", "binary_crosentropy"));
        Assert.Contains("unknown loss 'binary_crosentropy'", l.Message);
        var d = Assert.Throws<ArgumentException>(() => model.Compile("adam", "binary_crossentropy", ["acc", "roc_auc", "acc"]));
        Assert.Contains("'acc' is listed twice", d.Message);
    }

    [Fact]
    public void Acc_resolves_from_shapes_as_keras_3()
    {
        var (x, y) = Kit.Binary(1, 8);
        using var bin = new Model(new Sequential(4).Dense(1, "sigmoid"));
        bin.Compile("adam", "bce", ["acc"]);
        bin.Evaluate(x, y);
        Assert.Equal(["accuracy → binary accuracy (score ≥ 0.5)"], bin.MetricResolution);

        using var sparse = new Model(new Sequential(4).Dense(3, "softmax"));
        sparse.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);
        using var labels = tensor(new float[] { 0, 1, 2, 0, 1, 2, 0, 1 }, [8, 1]);
        sparse.Evaluate(x, labels);
        Assert.Equal(["accuracy → sparse categorical accuracy (argmax of output vs class index)"], sparse.MetricResolution);

        using var cat = new Model(new Sequential(4).Dense(3, "softmax"));
        cat.Compile("adam", new TestCce(), ["accuracy"]);
        using var onehot = nn.functional.one_hot(arange(8) % 3, 3).to_type(ScalarType.Float32);
        cat.Evaluate(x, onehot);
        Assert.Equal(["accuracy → categorical accuracy (argmax of output vs argmax of one-hot target)"], cat.MetricResolution);
    }

    [Fact]
    public void Categorical_accuracy_on_one_hot_targets_counts_argmax_matches()
    {
        // Rows' argmax: 0, 2, 1, 1; one-hot targets' argmax: 0, 2, 2, 1 → 3 of 4.
        using var model = new Model(new Passthrough(), "softmax");
        model.Compile("sgd", 0.1, new TestCce(), ["accuracy"]);
        using var p = tensor(new float[] { 0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f, 0.3f, 0.4f, 0.3f }, [4, 3]);
        using var t = tensor(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0 }, [4, 3]);
        Assert.Equal(0.75, model.Evaluate(p, t, batchSize: 3)["accuracy"]);
    }
}

public class CompileMetricProbeTests
{
    [Fact]
    public void A_spec_valid_for_one_task_only_compiles_and_a_bad_argument_still_fails()
    {
        using var model = new Plumb.Training.Model(new Plumb.Layers.Sequential(4).Dense(3, "sigmoid"));
        model.Compile("adam", "binary_crossentropy", ["f1(average=samples)"]); // multilabel only
        var e = Assert.Throws<ArgumentException>(() => model.Compile("adam", "binary_crossentropy", ["fbeta(beta=x)"]));
        Assert.Contains("beta", e.Message);
    }
}

public class LossSpecPersistenceTests
{
    [Fact]
    public void A_saved_model_keeps_the_loss_arguments_of_its_spec()
    {
        string path = Path.Combine(Path.GetTempPath(), $"plumb-spec-{Guid.NewGuid():N}.json");
        try
        {
            using (var model = new Plumb.Training.Model(new Plumb.Layers.Sequential(4).Dense(1, "sigmoid")))
            {
                model.Compile("adam", "binary_crossentropy(label_smoothing=0.1)");
                model.Save(path);
            }
            using var loaded = Plumb.Training.Model.Load(path, new Plumb.Layers.Sequential(4).Dense(1, "sigmoid"));
            Assert.Equal("binary_crossentropy(label_smoothing=0.1)", loaded.Configuration!.Loss);
            Assert.Equal("binary_crossentropy(label_smoothing=0.1)", loaded.Loss.Spec);
        }
        finally { File.Delete(path); }
    }
}

public class HistoryBestEpochTests
{
    [Fact]
    public void Best_epoch_follows_the_direction_and_keeps_the_earliest_tie()
    {
        var h = new Plumb.Training.History();
        double[] loss = [0.9, 0.5, 0.5, 0.7];
        double[] auc = [0.6, 0.8, 0.8, 0.7];
        for (int e = 0; e < 4; e++) h.Add(e, new Dictionary<string, double> { ["val_loss"] = loss[e], ["val_auc"] = auc[e] });
        Assert.Equal(1, h.BestEpoch("val_loss", lowerIsBetter: true));
        Assert.Equal(1, h.BestEpoch("val_auc", lowerIsBetter: false));
        Assert.Throws<KeyNotFoundException>(() => h.BestEpoch("nope", true));
    }
}

[Collection(TorchRngCollection.Name)]
public class FitValidatesOnceTests
{
    [Fact]
    public void A_bad_target_in_the_last_row_stops_Fit_before_the_first_step()
    {
        random.manual_seed(4);
        using var model = new Model(new Sequential(4).Dense(1, "sigmoid"));
        model.Compile("sgd", 0.5, "binary_crossentropy");
        var (x, y) = Kit.Binary(2, rows: 64);
        using var bad = y.clone();
        bad[63, 0] = tensor(2f); // the last row, in the last batch of the first epoch
        float[] before = Kit.Flat(model);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, bad, epochs: 1, batchSize: 8, shuffle: false));
        Assert.Contains("binary_crossentropy", e.Message);
        Assert.Contains("2", e.Message);
        Assert.Equal(before, Kit.Flat(model)); // no optimizer step was taken
        Assert.Throws<ArgumentException>(() => model.Evaluate(x, bad));
    }
}
