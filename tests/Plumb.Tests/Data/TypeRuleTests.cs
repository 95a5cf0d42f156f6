using Plumb.Data;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Tests.Data;

/// <summary>
/// The type rules of training tables. Each of the first three tests reproduces a silent type change the
/// earlier rules made (stated in its comment) and shows the rule that replaces it.
/// </summary>
public class TypeRuleTests
{
    private static RawTable Table(params (string Name, string[] Cells)[] columns) => new([.. columns], "t.csv");

    [Fact]
    public void A_nan_or_empty_target_is_an_error_naming_rows_or_dropped_and_stated_never_a_class()
    {
        // Earlier: distinct target texts {0, 1, nan} made a 3-class problem with a 'nan' class.
        var t = Table(("y", ["0", "1", "nan", "1", "", "0"]), ("x", ["1", "2", "3", "4", "5", "6"]));
        var e = Assert.Throws<FormatException>(() => TargetCells.Apply(t, ["y"], dropMissing: false));
        Assert.Contains("2 row(s) with a missing target in 'y' (rows 3, 5)", e.Message);
        Assert.Contains("--drop-missing-target", e.Message);

        var notes = new List<string>();
        var kept = TargetCells.Apply(t, ["y"], dropMissing: true, notes.Add);
        Assert.Equal(4, kept.Rows);
        Assert.Equal(["1", "2", "4", "6"], kept["x"]);
        Assert.Equal(6, kept.RowNumber(3)); // row numbers travel with the rows (the 4th kept row was row 6)
        Assert.Contains(notes, n => n.Contains("2 row(s) with a missing target dropped"));
        var task = TaskDetection.Detect([("y", kept["y"])]);
        Assert.Equal(MetricTask.Binary, task.Task);
        Assert.Equal(["0", "1"], task.Classes);
    }

    [Fact]
    public void Numeric_labels_compare_by_value_so_1_and_1_point_0_are_one_class()
    {
        // Earlier: distinct texts {0, 0.0, 1, 1.0} made 4 classes.
        var t = Table(("y", ["0", "1", "1.0", "0.0", "1e0", "0"]));
        var canonical = TargetCells.Apply(t, ["y"], dropMissing: false);
        Assert.Equal(["0", "1", "1", "0", "1", "0"], canonical["y"]);
        var task = TaskDetection.Detect([("y", canonical["y"])]);
        Assert.Equal(MetricTask.Binary, task.Task);
        Assert.Equal(["0", "1"], task.Classes);
        Assert.Equal([0.0, 1, 1, 0, 1, 0], TabularTrainer.EncodeTarget(canonical, task, ["y"]));

        var inf = Table(("y", new[] { "0", "1", "Infinity", "2" }));
        var e = Assert.Throws<FormatException>(() => TargetCells.Apply(inf, ["y"], dropMissing: false));
        Assert.Contains("row 3, column 'y': target 'Infinity' is not finite", e.Message);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("1,5")]
    public void One_bad_cell_in_a_numeric_feature_is_an_error_or_missing_never_a_one_hot_explosion(string bad)
    {
        // Earlier: one such cell among 400 numbers made the column text, one-hot encoded into 399 categories.
        var cells = Enumerable.Range(0, 400).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        cells[57] = bad;
        var e = Assert.Throws<FormatException>(() => Preprocessor.Fit([("x", cells)], standardize: false));
        Assert.Contains($"row 58, column 'x': value '{bad}' is not a finite number, but 399 of the column's 400 values are", e.Message);
        Assert.Contains("--bad-numbers-as-missing", e.Message);

        var notes = new List<string>();
        var p = Preprocessor.Fit([("x", cells)], standardize: false, report: notes.Add, badNumbersAsMissing: true);
        Assert.Equal(["x"], p.FeatureNames);
        Assert.Contains(notes, n => n.Contains("1 cell(s) that are not finite numbers read as missing (first: row 58"));
        // Mean of the 399 numbers: (0.5 · Σ_{i<400} i − 0.5 · 57) / 399 = (39900 − 28.5) / 399 = 99.9285714…
        var x = p.Transform([("x", cells)], out _);
        Assert.Equal((float)((39900 - 28.5) / 399), x[57]);
        Assert.Equal(1.5f, x[3]);
    }

    [Fact]
    public void Text_with_many_categories_is_frequency_encoded_and_a_hard_limit_refuses_more()
    {
        // 200 rows: 'a' 3 times, then 197 distinct values → 198 categories, more than the one-hot cap.
        var cells = Enumerable.Range(0, 200).Select(i => i < 3 ? "a" : $"v{i}").ToArray();
        var notes = new List<string>();
        var p = Preprocessor.Fit([("id", cells)], standardize: false, report: notes.Add);
        Assert.Equal(["id(frequency)"], p.FeatureNames);
        Assert.Contains(notes, n => n.Contains("198 categories (more than 64), frequency encoded"));
        var back = Preprocessor.FromJson(p.ToJson());
        var x = back.Transform([("id", ["a", "v7", "unseen"])], out int rows);
        Assert.Equal(3, rows);
        Assert.Equal([3f / 200, 1f / 200, 0f], x); // shares of the training rows; unseen → 0

        // At most 64 categories stay one-hot.
        var few = Preprocessor.Fit([("c", Enumerable.Range(0, 200).Select(i => $"k{i % 64}").ToArray())], standardize: false);
        Assert.Equal(64, few.FeatureNames.Count);

        var e = Assert.Throws<FormatException>(() => Preprocessor.Fit([("id", cells)], standardize: false, maxCategories: 100));
        Assert.Contains("column 'id' has more than 100 distinct values", e.Message);
    }
}
