using System.Globalization;
using Plumb.Metrics;
using ScottPlot;

namespace Plumb.Cli.Reports;

/// <summary>One rendered plot: a file name, its PNG bytes, a caption and a one-line reading.</summary>
internal sealed record PlotImage(string FileName, byte[] Png, string Caption, string Reading);

/// <summary>The report's plots (ScottPlot 5, PNG), each returned with a one-line reading of what it shows.</summary>
internal static class Plots
{
    private const int Width = 640, Height = 420;

    public static IEnumerable<PlotImage> All(ReportData data)
    {
        if (data.History is { } h)
            foreach (var p in LearningCurves(h, data.BestEpochByValLoss, data.BestByMonitor)) yield return p;
        if (data.Binary is { } b)
        {
            var points = ThresholdSelection.Sweep(b.Target, b.Score);
            double pos = b.Target.Count(t => t == 1), neg = b.Target.Length - pos;
            yield return ClassBalance(["negative (0)", "positive (1)"], [neg, pos]);
            if (pos > 0 && neg > 0) // both curves are undefined with one class
            {
                yield return Roc(points, pos, neg, RocAuc.Binary(b.Target, b.Score));
                yield return PrecisionRecall(points, pos / (pos + neg), AveragePrecision.Binary(b.Target, b.Score));
            }
            yield return ThresholdCurves(points, b.ChosenThreshold);
            yield return Confusion2x2(b, b.ChosenThreshold, $"confusion_chosen.png", $"Confusion matrix at the chosen threshold {Fmt(b.ChosenThreshold)} ({b.ChosenBy})");
            yield return Confusion2x2(b, 0.5, "confusion_0.5.png", "Confusion matrix at the default threshold 0.5");
            yield return Reliability(b);
        }
        if (data.Multiclass is { } m)
        {
            yield return ClassBalance(m.Classes, m.Matrix.Select(r => r.Sum()).ToArray());
            yield return ConfusionMatrix(m.Matrix, m.Classes, "confusion.png", "Confusion matrix (rows: true class, columns: predicted)");
        }
        if (data.Regression is { } r)
        {
            yield return PredictedVsActual(r.Actual, r.Predicted);
            yield return Residuals(r.Actual, r.Predicted);
        }
    }

    private static IEnumerable<PlotImage> LearningCurves(IReadOnlyDictionary<string, IReadOnlyList<double>> h, int? bestLoss, (string Key, int Epoch)? bestMonitor)
    {
        var names = h.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal) && k != "lr").ToList();
        foreach (var name in names)
        {
            var plt = new Plot();
            var train = h[name];
            double[] xs = Enumerable.Range(1, train.Count).Select(i => (double)i).ToArray();
            var s = plt.Add.Scatter(xs, train.ToArray());
            s.LegendText = "train";
            if (h.TryGetValue("val_" + name, out var val))
            {
                var v = plt.Add.Scatter(xs, val.ToArray());
                v.LegendText = "validation";
            }
            string reading = $"{name} per epoch, training vs validation.";
            if (bestLoss is { } bl)
            {
                var line = plt.Add.VerticalLine(bl + 1);
                line.LegendText = $"best val_loss (epoch {bl + 1})";
                line.LinePattern = LinePattern.Dashed;
            }
            if (bestMonitor is { } bm)
            {
                var line = plt.Add.VerticalLine(bm.Epoch + 1);
                line.LegendText = $"best {bm.Key} (epoch {bm.Epoch + 1})";
                line.LinePattern = LinePattern.Dotted;
                if (bestLoss is { } bl2)
                    reading += bl2 == bm.Epoch
                        ? $" Loss and {bm.Key} agree on epoch {bm.Epoch + 1}."
                        : $" The best epoch by val_loss ({bl2 + 1}) is not the best by {bm.Key} ({bm.Epoch + 1}): the loss steers, the metric judges.";
            }
            plt.Title(name);
            plt.XLabel("epoch");
            plt.YLabel(name);
            plt.ShowLegend();
            yield return Render(plt, $"curve_{Safe(name)}.png", $"Learning curve: {name}", reading);
        }
    }

    private static PlotImage ClassBalance(string[] classes, double[] counts)
    {
        var plt = new Plot();
        var bars = plt.Add.Bars(counts);
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, classes.Length).Select(i => (double)i).ToArray(), classes);
        plt.Title("Class balance");
        plt.YLabel("samples");
        double total = counts.Sum();
        double min = counts.Min();
        string reading = $"{total:0} samples; the rarest class is {min / total:P2} of them" +
                         (min / total < 0.1 ? " — accuracy alone will look good for a model that ignores it." : ".");
        _ = bars;
        return Render(plt, "class_balance.png", "Class balance", reading);
    }

    private static PlotImage Roc(IReadOnlyList<ThresholdPoint> points, double pos, double neg, double auc)
    {
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        foreach (var p in points) { fpr.Add(p.FalsePositives / neg); tpr.Add(p.TruePositives / pos); }
        var plt = new Plot();
        var diag = plt.Add.Line(0, 0, 1, 1);
        diag.LinePattern = LinePattern.Dashed;
        diag.LegendText = "chance (AUC 0.5)";
        var c = plt.Add.Scatter(fpr.ToArray(), tpr.ToArray());
        c.MarkerSize = 0;
        c.LegendText = $"model (AUC {Fmt(auc)})";
        plt.Axes.SetLimits(0, 1, 0, 1);
        plt.Title("ROC curve");
        plt.XLabel("false positive rate");
        plt.YLabel("true positive rate");
        plt.ShowLegend(Alignment.LowerRight);
        return Render(plt, "roc.png", "ROC curve with the chance diagonal",
            $"ROC-AUC {Fmt(auc)}: the chance that a random positive scores above a random negative. It ignores the class balance; read the PR curve next to it.");
    }

    private static PlotImage PrecisionRecall(IReadOnlyList<ThresholdPoint> points, double prevalence, double ap)
    {
        var rec = new List<double> { 0 };
        var prec = new List<double> { 1 };
        foreach (var p in points)
        {
            rec.Add(p.Recall);
            prec.Add(p.Precision);
        }
        var plt = new Plot();
        var baseLine = plt.Add.HorizontalLine(prevalence);
        baseLine.LinePattern = LinePattern.Dashed;
        baseLine.LegendText = $"baseline = prevalence {Fmt(prevalence)}";
        var c = plt.Add.Scatter(rec.ToArray(), prec.ToArray());
        c.ConnectStyle = ConnectStyle.StepVertical;
        c.MarkerSize = 0;
        c.LegendText = $"model (AP {Fmt(ap)})";
        plt.Axes.SetLimits(0, 1, 0, 1.02);
        plt.Title("Precision–recall curve");
        plt.XLabel("recall");
        plt.YLabel("precision");
        plt.ShowLegend(Alignment.LowerLeft);
        return Render(plt, "pr.png", "Precision–recall curve with the prevalence baseline",
            $"Average precision {Fmt(ap)} against a no-skill baseline of {Fmt(prevalence)} (the positive rate), {(ap / Math.Max(prevalence, 1e-12)):0.#}× the baseline.");
    }

    private static PlotImage ThresholdCurves(IReadOnlyList<ThresholdPoint> points, double chosen)
    {
        var ordered = points.OrderBy(p => p.Threshold).ToList();
        double[] t = ordered.Select(p => p.Threshold).ToArray();
        var plt = new Plot();
        foreach (var (label, f) in new (string, Func<ThresholdPoint, double>)[] { ("precision", p => p.Precision), ("recall", p => p.Recall), ("F1", p => p.F1) })
        {
            var s = plt.Add.Scatter(t, ordered.Select(f).ToArray());
            s.MarkerSize = 0;
            s.LegendText = label;
        }
        var v = plt.Add.VerticalLine(chosen);
        v.LinePattern = LinePattern.Dashed;
        v.LegendText = $"chosen {Fmt(chosen)}";
        var d = plt.Add.VerticalLine(0.5);
        d.LinePattern = LinePattern.Dotted;
        d.LegendText = "0.5";
        plt.Title("Precision, recall and F1 vs threshold");
        plt.XLabel("threshold (predict positive when score ≥ threshold)");
        plt.ShowLegend();
        var at = points.OrderBy(p => Math.Abs(p.Threshold - chosen)).First();
        return Render(plt, "threshold.png", "Precision, recall and F1 against the decision threshold",
            $"At the chosen threshold {Fmt(chosen)}: precision {Fmt(at.Precision)}, recall {Fmt(at.Recall)}, F1 {Fmt(at.F1)}.");
    }

    private static PlotImage Confusion2x2(BinaryPredictions b, double threshold, string file, string caption)
    {
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < b.Score.Length; i++)
        {
            bool p = b.Score[i] >= threshold;
            if (b.Target[i] == 1) { if (p) tp++; else fn++; }
            else if (p) fp++; else tn++;
        }
        var img = ConfusionMatrix([[tn, fp], [fn, tp]], ["0", "1"], file, caption);
        double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        return img with { Reading = $"At {Fmt(threshold)}: {tp:0} of {tp + fn:0} positives found (recall {Fmt(recall)}), {fp:0} false alarms, {fn:0} missed." };
    }

    private static PlotImage ConfusionMatrix(double[][] m, string[] classes, string file, string caption)
    {
        int k = classes.Length;
        var values = new double[k, k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) values[i, j] = m[i][j];
        var plt = new Plot();
        var hm = plt.Add.Heatmap(values);
        hm.Colormap = new ScottPlot.Colormaps.Blues();
        double max = m.Max(r => r.Max());
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                var txt = plt.Add.Text(m[i][j].ToString("0", CultureInfo.InvariantCulture), j, k - 1 - i);
                txt.LabelFontSize = k > 5 ? 11 : 18;
                txt.LabelAlignment = Alignment.MiddleCenter;
                // The Blues colormap runs dark (low) to light (high): white text on the dark cells.
                txt.LabelFontColor = m[i][j] < max / 2 ? Colors.White : Colors.Black;
            }
        double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plt.Axes.Bottom.SetTicks(ticks, classes);
        plt.Axes.Left.SetTicks(ticks, classes.Reverse().ToArray());
        plt.XLabel("predicted");
        plt.YLabel("true");
        plt.Title(caption.Length > 60 ? "Confusion matrix" : caption);
        double correct = Enumerable.Range(0, k).Sum(i => m[i][i]), total = m.Sum(r => r.Sum());
        return Render(plt, file, caption, $"{correct:0} of {total:0} on the diagonal ({Fmt(total == 0 ? 0 : correct / total)} accuracy).");
    }

    private static PlotImage Reliability(BinaryPredictions b)
    {
        const int bins = 10;
        bool probabilities = b.Score.All(s => s is >= 0 and <= 1);
        var calibration = new Calibration(new MetricOptions { FromLogits = !probabilities }, bins);
        calibration.Update(new MetricBatch(b.Target, b.Score));
        var result = (IReadOnlyDictionary<string, object>)calibration.ComputeStructured();
        double[] xs = (double[])result["prob_pred"], ys = (double[])result["prob_true"];
        double ece = (double)result["ece"];
        var plt = new Plot();
        var diag = plt.Add.Line(0, 0, 1, 1);
        diag.LinePattern = LinePattern.Dashed;
        diag.LegendText = "perfect calibration";
        var s = plt.Add.Scatter(xs, ys);
        s.LegendText = $"model (ECE {Fmt(ece)})";
        plt.Axes.SetLimits(0, 1, 0, 1);
        plt.Title("Reliability diagram (10 equal-width bins)");
        plt.XLabel("mean predicted probability");
        plt.YLabel("observed positive rate");
        plt.ShowLegend(Alignment.UpperLeft);
        return Render(plt, "reliability.png", "Reliability diagram with expected calibration error",
            $"Expected calibration error {Fmt(ece)}: the average gap between predicted probability and observed frequency, weighted by bin size.");
    }

    private static PlotImage PredictedVsActual(double[] actual, double[] predicted)
    {
        var plt = new Plot();
        var s = plt.Add.ScatterPoints(actual, predicted);
        s.MarkerSize = 4;
        double lo = Math.Min(actual.Min(), predicted.Min()), hi = Math.Max(actual.Max(), predicted.Max());
        var d = plt.Add.Line(lo, lo, hi, hi);
        d.LinePattern = LinePattern.Dashed;
        plt.Title("Predicted vs actual");
        plt.XLabel("actual");
        plt.YLabel("predicted");
        double mae = actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average();
        return Render(plt, "predicted_vs_actual.png", "Predicted against actual values", $"Points on the dashed line are exact; mean absolute error {Fmt(mae)}.");
    }

    private static PlotImage Residuals(double[] actual, double[] predicted)
    {
        double[] res = actual.Zip(predicted, (a, p) => a - p).ToArray();
        var plt = new Plot();
        var s = plt.Add.ScatterPoints(predicted, res);
        s.MarkerSize = 4;
        plt.Add.HorizontalLine(0).LinePattern = LinePattern.Dashed;
        plt.Title("Residuals");
        plt.XLabel("predicted");
        plt.YLabel("actual − predicted");
        double mean = res.Average();
        return Render(plt, "residuals.png", "Residuals against predictions", $"Mean residual {Fmt(mean)}; a trend or funnel shape means the errors depend on the prediction.");
    }

    private static PlotImage Render(Plot plt, string file, string caption, string reading) =>
        new(file, plt.GetImageBytes(Width, Height, ImageFormat.Png), caption, reading);

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));

    internal static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
