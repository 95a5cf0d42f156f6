using System.Globalization;
using System.Text.Json;

namespace Plumb.Cli.Tests;

/// <summary><c>plumb advise</c> on the shipped datasets and on synthetic 500:1, outlier, multilabel and noisy-label cases.</summary>
public class AdviseCommandTests : IDisposable
{
    private readonly TestFiles _files = new();

    private static JsonElement Advise(params string[] args)
    {
        var (code, output, err) = CliTests.Run(["advise", .. args, "--json"]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string[] Pitfalls(JsonElement a) => [.. a.GetProperty("pitfalls").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];

    private static string Value(JsonElement a, string key) => a.GetProperty(key).GetProperty("value").ToString();

    [Fact]
    public void Iris_on_30_validation_rows_is_monitored_by_val_loss_because_f1_moves_in_steps_of_a_thirtieth()
    {
        var a = Advise("--data", TrainCommandTests.Dataset("iris.csv"), "--target", "species");
        Assert.Equal("multiclass", a.GetProperty("profile").GetProperty("task").GetString());
        Assert.Equal(30, a.GetProperty("validation_rows").GetInt32());
        Assert.Equal("softmax", Value(a, "output_activation"));
        Assert.Equal("sparse_categorical_crossentropy", Value(a, "loss"));
        Assert.Equal("f1", Value(a, "judge"));
        Assert.Equal("val_loss", Value(a, "monitor"));
        Assert.Contains("about 1/n on 30 validation rows = 0.033", a.GetProperty("monitor").GetProperty("reason").GetString()); // 1/30
        Assert.Equal(JsonValueKind.Null, a.GetProperty("tie_break").ValueKind);
        // 120 training rows / 32 = 4 steps per epoch: ⌈300/4⌉ = 75, capped at 30.
        Assert.Equal("30", Value(a, "patience"));
        Assert.Equal("argmax", Value(a, "threshold"));
        Assert.Equal(["coarse_validation_metric"], Pitfalls(a));
    }

    [Fact]
    public void Shipped_datasets_get_their_task_loss_judge_and_monitor()
    {
        // breast cancer: 37 % malignant, 114 validation rows: ROC-AUC moves by 1/(42·72), fine enough; ties go to val_loss.
        var bc = Advise("--data", TrainCommandTests.Dataset("breast_cancer.csv"), "--target", "benign");
        Assert.Equal("binary_crossentropy", Value(bc, "loss"));
        Assert.Equal("sigmoid", Value(bc, "output_activation"));
        Assert.Equal("roc_auc", Value(bc, "judge"));
        Assert.Equal("val_roc_auc", Value(bc, "monitor"));
        Assert.Equal("val_loss", Value(bc, "tie_break"));
        Assert.Equal("max_f1", Value(bc, "threshold"));
        Assert.Equal("20", Value(bc, "patience")); // 455 rows / 32 = 15 steps: ⌈300/15⌉ = 20
        Assert.Empty(Pitfalls(bc));
        Assert.Equal(["accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc"], bc.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetString()));

        // digits: 1797 rows, 359 validation rows: F1 moves by about 1/359 < 0.01, so it is monitored.
        var digits = Advise("--data", TrainCommandTests.Dataset("digits.csv"), "--target", "digit");
        Assert.Equal("val_f1", Value(digits, "monitor"));

        var wine = Advise("--data", TrainCommandTests.Dataset("wine.csv"), "--target", "cultivar");
        Assert.Equal("val_loss", Value(wine, "monitor"));
        Assert.Equal(3, wine.GetProperty("profile").GetProperty("classes").GetArrayLength());

        var diabetes = Advise("--data", TrainCommandTests.Dataset("diabetes.csv"), "--target", "progression");
        Assert.Equal("regression", diabetes.GetProperty("profile").GetProperty("task").GetString());
        Assert.Equal("linear", Value(diabetes, "output_activation"));
        Assert.Equal("mse", Value(diabetes, "loss")); // no value beyond 5 robust std
        Assert.Equal("mae", Value(diabetes, "judge"));
        Assert.Equal("val_mae", Value(diabetes, "monitor"));
        Assert.Contains("acc_with_regression_loss", Pitfalls(diabetes));
    }

    [Fact]
    public void At_500_to_1_accuracy_is_what_the_all_negative_model_scores_and_pr_auc_judges()
    {
        var lines = new List<string> { "x1,x2,y" };
        for (int i = 0; i < 5010; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{i % 13},{(i % 501 == 0 ? 1 : 0)}"));
        string csv = _files.Text("rare.csv", [.. lines]);
        var a = Advise("--data", csv, "--target", "y");
        var profile = a.GetProperty("profile");
        Assert.Equal(10, profile.GetProperty("classes")[1].GetProperty("count").GetInt32());
        Assert.Equal(500, profile.GetProperty("imbalance_ratio").GetDouble(), 9);
        Assert.Equal("pr_auc", Value(a, "judge"));
        Assert.Equal("val_loss", Value(a, "monitor")); // about 2 validation positives
        Assert.Equal(new[] { "accuracy_at_prevalence", "coarse_validation_metric", "few_validation_positives", "roc_auc_under_imbalance" }, Pitfalls(a).Order());
        string accuracy = a.GetProperty("pitfalls").EnumerateArray().First(p => p.GetProperty("id").GetString() == "accuracy_at_prevalence").GetProperty("message").GetString()!;
        Assert.Contains("scores accuracy 0.998 on this data (500:1)", accuracy); // 5000 / 5010 = 0.99800…
        Assert.Contains("no-skill value is the prevalence 0.002", a.GetProperty("pitfalls").EnumerateArray()
            .First(p => p.GetProperty("id").GetString() == "roc_auc_under_imbalance").GetProperty("message").GetString());
        var alternatives = a.GetProperty("loss").GetProperty("alternatives").EnumerateArray().Select(x => x.GetProperty("value").GetString()).ToList();
        Assert.Contains("focal(gamma=2)", alternatives);
        Assert.Contains("binary_crossentropy --class-weight balanced", alternatives);
    }

    [Fact]
    public void Regression_with_outliers_gets_huber_with_delta_from_the_median_absolute_deviation()
    {
        // 197 values 0…9 (i mod 10) and three at 1000. Median (4 + 5)/2 = 4.5; |y − 4.5| ranks 100 and 101 are both 2.5,
        // so MAD = 2.5, σ_robust = 1.4826·2.5 = 3.7065, δ = 1.345·3.7065 = 4.985 → 4.99; outliers beyond 5·3.7065 = 18.5: the three.
        var lines = new List<string> { "x,y" };
        for (int i = 0; i < 197; i++) lines.Add($"{i},{i % 10}");
        for (int i = 0; i < 3; i++) lines.Add($"{1000 + i},1000");
        string csv = _files.Text("outliers.csv", [.. lines]);
        var a = Advise("--data", csv, "--target", "y", "--task", "regression");
        var target = a.GetProperty("profile").GetProperty("target");
        Assert.Equal(4.5, target.GetProperty("median").GetDouble(), 12);
        Assert.Equal(1.4826 * 2.5, target.GetProperty("robust_std").GetDouble(), 12);
        Assert.Equal(3, target.GetProperty("outliers").GetInt32());
        Assert.Equal("huber(delta=4.99)", Value(a, "loss"));
        Assert.Contains("outliers", Pitfalls(a));
        Assert.Contains("skewed_target", Pitfalls(a));
        Assert.Contains("median_absolute_error", a.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
    }

    [Fact]
    public void Multilabel_gets_one_sigmoid_per_label_and_a_rare_label_warning()
    {
        var lines = new List<string> { "x,a,b,c" };
        for (int i = 0; i < 200; i++) lines.Add($"{i},{i % 2},{(i % 3 == 0 ? 1 : 0)},{(i % 50 == 0 ? 1 : 0)}"); // c: 4 of 200 = 2 %
        string csv = _files.Text("ml.csv", [.. lines]);
        var a = Advise("--data", csv, "--target", "a,b,c");
        Assert.Equal("multilabel", a.GetProperty("profile").GetProperty("task").GetString());
        Assert.Equal("sigmoid", Value(a, "output_activation"));
        Assert.Equal("binary_crossentropy", Value(a, "loss"));
        Assert.Equal(0.02, a.GetProperty("profile").GetProperty("minority_fraction").GetDouble(), 12);
        Assert.Contains("rare_labels", Pitfalls(a));
    }

    [Fact]
    public void Identical_feature_rows_with_different_labels_are_a_label_noise_hint()
    {
        string csv = _files.Text("noisy.csv", "a,b,y", "1,2,0", "1,2,1", "1,2,1", "3,4,0", "3,4,0", "5,6,1", "7,8,0", "9,9,1", "9,9,0", "2,2,1");
        var a = Advise("--data", csv, "--target", "y");
        var dup = a.GetProperty("profile").GetProperty("conflicting_duplicates");
        Assert.Equal(2, dup.GetProperty("groups").GetInt32()); // (1,2) and (9,9); (3,4) agrees
        Assert.Equal(5, dup.GetProperty("rows").GetInt32());
        Assert.Contains("conflicting_duplicates", Pitfalls(a));
    }

    [Fact]
    public void Text_output_gives_each_recommendation_with_its_reason_and_bad_input_is_one_line()
    {
        var (code, output, err) = CliTests.Run("advise", "--data", TrainCommandTests.Dataset("iris.csv"), "--target", "species");
        Assert.True(code == 0, err);
        Assert.Contains("loss: sparse_categorical_crossentropy", output);
        Assert.Contains("monitor: val_loss", output);
        Assert.Contains("[coarse_validation_metric]", output);
        (code, _, err) = CliTests.Run("advise", "--data", TrainCommandTests.Dataset("iris.csv"), "--target", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no target column 'nope'", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    public void Dispose() => _files.Dispose();
}
