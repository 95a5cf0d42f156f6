namespace Plumb.Metrics.Tests;

public class TypedResultTests
{
    // y = [0,1,2,2,1,0,2], predicted labels p = [0,2,1,2,1,0,0] (as one score column of labels).
    private static readonly double[] Y = [0, 1, 2, 2, 1, 0, 2];
    private static readonly double[] P = [0, 2, 1, 2, 1, 0, 0];
    private static readonly MetricOptions Multi = new() { Task = MetricTask.Multiclass };

    [Fact]
    public void Confusion_matrix_is_typed_normalisable_and_prints_aligned()
    {
        var cm = new ConfusionMatrix(Multi);
        cm.Update(new MetricBatch(Y, P));
        ConfusionMatrixResult r = cm.ComputeResult();
        Assert.Equal([0, 1, 2], r.Labels);
        // Hand count: row = true class.
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 1, 1, 1 } }, r.Counts);
        // scikit-learn 1.2.1: confusion_matrix(y, p, normalize='true') and normalize='pred'.
        Assert.Equal(new double[,] { { 1, 0, 0 }, { 0, 0.5, 0.5 }, { 1 / 3.0, 1 / 3.0, 1 / 3.0 } }, r.Normalized(ConfusionNormalization.True));
        Assert.Equal(new double[,] { { 2 / 3.0, 0, 0 }, { 0, 0.5, 0.5 }, { 1 / 3.0, 0.5, 0.5 } }, r.Normalized(ConfusionNormalization.Pred));
        Assert.Equal("true\\pred  0  1  2\n" +
                     "0          2  0  0\n" +
                     "1          0  1  1\n" +
                     "2          1  1  1\n", r.ToString());
    }

    [Fact]
    public void Classification_report_prints_scikit_learns_text_table()
    {
        var report = new ClassificationReport(Multi);
        report.Update(new MetricBatch(Y, P));
        // scikit-learn 1.2.1: classification_report([0,1,2,2,1,0,2], [0,2,1,2,1,0,0])
        const string sklearn =
            "              precision    recall  f1-score   support\n\n           0       0.67      1.00      0.80         2\n" +
            "           1       0.50      0.50      0.50         2\n           2       0.50      0.33      0.40         3\n\n" +
            "    accuracy                           0.57         7\n   macro avg       0.56      0.61      0.57         7\n" +
            "weighted avg       0.55      0.57      0.54         7\n";
        var r = report.ComputeResult();
        Assert.Equal(sklearn, r.ToString());
        Assert.Equal(4 / 7.0, r.Accuracy!.Value, 12);
        Assert.Equal(3, r.Classes[2].Support);
    }

    [Fact]
    public void A_collection_returns_typed_results_and_resolves_any_spelling()
    {
        var c = new MetricCollection(["acc", "f1(average=macro)", "confusion_matrix", "classification_report"], Multi);
        c.Update(new MetricBatch(Y, P));
        MetricResults r = c.Compute();
        Assert.Equal(["accuracy", "f1_macro", "confusion_matrix", "classification_report"], r.Keys);
        Assert.Equal(4 / 7.0, r.Scalar("accuracy"), 12);
        Assert.Equal(r.Scalar("f1_macro"), r.Scalar("f1(average=macro)"));
        Assert.Equal(r.Scalar("accuracy"), r.Scalar("acc"));
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 1, 1, 1 } }, r.Get<ConfusionMatrixResult>().Counts);
        Assert.Equal(3, r.Get<ClassificationReportResult>().Classes.Count);
        Assert.Throws<InvalidOperationException>(() => r.Scalar("confusion_matrix"));
    }

    [Fact]
    public void Curves_are_records()
    {
        var roc = new RocCurve();
        roc.Update(new MetricBatch([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
        RocCurvePoints p = roc.ComputeResult();
        // scikit-learn 1.2.1 roc_curve([0,0,1,1],[0.1,0.4,0.35,0.8]): fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1]
        Assert.Equal([0, 0, 0.5, 0.5, 1], p.FalsePositiveRate);
        Assert.Equal([0, 0.5, 0.5, 1, 1], p.TruePositiveRate);
    }
}
