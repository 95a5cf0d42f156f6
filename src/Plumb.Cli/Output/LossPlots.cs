using Plumb.IO;
using Plumb.Losses;
using ScottPlot;

namespace Plumb.Cli.Output;

/// <summary>Draws loss curves with ScottPlot and writes the PNG atomically (temporary file, then rename).</summary>
internal static class LossPlots
{
    public static void Write(string path, string title, string xLabel, IReadOnlyList<LossCurve> curves)
    {
        var plot = new Plot();
        double lo = 0, hi = 0;
        foreach (LossCurve c in curves)
        {
            double[] y = [.. c.Y.Select(v => double.IsFinite(v) ? v : double.NaN)];
            lo = Math.Min(lo, y.Where(double.IsFinite).DefaultIfEmpty(0).Min());
            hi = Math.Max(hi, y.Where(double.IsFinite).DefaultIfEmpty(1).Max());
            var line = plot.Add.ScatterLine(c.X, y);
            line.LineWidth = 2;
            if (curves.Count > 1) line.LegendText = c.Name;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("loss");
        if (curves.Count > 1) plot.ShowLegend(Alignment.UpperCenter);
        // Cut the view at 10: exponential and squared losses leave the picture quickly.
        hi = Math.Min(hi, 10);
        double pad = 0.05 * Math.Max(hi - lo, 1e-9);
        plot.Axes.SetLimitsY(Math.Max(lo, -10) - pad, hi + pad);
        var zero = plot.Add.VerticalLine(0);
        zero.LineColor = Colors.Gray.WithAlpha(0.5);
        byte[] png = plot.GetImageBytes(800, 500, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }
}
