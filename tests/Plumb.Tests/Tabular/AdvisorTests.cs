using System.Globalization;
using Plumb.Advice;
using Plumb.Metrics;
using Plumb.Tabular;

namespace Plumb.Tests.Tabular;

/// <summary>The monitor and patience the Advisor derives from the validation size, by hand.</summary>
public class AdvisorTests
{
    private static RawTable Classes(int rows, int classes) => new(
    [
        ("x", [.. Enumerable.Range(0, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))]),
        ("y", [.. Enumerable.Range(0, rows).Select(i => (i % classes).ToString(CultureInfo.InvariantCulture))]),
    ], "t.csv");

    [Theory]
    // F1 moves by about 1/n: 60 validation rows → 1/60 > 0.01 → val_loss; 200 → 1/200 ≤ 0.01 → val_f1.
    [InlineData(300, "val_loss")]
    [InlineData(1000, "val_f1")]
    public void A_label_metric_is_monitored_only_when_one_validation_row_moves_it_by_at_most_a_hundredth(int rows, string monitor)
    {
        var a = Advisor.Advise(Classes(rows, 3), ["y"]);
        Assert.Equal(MetricTask.Multiclass, a.Profile.Task);
        Assert.Equal(monitor, a.Monitor.Value);
        Assert.Equal(monitor == "val_loss" ? null : "val_loss", a.TieBreak?.Value);
    }

    [Fact]
    public void Roc_auc_moves_by_one_pair_in_n_pos_times_n_neg_so_a_balanced_binary_task_monitors_it()
    {
        // 100 rows, 20 validation rows with 10 positives: 1/(10·10) = 0.01, not above the limit.
        var a = Advisor.Advise(Classes(100, 2), ["y"]);
        Assert.Equal("roc_auc", a.Judge.Value);
        Assert.Equal("val_roc_auc", a.Monitor.Value);
    }

    [Theory]
    // Patience ⌈300 / steps per epoch⌉ within 10…30: 80 training rows → 3 steps → 100 → 30; 1600 → 50 steps → 6 → 10; 320 → 10 steps → 30.
    [InlineData(100, 30)]
    [InlineData(2000, 10)]
    [InlineData(400, 30)]
    public void Patience_aims_at_300_optimizer_steps(int rows, int patience) =>
        Assert.Equal(patience, Advisor.Advise(Classes(rows, 2), ["y"]).Patience.Epochs);

    [Fact]
    public void The_context_overrides_the_assumed_split()
    {
        var a = Advisor.Advise(Classes(300, 3), ["y"], context: new AdviceContext { ValidationRows = 150, TrainRows = 150 });
        Assert.Equal(150, a.ValidationRows);
        Assert.Equal("val_f1", a.Monitor.Value); // 1/150 ≤ 0.01
    }
}
