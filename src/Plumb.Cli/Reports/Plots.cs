using System.Globalization;
using Plumb.Metrics;
using ScottPlot;

namespace Plumb.Cli.Reports;

/// <summary>One rendered plot: a file name, its PNG bytes, a caption and a one-line reading.</summary>
internal sealed record PlotImage(string FileName, byte[] Png, string Caption, string Reading);

/// <summary>A plot before rendering, with what its legend must not cover (for the placement and its test).</summary>
internal sealed record Figure(Plot Plot, string FileName, string Caption, string Reading)
{
    /// <summary>Renders the figure to PNG at the report's size.</summary>
    public PlotImage Render() => new(FileName, Plot.GetImageBytes(Plots.Width, Plots.Height, ImageFormat.Png), Caption, Reading);
}

/// <summary>
/// The report's plots (ScottPlot 5, PNG) in one style: the page's sans-serif font, legends outside the data or in
/// the emptiest corner, integer epoch ticks, axes that start where the quantity does, and sequential colormaps.
/// </summary>
internal static class Plots
{
    internal const int Width = 640, Height = 420;

    public static IEnumerable<PlotImage> All(ReportData data) => Figures(data).Select(f => f.Render());

    /// <summary>Every figure of the report, unrendered.</summary>
    public static IEnumerable<Figure> Figures(ReportData data)
    {
        if (data.History is { } h)
            foreach (var p in LearningCurves(h, data.BestEpochByValLoss, data.BestByMonitor)) yield return p;
        string rows = data.PredictionsOf is { Length: > 0 } w ? $" ({w})" : "";
        if (data.Binary is { } b)
        {
            var points = ThresholdSelection.Sweep(b.Target, b.Score);
            double pos = b.Target.Count(t => t == 1), neg = b.Target.Length - pos;
            yield return ClassBalance(["negative (0)", "positive (1)"], [neg, pos], rows);
            if (pos > 0 && neg > 0) // both curves are undefined with one class
            {
                yield return Roc(points, pos, neg, RocAuc.Binary(b.Target, b.Score), rows);
                yield return PrecisionRecall(points, pos / (pos + neg), AveragePrecision.Binary(b.Target, b.Score), rows);
            }
            var chosen = BinaryAtThreshold.Of(b.Target, b.Score, b.ChosenThreshold);
            string by = b.ChosenBy.Length > 0 ? $", {b.ChosenBy}" : "";
            yield return ThresholdCurves(points, chosen, by, rows);
            yield return Confusion2x2(chosen, "confusion.png", $"Confusion matrix at threshold {Fmt(b.ChosenThreshold)}{by}{rows}", normalize: false);
            yield return Confusion2x2(chosen, "confusion_normalized.png", $"Confusion matrix at threshold {Fmt(b.ChosenThreshold)}, each row divided by its true-class count{rows}", normalize: true);
            if (b.ChosenThreshold != 0.5)
                yield return Confusion2x2(BinaryAtThreshold.Of(b.Target, b.Score, 0.5), "confusion_0.5.png", $"Confusion matrix at the default threshold 0.5, for comparison{rows}", normalize: false);
            yield return Reliability(b, rows);
        }
        if (data.Multiclass is { } m)
        {
            yield return ClassBalance(m.Classes, m.Matrix.Select(r => r.Sum()).ToArray(), rows);
            yield return ConfusionMatrix(m.Matrix, m.Classes, "confusion.png", $"Confusion matrix, rows: true class, columns: predicted (argmax){rows}", false);
            yield return ConfusionMatrix(m.Matrix, m.Classes, "confusion_normalized.png", $"Confusion matrix, each row divided by its true-class count (recall on the diagonal){rows}", true);
        }
        if (data.Ranking is { } rk && rk.Queries > 0)
        {
            yield return NdcgAtK(rk, rows);
            yield return PerQueryNdcg(rk, rows);
        }
        if (data.Regression is { } r)
        {
            yield return PredictedVsActual(r.Actual, r.Predicted, rows);
            yield return Residuals(r.Actual, r.Predicted, rows);
        }
    }

    /// <summary>The first installed of the sans-serif fonts a browser would pick for the page, else ScottPlot's sans.</summary>
    internal static readonly string SansFont = PickSans();

    private static string PickSans()
    {
        var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI" }.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    }

    /// <summary>A plot in the report's style: sans-serif like the page, light grid.</summary>
    internal static Plot NewPlot()
    {
        var plt = new Plot();
        plt.Font.Set(SansFont);
        plt.Legend.FontName = SansFont;
        plt.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plt.Axes.Title.Label.FontSize = 16;
        return plt;
    }

    private static IEnumerable<Figure> LearningCurves(IReadOnlyDictionary<string, IReadOnlyList<double>> h, int? bestLoss, (string Key, int Epoch)? bestMonitor)
    {
        var names = h.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal) && k != "lr").ToList();
        foreach (var name in names)
        {
            var plt = NewPlot();
            var train = h[name];
            double[] xs = Enumerable.Range(1, train.Count).Select(i => (double)i).ToArray();
            var s = plt.Add.Scatter(xs, train.ToArray());
            s.LegendText = "train";
            if (h.TryGetValue("val_" + name, out var val))
            {
                var v = plt.Add.Scatter(xs, val.ToArray());
                v.LegendText = "validation";
            }
            string reading = $"{name} per epoch (epochs counted from 1), training vs validation.";
            if (bestLoss is { } bl)
            {
                var line = plt.Add.VerticalLine(bl + 1);
                line.LegendText = $"best val_loss (epoch {bl + 1})";
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.Gray;
            }
            if (bestMonitor is { } bm)
            {
                var line = plt.Add.VerticalLine(bm.Epoch + 1);
                line.LegendText = $"best {bm.Key} (epoch {bm.Epoch + 1})";
                line.LinePattern = LinePattern.Dotted;
                line.Color = Colors.Black;
                if (bestLoss is { } bl2)
                    reading += bl2 == bm.Epoch
                        ? $" Loss and {bm.Key} agree on epoch {bm.Epoch + 1}."
                        : $" The best epoch by val_loss ({bl2 + 1}) is not the best by {bm.Key} ({bm.Epoch + 1}): the loss steers, the metric judges.";
            }
            IntegerTicks(plt.Axes.Bottom, train.Count);
            plt.Axes.SetLimitsX(0.5, train.Count + 0.5);
            plt.Title(name);
            plt.XLabel("epoch");
            plt.YLabel(name);
            plt.ShowLegend(Edge.Bottom); // outside: the tails of the curves, where the best epochs are, stay visible
            plt.Legend.Orientation = Orientation.Horizontal;
            yield return new Figure(plt, $"curve_{Safe(name)}.png", $"Learning curve: {name}", reading);
        }
    }

    /// <summary>Ticks on whole numbers only (1, 2, 5, 10… apart) from 1 to <paramref name="count"/>.</summary>
    private static void IntegerTicks(IAxis axis, int count)
    {
        int step = 1;
        foreach (int s in new[] { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000 }) { step = s; if (count / s <= 10) break; }
        var ticks = new List<double>();
        for (int e = step == 1 ? 1 : step; e <= count; e += step) ticks.Add(e);
        if (step > 1) ticks.Insert(0, 1);
        axis.SetTicks([.. ticks], [.. ticks.Select(t => t.ToString(CultureInfo.InvariantCulture))]);
    }

    private static Figure ClassBalance(string[] classes, double[] counts, string rows)
    {
        var plt = NewPlot();
        plt.Add.Bars(counts);
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, classes.Length).Select(i => (double)i).ToArray(), classes);
        plt.Axes.SetLimits(-0.6, classes.Length - 0.4, 0, Math.Max(1, counts.Max()) * 1.1); // counts start at 0
        plt.Title("Class balance");
        plt.YLabel("samples");
        double total = counts.Sum();
        double min = counts.Min();
        string reading = $"{total:0} samples{rows}; the rarest class is {min / total:P2} of them" +
                         (min / total < 0.1 ? " — accuracy alone will look good for a model that ignores it." : ".");
        return new Figure(plt, "class_balance.png", "Class balance", reading);
    }

    private static Figure Roc(IReadOnlyList<ThresholdPoint> points, double pos, double neg, double auc, string rows)
    {
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        foreach (var p in points) { fpr.Add(p.FalsePositives / neg); tpr.Add(p.TruePositives / pos); }
        var plt = NewPlot();
        var diag = plt.Add.Line(0, 0, 1, 1);
        diag.LinePattern = LinePattern.Dashed;
        diag.Color = Colors.Gray;
        diag.LegendText = "chance (AUC 0.5)";
        var c = plt.Add.Scatter(fpr.ToArray(), tpr.ToArray());
        c.MarkerSize = 0;
        c.LineWidth = 2;
        c.LegendText = $"model (AUC {Fmt(auc)})";
        UnitSquare(plt);
        plt.Title("ROC curve");
        plt.XLabel("false positive rate");
        plt.YLabel("true positive rate");
        LegendInEmptiestCorner(plt, [(fpr.ToArray(), tpr.ToArray()), ([0, 1], [0, 1])]);
        return new Figure(plt, "roc.png", "ROC curve with the chance diagonal",
            $"ROC-AUC {Fmt(auc)}{rows}: the chance that a random positive scores above a random negative. It ignores the class balance; read the PR curve next to it.");
    }

    private static Figure PrecisionRecall(IReadOnlyList<ThresholdPoint> points, double prevalence, double ap, string rows)
    {
        var rec = new List<double> { 0 };
        var prec = new List<double> { 1 };
        foreach (var p in points)
        {
            // A vertical step at each recall, as the curve is drawn (StepVertical).
            rec.Add(p.Recall);
            prec.Add(p.Precision);
        }
        var plt = NewPlot();
        var baseLine = plt.Add.HorizontalLine(prevalence);
        baseLine.LinePattern = LinePattern.Dashed;
        baseLine.Color = Colors.Gray;
        baseLine.LegendText = $"baseline = prevalence {Fmt(prevalence)}";
        var c = plt.Add.Scatter(rec.ToArray(), prec.ToArray());
        c.ConnectStyle = ConnectStyle.StepVertical;
        c.MarkerSize = 0;
        c.LineWidth = 2;
        c.LegendText = $"model (AP {Fmt(ap)})";
        UnitSquare(plt);
        plt.Title("Precision–recall curve");
        plt.XLabel("recall");
        plt.YLabel("precision");
        LegendInEmptiestCorner(plt, [(Steps(rec, prec), StepsY(rec, prec)), ([0, 1], [prevalence, prevalence])]);
        return new Figure(plt, "pr.png", "Precision–recall curve with the prevalence baseline",
            $"Average precision {Fmt(ap)}{rows} against a no-skill baseline of {Fmt(prevalence)} (the positive rate), {(ap / Math.Max(prevalence, 1e-12)):0.#}× the baseline.");
    }

    private static double[] Steps(List<double> x, List<double> y) => [.. Enumerable.Range(0, x.Count).SelectMany(i => i == 0 ? [x[0]] : new[] { x[i - 1], x[i] })];
    private static double[] StepsY(List<double> x, List<double> y) => [.. Enumerable.Range(0, y.Count).SelectMany(i => i == 0 ? [y[0]] : new[] { y[i], y[i] })];

    private static Figure ThresholdCurves(IReadOnlyList<ThresholdPoint> points, BinaryAtThreshold at, string by, string rows)
    {
        var ordered = points.OrderBy(p => p.Threshold).ToList();
        double[] t = ordered.Select(p => p.Threshold).ToArray();
        var plt = NewPlot();
        foreach (var (label, f) in new (string, Func<ThresholdPoint, double>)[] { ("precision", p => p.Precision), ("recall", p => p.Recall), ("F1", p => p.F1) })
        {
            var s = plt.Add.Scatter(t, ordered.Select(f).ToArray());
            s.MarkerSize = 0;
            s.LineWidth = 2;
            s.ConnectStyle = ConnectStyle.StepHorizontal; // the values hold from one score to the next
            s.LegendText = label;
        }
        var v = plt.Add.VerticalLine(at.Threshold);
        v.LinePattern = LinePattern.Dashed;
        v.Color = Colors.Black;
        v.LegendText = $"threshold {Fmt(at.Threshold)}";
        if (at.Threshold != 0.5)
        {
            var d = plt.Add.VerticalLine(0.5);
            d.LinePattern = LinePattern.Dotted;
            d.Color = Colors.Gray;
            d.LegendText = "0.5";
        }
        double lo = Math.Min(0, t.Length == 0 ? 0 : t.Min()), hi = Math.Max(1, t.Length == 0 ? 1 : t.Max());
        plt.Axes.SetLimits(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo), -0.02, 1.04);
        plt.Title("Precision, recall and F1 vs threshold");
        plt.XLabel("threshold (predict positive when score ≥ threshold)");
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.Orientation = Orientation.Horizontal;
        return new Figure(plt, "threshold.png", "Precision, recall and F1 against the decision threshold",
            $"At threshold {Fmt(at.Threshold)}{by}{rows}: precision {Fmt(at.Precision)}, recall {Fmt(at.Recall)}, F1 {Fmt(at.F1)}.");
    }

    private static Figure Confusion2x2(BinaryAtThreshold at, string file, string caption, bool normalize)
    {
        double tp = at.TruePositives, fp = at.FalsePositives, tn = at.TrueNegatives, fn = at.FalseNegatives;
        var fig = ConfusionMatrix([[tn, fp], [fn, tp]], ["0", "1"], file, caption, normalize);
        return fig with
        {
            Reading = normalize
                ? $"At {Fmt(at.Threshold)}: recall {Fmt(at.Recall)} (bottom right) and specificity {Fmt(tn + fp == 0 ? 0 : tn / (tn + fp))} (top left), whatever the class balance."
                : $"At {Fmt(at.Threshold)}: {tp:0} of {tp + fn:0} positives found (recall {Fmt(at.Recall)}), {fp:0} false alarms (precision {Fmt(at.Precision)}), {fn:0} missed.",
        };
    }

    private static Figure ConfusionMatrix(double[][] m, string[] classes, string file, string caption, bool normalize)
    {
        int k = classes.Length;
        double[] rowSums = m.Select(r => r.Sum()).ToArray();
        double Cell(int i, int j) => normalize ? (rowSums[i] == 0 ? 0 : m[i][j] / rowSums[i]) : m[i][j];
        double max = normalize ? 1 : Math.Max(1, m.Max(r => r.Max()));
        var plt = NewPlot();
        Heatmap(plt, k, (i, j) => Cell(i, j) / max,
            (i, j) => normalize ? Cell(i, j).ToString("0.00", CultureInfo.InvariantCulture) + $"\n({m[i][j].ToString("0", CultureInfo.InvariantCulture)})"
                : m[i][j].ToString("0", CultureInfo.InvariantCulture),
            k > 5 ? 11 : 18, classes, classes);
        plt.XLabel("predicted");
        plt.YLabel("true");
        plt.Title(normalize ? "Confusion matrix (row-normalised)" : "Confusion matrix");
        double correct = Enumerable.Range(0, k).Sum(i => m[i][i]), total = m.Sum(r => r.Sum());
        return new Figure(plt, file, caption, $"{correct:0} of {total:0} on the diagonal ({Fmt(total == 0 ? 0 : correct / total)} accuracy).");
    }

    /// <summary>
    /// A k×k matrix as cells (row 0 at the top) coloured by <paramref name="shade"/> (0…1) on a light-to-dark sequential
    /// map, each with its <paramref name="label"/> (null: none) in black or white, whichever contrasts; the rows and
    /// columns named on the axes when names are given.
    /// </summary>
    internal static void Heatmap(Plot plt, int k, Func<int, int, double> shade, Func<int, int, string?> label, float fontSize,
        string[]? columns, string[]? rows)
    {
        var colormap = new SequentialBlues();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                var color = colormap.GetColor(shade(i, j));
                var rect = plt.Add.Rectangle(j - 0.5, j + 0.5, k - 1 - i - 0.5, k - 1 - i + 0.5);
                rect.FillColor = color;
                rect.LineColor = Colors.White;
                if (label(i, j) is not { } text) continue;
                var txt = plt.Add.Text(text, j, k - 1 - i);
                txt.LabelFontSize = fontSize;
                txt.LabelAlignment = Alignment.MiddleCenter;
                txt.LabelFontColor = TextOn(color);
            }
        if (columns is not null && rows is not null)
        {
            double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
            plt.Axes.Bottom.SetTicks(ticks, columns);
            plt.Axes.Left.SetTicks(ticks, rows.Reverse().ToArray());
        }
        plt.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plt.Grid.IsVisible = false;
    }

    /// <summary>
    /// Black or white, whichever contrasts more with <paramref name="background"/> (WCAG contrast ratio): white from
    /// a relative luminance of 0.179 down, where the two ratios are equal.
    /// </summary>
    internal static Color TextOn(Color background) => Luminance(background) < 0.179 ? Colors.White : Colors.Black;

    /// <summary>Relative luminance (sRGB, ITU-R BT.709) in [0, 1].</summary>
    internal static double Luminance(Color c)
    {
        static double Lin(byte v) { double s = v / 255.0; return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4); }
        return 0.2126 * Lin(c.R) + 0.7152 * Lin(c.G) + 0.0722 * Lin(c.B);
    }

    private static Figure Reliability(BinaryPredictions b, string rows)
    {
        const int bins = 10;
        bool probabilities = b.Score.All(s => s is >= 0 and <= 1);
        var calibration = new Calibration(new MetricOptions { FromLogits = !probabilities }, bins);
        calibration.Update(new MetricBatch(b.Target, b.Score));
        var result = (IReadOnlyDictionary<string, object>)calibration.ComputeStructured();
        double[] xs = (double[])result["prob_pred"], ys = (double[])result["prob_true"];
        double ece = (double)result["ece"];
        var plt = NewPlot();
        var diag = plt.Add.Line(0, 0, 1, 1);
        diag.LinePattern = LinePattern.Dashed;
        diag.Color = Colors.Gray;
        diag.LegendText = "perfect calibration";
        var s = plt.Add.Scatter(xs, ys);
        s.LineWidth = 2;
        s.MarkerSize = 7;
        s.LegendText = $"model (ECE {Fmt(ece)})";
        UnitSquare(plt);
        plt.Title("Reliability diagram (10 equal-width bins)");
        plt.XLabel("mean predicted probability");
        plt.YLabel("observed positive rate");
        LegendInEmptiestCorner(plt, [(xs, ys), ([0, 1], [0, 1])]);
        return new Figure(plt, "reliability.png", "Reliability diagram with expected calibration error",
            $"Expected calibration error {Fmt(ece)}{rows}: the average gap between predicted probability and observed frequency, weighted by bin size.");
    }

    private static Figure PredictedVsActual(double[] actual, double[] predicted, string rows)
    {
        var plt = NewPlot();
        var s = plt.Add.ScatterPoints(actual, predicted);
        s.MarkerSize = 4;
        double lo = Math.Min(actual.Min(), predicted.Min()), hi = Math.Max(actual.Max(), predicted.Max());
        var d = plt.Add.Line(lo, lo, hi, hi);
        d.LinePattern = LinePattern.Dashed;
        d.Color = Colors.Gray;
        double pad = 0.03 * Math.Max(hi - lo, 1e-9);
        plt.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad); // same scale on both axes: the diagonal is at 45°
        plt.Title("Predicted vs actual");
        plt.XLabel("actual");
        plt.YLabel("predicted");
        double mae = actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average();
        return new Figure(plt, "predicted_vs_actual.png", "Predicted against actual values", $"Points on the dashed line are exact; mean absolute error {Fmt(mae)}{rows}.");
    }

    private static Figure Residuals(double[] actual, double[] predicted, string rows)
    {
        double[] res = actual.Zip(predicted, (a, p) => a - p).ToArray();
        var plt = NewPlot();
        var s = plt.Add.ScatterPoints(predicted, res);
        s.MarkerSize = 4;
        var zero = plt.Add.HorizontalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Gray;
        plt.Title("Residuals");
        plt.XLabel("predicted");
        plt.YLabel("actual − predicted");
        double mean = res.Average();
        return new Figure(plt, "residuals.png", "Residuals against predictions", $"Mean residual {Fmt(mean)}{rows}; a trend or funnel shape means the errors depend on the prediction.");
    }

    private static Figure NdcgAtK(RankingReading rk, string rows)
    {
        var plt = NewPlot();
        double[] ks = [.. rk.ByK.Select(p => (double)p.K)], v = [.. rk.ByK.Select(p => p.Ndcg)];
        var s = plt.Add.Scatter(ks, v);
        s.LineWidth = 2;
        s.MarkerSize = 6;
        s.LegendText = "NDCG@k";
        var whole = plt.Add.HorizontalLine(rk.WholeList);
        whole.LinePattern = LinePattern.Dashed;
        whole.Color = Colors.Gray;
        whole.LegendText = $"whole list ({Fmt(rk.WholeList)})";
        IntegerTicks(plt.Axes.Bottom, RankingReading.MaxK);
        plt.Axes.SetLimits(0.5, RankingReading.MaxK + 0.5, 0, 1.03); // NDCG lives in [0, 1]
        plt.Title("NDCG@k against the cut-off k");
        plt.XLabel("k (items read from the top of each query's ranking)");
        plt.YLabel("NDCG@k (mean over queries)");
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.Orientation = Orientation.Horizontal;
        return new Figure(plt, "ndcg_at_k.png", $"NDCG@k against k, mean over {rk.Queries} queries{rows}",
            $"NDCG@1 {Fmt(rk.At(1))}, NDCG@5 {Fmt(rk.At(5))}, NDCG@10 {Fmt(rk.At(10))}, NDCG@20 {Fmt(rk.At(20))}; whole list {Fmt(rk.WholeList)}.");
    }

    private static Figure PerQueryNdcg(RankingReading rk, string rows)
    {
        const int bins = 20;
        var counts = new double[bins];
        foreach (double v in rk.PerQuery) counts[Math.Clamp((int)(v * bins), 0, bins - 1)]++;
        var plt = NewPlot();
        var bars = plt.Add.Bars([.. Enumerable.Range(0, bins).Select(i => (i + 0.5) / bins)], counts);
        foreach (var b in bars.Bars) b.Size = 1.0 / bins * 0.9;
        var mean = plt.Add.VerticalLine(rk.Mean);
        mean.LinePattern = LinePattern.Dashed;
        mean.Color = Colors.Black;
        mean.LegendText = $"mean {Fmt(rk.Mean)}";
        plt.Axes.SetLimits(-0.02, 1.02, 0, Math.Max(1, counts.Max()) * 1.1); // counts start at 0
        plt.Title($"Per-query NDCG@{RankingReading.PerQueryK}");
        plt.XLabel($"NDCG@{RankingReading.PerQueryK} of one query (bins of {Fmt(1.0 / bins)})");
        plt.YLabel("queries");
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.Orientation = Orientation.Horizontal;
        int zero = rk.PerQuery.Count(v => v == 0), one = rk.PerQuery.Count(v => v == 1);
        return new Figure(plt, "ndcg_per_query.png", $"Distribution of per-query NDCG@{RankingReading.PerQueryK} over {rk.Queries} queries{rows}",
            $"Mean {Fmt(rk.Mean)}, median {Fmt(rk.Quantile(0.5))}; {zero} queries at 0 (no relevant item in the top {RankingReading.PerQueryK}, or none at all), {one} at 1 (ideal order).");
    }

    /// <summary>[0, 1] on both axes with a small margin, so curves along 0 or 1 are drawn inside the frame, not on it.</summary>
    private static void UnitSquare(Plot plt) => plt.Axes.SetLimits(-0.02, 1.02, -0.02, 1.03);

    /// <summary>
    /// The corner (of the unit square) whose legend-sized box holds the least of the plotted lines, each sampled
    /// every 0.004 units along its length so a line crossing a corner counts as much as the points in it.
    /// Ties go to lower right, then upper left, lower left, upper right.
    /// </summary>
    /// <param name="lines">Polylines in data coordinates.</param>
    /// <param name="legendWidth">Legend width as a fraction of the x range, margin included.</param>
    /// <param name="legendHeight">Legend height as a fraction of the y range, margin included.</param>
    internal static Alignment EmptiestCorner(IReadOnlyList<(double[] X, double[] Y)> lines, double legendWidth, double legendHeight)
    {
        const double lo = -0.05, hi = 1.05;
        var corners = new (Alignment A, double X0, double X1, double Y0, double Y1)[]
        {
            (Alignment.LowerRight, 1 - legendWidth, hi, lo, legendHeight),
            (Alignment.UpperLeft, lo, legendWidth, 1 - legendHeight, hi),
            (Alignment.LowerLeft, lo, legendWidth, lo, legendHeight),
            (Alignment.UpperRight, 1 - legendWidth, hi, 1 - legendHeight, hi),
        };
        var counts = new double[corners.Length];
        void Count(double px, double py)
        {
            for (int c = 0; c < corners.Length; c++)
                if (px >= corners[c].X0 && px <= corners[c].X1 && py >= corners[c].Y0 && py <= corners[c].Y1) counts[c]++;
        }
        foreach (var (x, y) in lines)
        {
            if (x.Length == 1) Count(x[0], y[0]);
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double length = Math.Sqrt((x[i + 1] - x[i]) * (x[i + 1] - x[i]) + (y[i + 1] - y[i]) * (y[i + 1] - y[i]));
                int steps = Math.Max(1, (int)Math.Ceiling(length / 0.004));
                for (int s = 0; s <= steps; s++)
                {
                    double f = (double)s / steps;
                    Count(x[i] + f * (x[i + 1] - x[i]), y[i] + f * (y[i + 1] - y[i]));
                }
            }
        }
        int best = 0;
        for (int c = 1; c < corners.Length; c++) if (counts[c] < counts[best]) best = c;
        return corners[best].A;
    }

    /// <summary>Shows the legend in <see cref="EmptiestCorner"/> for its rendered size on a unit-square plot.</summary>
    private static void LegendInEmptiestCorner(Plot plt, IReadOnlyList<(double[] X, double[] Y)> lines)
    {
        plt.ShowLegend();
        var legend = plt.GetLegendImage();
        // The data area is the image less the axes and title (about 80 px each way); 0.06 adds the legend's margin.
        double w = legend.Width / (double)(Width - 80) + 0.06, h = legend.Height / (double)(Height - 80) + 0.06;
        plt.ShowLegend(EmptiestCorner(lines, Math.Min(w, 1), Math.Min(h, 1)));
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));

    internal static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>A light-to-dark sequential blue colormap (the end points of matplotlib's "Blues"): more is darker.</summary>
internal sealed class SequentialBlues : IColormap
{
    private static readonly Color[] Stops =
    [
        Color.FromHex("#f7fbff"), Color.FromHex("#c6dbef"), Color.FromHex("#6baed6"), Color.FromHex("#2171b5"), Color.FromHex("#08306b"),
    ];

    /// <inheritdoc/>
    public string Name => "sequential blues";

    /// <inheritdoc/>
    public Color GetColor(double position)
    {
        double p = Math.Clamp(double.IsFinite(position) ? position : 0, 0, 1) * (Stops.Length - 1);
        int i = Math.Min((int)p, Stops.Length - 2);
        double f = p - i;
        Color a = Stops[i], b = Stops[i + 1];
        return new Color((byte)Math.Round(a.R + f * (b.R - a.R)), (byte)Math.Round(a.G + f * (b.G - a.G)), (byte)Math.Round(a.B + f * (b.B - a.B)));
    }
}
