using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Tests.Tabular;

public class TaskDetectionTests
{
    [Fact]
    public void Two_values_are_binary_with_the_larger_as_positive()
    {
        var t = TaskDetection.Detect([("y", ["1", "0", "1"])]);
        Assert.Equal(MetricTask.Binary, t.Task);
        Assert.Equal(["0", "1"], t.Classes);
        Assert.Contains("2 values", t.Reason);
    }

    [Fact]
    public void Text_labels_and_small_integer_sets_are_multiclass()
    {
        Assert.Equal(MetricTask.Multiclass, TaskDetection.Detect([("y", ["cat", "dog", "bird"])]).Task);
        var t = TaskDetection.Detect([("y", ["2", "0", "1", "10"])]);
        Assert.Equal(MetricTask.Multiclass, t.Task);
        Assert.Equal(["0", "1", "2", "10"], t.Classes); // numeric order, not text order
    }

    [Fact]
    public void Fractional_or_many_valued_numbers_are_regression()
    {
        Assert.Equal(MetricTask.Regression, TaskDetection.Detect([("y", ["1.5", "2", "3"])]).Task);
        Assert.Equal(MetricTask.Regression, TaskDetection.Detect([("y", Enumerable.Range(0, 21).Select(i => i.ToString()).ToArray())]).Task);
    }

    [Fact]
    public void Several_0_1_columns_are_multilabel()
    {
        var t = TaskDetection.Detect([("a", ["0", "1"]), ("b", ["1", "1"])]);
        Assert.Equal(MetricTask.Multilabel, t.Task);
        Assert.Equal(["a", "b"], t.Classes);
        var e = Assert.Throws<FormatException>(() => TaskDetection.Detect([("a", ["0", "1"]), ("b", ["1", "2"])]));
        Assert.Contains("row 2, column 'b': '2'", e.Message);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => TaskDetection.Detect([("y", ["1", "1", "1"])]));
        Assert.Contains("single value '1'", e.Message);
    }
}
