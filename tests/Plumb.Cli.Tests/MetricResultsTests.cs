using System.Text.Json;
using Plumb.Cli.Output;

namespace Plumb.Cli.Tests;

public class MetricResultsTests
{
    private static IReadOnlyList<KeyValuePair<string, object>> Sample() =>
    [
        new("accuracy", 0.75),
        new("f1(average=none)", new[] { 0.5, 0.8 }),
        new("confusion_matrix", new[] { new[] { 4.0, 1 }, new[] { 2.0, 3 } }),
        new("classification_report", new Dictionary<string, object>
        {
            ["0"] = new Dictionary<string, object> { ["precision"] = 0.5, ["recall"] = 0.25, ["f1-score"] = 1.0 / 3, ["support"] = 4.0 },
            ["accuracy"] = 0.6,
        }),
        new("undefined", double.NaN),
        new("counts", new[] { new long[] { 1, 2 }, new long[] { 3, 4 } }),
    ];

    [Fact]
    public void Json_is_one_object_keyed_by_spec_with_numbers_arrays_and_objects()
    {
        var w = new StringWriter();
        MetricOutput.WriteJson(w, Sample());
        string text = w.ToString();
        Assert.Single(text.TrimEnd().Split('\n'));
        Assert.Equal(
            "{\"accuracy\":0.75,\"f1(average=none)\":[0.5,0.8],\"confusion_matrix\":[[4,1],[2,3]],"
            + "\"classification_report\":{\"0\":{\"precision\":0.5,\"recall\":0.25,\"f1-score\":0.3333333333333333,\"support\":4},\"accuracy\":0.6},"
            + "\"undefined\":null,\"counts\":[[1,2],[3,4]]}",
            text.TrimEnd());
        Assert.Equal(1.0 / 3, JsonDocument.Parse(text).RootElement.GetProperty("classification_report").GetProperty("0").GetProperty("f1-score").GetDouble());
    }

    [Fact]
    public void Table_renders_per_class_values_matrices_and_reports_with_class_names()
    {
        var w = new StringWriter();
        MetricOutput.WriteTable(w, Sample(), ["neg", "pos"], "caption line", interactive: false);
        string text = w.ToString();
        Assert.StartsWith("caption line", text);
        Assert.All(text, c => Assert.True(c < 128, $"non-ASCII '{c}'"));
        foreach (string s in new[] { "accuracy", "0.75", "neg", "pos", "true \\ pred", "precision", "recall", "f1-score", "support", "0.333333", "nan" })
            Assert.Contains(s, text);
    }

    [Theory]
    [InlineData(0.75, "0.75")]
    [InlineData(3.0, "3")]
    [InlineData(1.0 / 3, "0.333333")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678.5, "1.23457E+07")]
    [InlineData(double.NaN, "nan")]
    public void Format_is_readable(double v, string expected) => Assert.Equal(expected, MetricOutput.Format(v));
}
