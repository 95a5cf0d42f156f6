using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>A user's regression metric: mean of 3·max(y − ŷ, 0) + max(ŷ − y, 0), declared by attribute.</summary>
[PlumbMetric(MetricFamily.Regression, MetricInputs.RealValues, Description = "under-predictions weigh 3×")]
public sealed class AsymmetricError : IStreamingMetric
{
    private double _sum, _n;
    public string Name => "asymmetric_error";
    public MetricDirection Direction => MetricDirection.LowerIsBetter;

    public void Update(in MetricBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            double e = batch.Target[i] - batch.Score[i];
            _sum += e > 0 ? 3 * e : -e;
            _n++;
        }
    }

    public double Compute() => _sum / _n;
    public void Reset() => (_sum, _n) = (0, 0);
}

/// <summary>The same metric without a declaration.</summary>
public sealed class UndeclaredError : IStreamingMetric
{
    public string Name => "undeclared_error";
    public MetricDirection Direction => MetricDirection.LowerIsBetter;
    public void Update(in MetricBatch batch) { }
    public double Compute() => 0;
    public void Reset() { }
}

/// <summary>A user's loss: mean of 3·max(y − ŷ, 0)² + max(ŷ − y, 0)².</summary>
[PlumbLoss(LossKind.Regression)]
public sealed class AsymmetricMse : Loss
{
    public override string Name => "asymmetric_mse";

    public override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var e = yTrue.to_type(yPred.dtype) - yPred;
        return (3 * e.clamp_min(0).square() + e.clamp_max(0).square()).mean([-1]);
    }
}

public class DescriptorTests
{
    private static (Tensor X, Tensor Y) Regression(int seed, int rows = 64)
    {
        var (x, _) = Kit.Binary(seed, rows);
        var y = (x[.., 0] * 2 + x[.., 1] - 0.5).unsqueeze(1);
        return (x, y);
    }

    [Fact]
    public void Every_registered_metric_and_loss_has_a_complete_descriptor()
    {
        Assert.NotEmpty(MetricRegistry.Descriptors);
        foreach (MetricDescriptor d in MetricRegistry.Descriptors)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Description), d.Name);
            Assert.NotEqual(MetricInputs.None, d.Reads);
            Assert.True(d.Structured || d.Direction != MetricDirection.None, $"{d.Name} declares no direction");
            Assert.NotEmpty(d.Tasks);
            foreach (ArgumentSchema a in d.Arguments)
            {
                Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{d.Name}.{a.Name}");
                if (a.Kind == ArgumentKind.Choice) Assert.NotEmpty(a.Choices);
                if (a.Default is { } def) Assert.Equal(def, a.Parse(ArgumentSchema.FormatValue(def), d.Name));
            }
            // Each alias resolves to its own metric unless an earlier family owns it.
            Assert.Equal(d.Name, MetricRegistry.Find(d.Name)!.Name);
        }
        foreach (LossDescriptor d in LossRegistry.Descriptors)
        {
            Assert.NotEqual(LossKind.Unknown, d.Expects);
            Assert.NotEqual(MetricInputs.None, d.Reads);
            Assert.False(string.IsNullOrWhiteSpace(d.Formula), d.Name);
            Assert.NotNull(MetricRegistry.Find(d.Name));
            Assert.NotNull(LossRegistry.Create(d.Name));
        }
    }

    [Fact]
    public void No_name_tables_remain_in_the_training_code()
    {
        // The regression/label decision comes from the descriptor: r2_score is an alias of r2, a regression metric.
        LossRegistry.RegisterAsMetrics(); // Plumb registers its losses when the assembly loads; this test may run first.
        Assert.Equal(MetricFamily.Regression, MetricRegistry.Resolve("r2_score").Descriptor.Family);
        Assert.Equal(MetricFamily.Loss, MetricRegistry.Resolve("huber").Descriptor.Family);
        Assert.True(MetricRegistry.Resolve("huber").Descriptor.ReadsRealValues);
    }

    [Theory]
    [InlineData("auc", "roc_auc")]
    [InlineData("AUROC", "roc_auc")]
    [InlineData("acc", "accuracy")]
    [InlineData("f1(average=macro)", "f1_macro")]
    [InlineData("fbeta(beta=2)", "fbeta_beta2")]
    [InlineData("log_loss(normalize=true)", "log_loss_normalize")]
    [InlineData("precision_at_recall(recall=0.9)", "precision_at_recall_r0.9")]
    public void Specs_resolve_once_to_canonical_keys(string spec, string key) => Assert.Equal(key, MetricSpec.Parse(spec).Key);

    [Fact]
    public void Unknown_arguments_are_refused_with_a_suggestion()
    {
        var e = Assert.Throws<ArgumentException>(() => MetricSpec.Parse("fbeta(bta=2)"));
        Assert.Contains("did you mean 'beta'", e.Message);
        var l = Assert.Throws<ArgumentException>(() => LossSpec.Parse("huber(delt=2)"));
        Assert.Contains("did you mean 'delta'", l.Message);
        var r = Assert.Throws<ArgumentException>(() => MetricSpec.Parse("fbeta"));
        Assert.Contains("needs argument beta", r.Message);
    }

    [Fact]
    public void R2_score_alias_compiles_beside_a_regression_loss()
    {
        using var model = new Model(new Layers.Sequential(4).Dense(1));
        model.Compile("adam", "mse", ["r2_score"]);
        var (x, y) = Regression(1);
        var h = model.Fit(x, y, epochs: 2, seed: 1);
        Assert.Equal(2, h["r2"].Count);
        Assert.Same(h["r2"], h["r2_score"]);
    }

    [Fact]
    public void A_declared_custom_regression_metric_is_checked_monitored_and_directed()
    {
        using var model = new Model(new Layers.Sequential(4).Dense(1));
        model.Compile("adam", 1e-2, "mse", [() => new AsymmetricError()]);
        Assert.Equal(MetricDirection.LowerIsBetter, model.DirectionOf("val_asymmetric_error"));
        var (x, y) = Regression(2);
        var stop = new EarlyStopping("val_asymmetric_error", patience: 1);
        var h = model.Fit(x, y, epochs: 3, seed: 1, validationSplit: 0.25, callbacks: [stop]);
        Assert.True(h["val_asymmetric_error"].Count >= 1);
    }

    [Fact]
    public void An_undeclared_custom_metric_beside_a_regression_loss_is_refused_with_how_to_declare_it()
    {
        using var model = new Model(new Layers.Sequential(4).Dense(1));
        model.Compile("adam", "mse", [() => new UndeclaredError()]);
        var (x, y) = Regression(3);
        var e = Assert.Throws<CompileCheckException>(() => model.Fit(x, y, epochs: 1));
        Assert.Contains("[PlumbMetric(MetricFamily.Regression", e.Message);
    }

    [Fact]
    public void A_custom_loss_saves_and_loads_through_custom_objects()
    {
        string path = Path.Combine(Path.GetTempPath(), $"plumb-custom-{Guid.NewGuid():N}.json");
        try
        {
            var (x, y) = Regression(4);
            random.manual_seed(7);
            using (var model = new Model(new Layers.Sequential(4).Dense(1)))
            {
                model.Compile("adam", new AsymmetricMse(), [() => new AsymmetricError()]);
                model.Fit(x, y, epochs: 1, seed: 1);
                model.Save(path);
            }
            var missing = Assert.Throws<InvalidDataException>(() => Model.Load(path, new Layers.Sequential(4).Dense(1)));
            Assert.Contains("loss 'asymmetric_mse'", missing.Message);
            Assert.Contains("customObjects", missing.Message);

            using var loaded = Model.Load(path, new Layers.Sequential(4).Dense(1), customObjects: new CustomObjects
            {
                { "asymmetric_mse", () => new AsymmetricMse() },
                { "asymmetric_error", () => new AsymmetricError() },
            });
            Assert.IsType<AsymmetricMse>(loaded.Loss);
            var eval = loaded.Evaluate(x, y);
            Assert.True(eval.ContainsKey("asymmetric_error"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_registered_custom_loss_resolves_by_name_everywhere()
    {
        LossRegistry.Register(new LossDescriptor("asymmetric_mse_registered", ["amse_r"], LossCategory.Regression,
            "mean 3·max(y−ŷ,0)² + max(ŷ−y,0)²", "real", "real", "under-prediction costs 3×", [], LossTarget.Values,
            LossPlotInput.Error, "asymmetric_mse_registered", LossKind.Regression), _ => new AsymmetricMse());
        Assert.IsType<AsymmetricMse>(LossRegistry.Create("amse_r"));
        Assert.Equal(LossKind.Regression, LossRegistry.Find("asymmetric_mse_registered")!.Expects);
        Assert.Throws<ArgumentException>(() => LossRegistry.Register(
            LossRegistry.Find("mse")! with { Name = "other_mse" }, _ => new AsymmetricMse()));
    }

    [Fact]
    public void A_metric_with_arguments_is_monitored_and_named_in_checkpoints_by_either_spelling()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"plumb-keys-{Guid.NewGuid():N}");
        try
        {
            var (x, y) = Kit.Binary(5, rows: 128);
            using var model = new Model(new Layers.Sequential(4).Dense(8).Dense(1, "sigmoid"));
            model.Compile("adam", 1e-2, "binary_crossentropy", ["f1(average=macro)"]);
            var typed = new EarlyStopping("val_f1_macro", patience: 5);
            var spec = new EarlyStopping("val_f1(average=macro)", patience: 5);
            var save = new ModelCheckpoint(Path.Combine(dir, "m-{epoch}-{val_f1(average=macro):F3}.json"), "val_f1(average=macro)", saveBestOnly: false);
            var h = model.Fit(x, y, epochs: 2, seed: 1, verbose: 0, validationSplit: 0.25, callbacks: [typed, spec, save]);
            Assert.Contains("val_f1_macro", h.Keys);
            Assert.Same(h["val_f1_macro"], h["val_f1(average=macro)"]);
            // Each checkpoint name carries the value logged under val_f1_macro that epoch.
            for (int e = 0; e < 2; e++)
            {
                string expected = Path.Combine(dir, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"m-{e + 1}-{h["val_f1_macro"][e]:F3}.json"));
                Assert.True(File.Exists(expected), expected);
            }
            var bad = new ModelCheckpoint(Path.Combine(dir, "m-{val_f2}.json"));
            Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, verbose: 0, validationSplit: 0.25, callbacks: [bad]));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
