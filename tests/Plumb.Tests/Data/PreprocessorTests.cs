using Plumb.Data;
using Plumb.Datasets;
using Plumb.Tabular;

namespace Plumb.Tests.Data;

public class PreprocessorTests
{
    private static readonly (string, CellColumn)[] Train =
    [
        ("age", ["20", "30", "", "50"]),          // mean of 20, 30, 50 = 33.333…; missing → mean
        ("city", ["Oslo", "Lima", "Oslo", "NA"]), // categories Oslo, Lima, (missing)
        ("score", ["1", "1", "1", "1"]),          // constant: std 1, not 0
    ];

    [Fact]
    public void Numeric_columns_are_standardised_with_training_moments_and_missing_filled_with_the_mean()
    {
        var lines = new List<string>();
        var p = Preprocessor.Fit(Train, standardize: true, report: lines.Add);
        Assert.Equal(["age", "city=Oslo", "city=Lima", "city=(missing)", "score"], p.FeatureNames);
        var x = p.Transform(Train, out int rows);
        Assert.Equal(4, rows);
        // Hand calculation: mean 100/3, population std sqrt(((20−m)² + (30−m)² + (50−m)²)/3) = 12.4721912…
        double m = 100.0 / 3, sd = Math.Sqrt((Math.Pow(20 - m, 2) + Math.Pow(30 - m, 2) + Math.Pow(50 - m, 2)) / 3);
        Assert.Equal((float)((20 - m) / sd), x[0 * 5 + 0]);
        Assert.Equal(0f, x[2 * 5 + 0]); // missing → mean → 0 after standardising
        Assert.Equal([1f, 0f, 0f], x[1..4]);           // row 0: Oslo
        Assert.Equal([0f, 0f, 1f], x[(3 * 5 + 1)..(3 * 5 + 4)]); // row 3: missing
        Assert.Equal(0f, x[0 * 5 + 4]);                 // constant column → 0
        Assert.Contains(lines, l => l.Contains("'age'") && l.Contains("1 missing"));
        Assert.Contains(lines, l => l.Contains("'city'") && l.Contains("3 categories"));
    }

    [Fact]
    public void Unseen_categories_encode_as_zeros_and_json_round_trips()
    {
        var p = Preprocessor.FromJson(Preprocessor.Fit(Train, standardize: false).ToJson());
        var x = p.Transform([("score", ["2"]), ("city", ["Paris"]), ("age", ["40"])], out int rows);
        Assert.Equal(1, rows);
        Assert.Equal([40f, 0f, 0f, 0f, 2f], x);
    }

    [Fact]
    public void Text_is_refused_when_encoding_is_off_naming_row_and_value()
    {
        var e = Assert.Throws<FormatException>(() => Preprocessor.Fit(Train, standardize: true, encodeCategoricals: false));
        Assert.Contains("row 1, column 'city': 'Oslo'", e.Message);
    }

    [Fact]
    public void Stratified_split_keeps_the_rare_class_in_both_parts()
    {
        var data = Synthetic.ImbalancedBinary(negatives: 1000, positives: 4, seed: 1);
        var (train, val) = data.StratifiedSplit(0.2, seed: 1);
        Assert.Equal(1004, train.Rows + val.Rows);
        Assert.Equal(1, val.Target.Count(t => t == 1));  // round(4 · 0.2) = 1
        Assert.Equal(3, train.Target.Count(t => t == 1));
        Assert.Equal(200, val.Target.Count(t => t == 0));
    }
}
