using System.Globalization;
using Plumb.Cli.Commands;
using Plumb.Metrics.Detection;
using ScottPlot;

namespace Plumb.Cli.Reports;

/// <summary>
/// The plots of <c>plumb eval-detection --report</c> in the report's style (<see cref="Plots"/>): precision–recall
/// curves, TIDE's error bars and the detection confusion matrix. Every number in a reading is read from the same
/// <see cref="EvalDetectionCommand.DetectionOutcome"/> that <c>--json</c> prints.
/// </summary>
internal static class DetectionPlots
{
    /// <summary>Classes drawn besides the all-class curve: this many best and this many worst by AP.</summary>
    internal const int ShownEachWay = 3;

    /// <summary>All detection figures, unrendered.</summary>
    public static IEnumerable<Figure> Figures(EvalDetectionCommand.DetectionOutcome o)
    {
        yield return PrecisionRecall(o);
        if (o.Tide is { } t) yield return TideBars(t);
        if (o.Confusion is { } c) yield return Confusion(o, c);
    }

    /// <summary>Category indices with a defined AP, best first (ties in category order).</summary>
    internal static int[] RankedClasses(DetectionResult r) =>
        [.. Enumerable.Range(0, r.CategoryIds.Count).Where(k => Defined(r, k)).OrderByDescending(k => r.PerClassAp[k]).ThenBy(k => k)];

    /// <summary>Whether class k counts in the protocol's mean: COCO AP &gt; −1, VOC not NaN, darknet every class.</summary>
    private static bool Defined(DetectionResult r, int k) =>
        r.Protocol == DetectionProtocol.Coco ? r.PerClassAp[k] > -1 : !double.IsNaN(r.PerClassAp[k]);

    /// <summary>The classes drawn: the best and worst few by AP (each once).</summary>
    internal static int[] ShownClasses(DetectionResult r)
    {
        var ranked = RankedClasses(r);
        var shown = new List<int>();
        for (int i = 0; i < ranked.Length; i++)
            if (i < ShownEachWay || i >= Math.Max(ShownEachWay, ranked.Length - ShownEachWay)) shown.Add(ranked[i]);
        return [.. shown];
    }

    /// <summary>Precision at the 101 recall points: COCO's array at IoU .5, else the class's curve made monotone and sampled (first index with recall ≥ r, 0 past the end).</summary>
    internal static double[] Curve101(DetectionResult r, int k)
    {
        if (r.Coco is { } coco) return coco.PrecisionCurve(k, 0);
        double[] prec = [.. r.PrecisionCurves![k]], rec = r.RecallCurves![k];
        for (int i = prec.Length - 1; i > 0; i--) if (prec[i] > prec[i - 1]) prec[i - 1] = prec[i];
        var y = new double[101];
        int c = 0;
        for (int j = 0; j <= 100; j++)
        {
            while (c < rec.Length && rec[c] < j / 100.0) c++;
            y[j] = c < rec.Length ? prec[c] : 0;
        }
        return y;
    }

    private static Figure PrecisionRecall(EvalDetectionCommand.DetectionOutcome o)
    {
        var r = o.Result;
        var ranked = RankedClasses(r);
        string iou = r.Protocol == DetectionProtocol.Coco ? "0.5" : Plots.Fmt(o.Iou);
        double[] xs = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var plt = Plots.NewPlot();
        var lines = new List<(double[], double[])>();
        if (ranked.Length > 0)
        {
            var mean = new double[101];
            foreach (int k in ranked)
            {
                var c = Curve101(r, k);
                for (int j = 0; j < 101; j++) mean[j] += c[j] / ranked.Length;
            }
            var all = plt.Add.Scatter(xs, mean);
            all.MarkerSize = 0;
            all.LineWidth = 3;
            all.Color = Colors.Black;
            all.LegendText = $"mean of the classes (mAP@{iou} {Plots.Fmt(r.Summary["map_50"])})";
            lines.Add((xs, mean));
        }
        foreach (int k in ShownClasses(r))
        {
            var c = Curve101(r, k);
            var s = plt.Add.Scatter(xs, c);
            s.MarkerSize = 0;
            s.LineWidth = 1.5f;
            s.LegendText = $"{o.Name(k)} ({(r.Protocol == DetectionProtocol.Coco ? "AP@[.50:.95]" : "AP")} {Plots.Fmt(r.PerClassAp[k])})";
            lines.Add((xs, c));
        }
        plt.Axes.SetLimits(-0.02, 1.02, -0.02, 1.03);
        plt.Title($"Precision–recall at IoU {iou}");
        plt.XLabel("recall");
        plt.YLabel("precision (interpolated)");
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.Orientation = Orientation.Horizontal;
        string apName = r.Protocol == DetectionProtocol.Coco ? "AP@[.50:.95]" : "AP";
        string reading = ranked.Length == 0
            ? "No class has ground truth: precision and recall are undefined."
            : $"mAP@{iou} {Plots.Fmt(r.Summary["map_50"])} over {ranked.Length} class{(ranked.Length == 1 ? "" : "es")}; drawn: the {Math.Min(ShownEachWay, ranked.Length)} best and {Math.Max(0, Math.Min(ShownEachWay, ranked.Length - ShownEachWay))} worst by {apName} " +
              $"({string.Join(", ", ShownClasses(r).Select(k => $"{o.Name(k)} {Plots.Fmt(r.PerClassAp[k])}"))}).";
        return new Figure(plt, "pr_curves.png", $"Precision–recall curves at IoU {iou}: the mean of the classes and the best and worst ({r.Protocol.ToString().ToLowerInvariant()} protocol)", reading);
    }

    private static readonly string[] TideLabels = ["classification", "localisation", "both (cls + loc)", "duplicate", "background", "missed"];

    private static Figure TideBars(TideResult t)
    {
        var plt = Plots.NewPlot();
        var names = TideLabels.Concat(["all false positives", "all false negatives"]).ToArray();
        double[] values = [.. Enumerable.Range(0, 6).Select(k => t.DeltaAp[(TideErrorKind)k]), t.FalsePositiveDeltaAp, t.FalseNegativeDeltaAp];
        var bars = new List<Bar>();
        for (int i = 0; i < values.Length; i++)
        {
            double pos = values.Length - 1 - i; // first at the top
            bars.Add(new Bar { Position = pos, Value = values[i], FillColor = i < 6 ? Color.FromHex("#2171b5") : Color.FromHex("#9ecae1"), Label = Plots.Fmt(values[i]) });
        }
        var bp = plt.Add.Bars(bars);
        bp.Horizontal = true;
        bp.ValueLabelStyle.FontName = Plots.SansFont;
        plt.Axes.Left.SetTicks([.. Enumerable.Range(0, values.Length).Select(i => (double)(values.Length - 1 - i))], names);
        double max = Math.Max(0.01, values.Where(double.IsFinite).DefaultIfEmpty(0).Max());
        plt.Axes.SetLimits(0, max * 1.2, -0.6, values.Length - 0.4);
        plt.Title($"TIDE: ΔAP@{Plots.Fmt(t.ForegroundIou)} of fixing each error type");
        plt.XLabel("ΔAP (AP gained if every error of the type were fixed)");
        int worst = Enumerable.Range(0, 6).OrderByDescending(k => t.DeltaAp[(TideErrorKind)k]).ThenBy(k => k).First();
        string reading = $"TIDE AP@{Plots.Fmt(t.ForegroundIou)} {Plots.Fmt(t.Ap)} (background IoU {Plots.Fmt(t.BackgroundIou)}). " +
            $"Fixing {TideLabels[worst]} errors would add the most: +{Plots.Fmt(t.DeltaAp[(TideErrorKind)worst])} ({t.Counts[(TideErrorKind)worst]} errors). " +
            string.Join(", ", Enumerable.Range(0, 6).Select(k => $"{TideResult.ShortNames[k]} +{Plots.Fmt(t.DeltaAp[(TideErrorKind)k])} ({t.Counts[(TideErrorKind)k]})")) + ".";
        return new Figure(plt, "tide.png", "TIDE error breakdown: what fixing each error type would add (dark: main errors, light: all false positives / negatives)", reading);
    }

    private static Figure Confusion(EvalDetectionCommand.DetectionOutcome o, DetectionConfusion c)
    {
        int n = c.Size, K = n - 1;
        var rows = o.ConfusionRowNames();
        var cols = o.ConfusionColumnNames();
        double max = 1;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) max = Math.Max(max, c[i, j]);
        var plt = Plots.NewPlot();
        bool text = n <= 16;
        Plots.Heatmap(plt, n, (i, j) => c[i, j] / max,
            (i, j) => !text || (i == K && j == K) ? null : c[i, j].ToString(CultureInfo.InvariantCulture),
            n > 6 ? 11 : 16, n <= 30 ? cols : null, n <= 30 ? rows : null);
        plt.XLabel("predicted class (last: missed)");
        plt.YLabel("ground truth (last: background)");
        plt.Title("Detection confusion matrix");
        long correct = 0, confused = 0, missed = 0, background = 0;
        for (int i = 0; i < K; i++)
        {
            for (int j = 0; j < K; j++) { if (i == j) correct += c[i, j]; else confused += c[i, j]; }
            missed += c[i, K];
        }
        for (int j = 0; j < K; j++) background += c[K, j];
        string reading = $"Of {correct + confused + missed} objects, {correct} found with the right class, {confused} with another class, {missed} missed; " +
                         $"{background} detections on background (match: IoU > {Plots.Fmt(c.IouThreshold)}, detections with score > {Plots.Fmt(c.ConfidenceThreshold)}).";
        return new Figure(plt, "detection_confusion.png",
            $"Confusion matrix: rows ground truth + background, columns predicted + missed, at IoU > {Plots.Fmt(c.IouThreshold)} and score > {Plots.Fmt(c.ConfidenceThreshold)}", reading);
    }
}
