using Plumb.Advice;
using Plumb.Data;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Tests.Tabular;

/// <summary>
/// Numeric columns kept as numbers read as the same text a string column holds, and every consumer (preprocessing,
/// the duplicate check) gives the same result either way.
/// </summary>
public class CellColumnTests
{
    [Fact]
    public void Numbers_read_as_their_round_trip_text_and_views_copy_nothing_but_rows()
    {
        var c = CellColumn.FromNumbers([1.5, 2, double.NaN, -0.0, 1e-7], missing: [false, false, true, false, false],
            written: new Dictionary<int, string> { [1] = "2.0" });
        Assert.Equal(["1.5", "2.0", "", "-0", "1E-07"], c);
        Assert.True(c.TryNumber(1, out double two) && two == 2);
        Assert.False(c.TryNumber(2, out _)); // missing: read the text
        var view = c.Take([4, 1, 1]);
        Assert.Equal(["1E-07", "2.0", "2.0"], view);
        Assert.Equal(["2.0"], view.Take([2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Take([5]));
        CellColumn text = ["a", "", "b"];
        Assert.False(text.HoldsNumbers);
        Assert.False(text.TryNumber(0, out _));
        Assert.Equal("b", text[2]);
    }

    [Fact]
    public void Preprocessing_numbers_equals_preprocessing_their_text()
    {
        var rng = new Random(3);
        double[] v = [.. Enumerable.Range(0, 500).Select(_ => Math.Round(rng.NextDouble() * 100 - 50, rng.Next(0, 8)))];
        bool[] missing = [.. v.Select((_, i) => i % 37 == 0)];
        v[5] = double.NaN; // "NaN" reads as missing, as the text does
        var numbers = CellColumn.FromNumbers(v, missing);
        CellColumn text = numbers.ToArray();
        var rows = Enumerable.Range(0, 500).Where(i => i % 3 != 0).ToArray();
        foreach (bool standardize in new[] { true, false })
        {
            var a = Preprocessor.Fit([("x", numbers.Take(rows))], standardize);
            var b = Preprocessor.Fit([("x", text.Take(rows))], standardize);
            Assert.Equal(b.ToJson(), a.ToJson());
            Assert.Equal(b.Transform([("x", text)], out _), a.Transform([("x", numbers)], out _));
        }
        // An infinite number among 40 finite ones is refused naming the row and the text, as in a text column.
        var inf = CellColumn.FromNumbers([.. Enumerable.Range(0, 40).Select(i => (double)i), double.PositiveInfinity]);
        var e = Assert.Throws<FormatException>(() => Preprocessor.Fit([("x", inf)], true));
        Assert.Contains("row 41, column 'x': value 'Infinity'", e.Message);
    }

    [Fact]
    public void Conflicting_duplicates_are_found_in_numeric_and_text_columns()
    {
        // Rows 0, 2, 4: features (1.5, "a") with targets 0, 1, 0 → one mixed group of 3; rows 1, 3: (2, "b"),
        // targets 1, 1 → not mixed; row 5: (−0, "a") is not (0, "a"), as its text "-0" is not "0"; row 6: (0, "a").
        var x = CellColumn.FromNumbers([1.5, 2, 1.5, 2, 1.5, -0.0, 0]);
        CellColumn s = ["a", "b", "a ", "b", "a", "a", "a"];
        CellColumn y = ["0", "1", "1", "1", "0", "0", "1"];
        var table = new RawTable([("x", x), ("s", s), ("y", y)], "t.csv");
        var profile = Advisor.Profile(table, ["y"], Advisor.DetectTask(table, ["y"], MetricTask.Binary));
        Assert.Equal(1, profile.ConflictGroups);
        Assert.Equal(3, profile.ConflictRows);
        // The same table as text gives the same answer.
        var asText = new RawTable([("x", x.ToArray()), ("s", s), ("y", y)], "t.csv");
        var p2 = Advisor.Profile(asText, ["y"], Advisor.DetectTask(asText, ["y"], MetricTask.Binary));
        Assert.Equal((1, 3), (p2.ConflictGroups, p2.ConflictRows));
    }
}
