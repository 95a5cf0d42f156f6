using Plumb.Cli.Reports;
using ScottPlot;
using SkiaSharp;

namespace Plumb.Cli.Tests;

/// <summary>Pixel checks of the report's plot style on fixed data.</summary>
public class ReportPlotTests
{
    /// <summary>
    /// Pixels where the legend changed a pixel that the data drew: renders with data and legend (A), data without
    /// legend (B) and neither (C) at the same axis limits; overlap = (A ≠ B) ∧ (B ≠ C).
    /// </summary>
    private static int LegendOverDataPixels(Plot plt)
    {
        using var a = Pixels(plt);
        plt.Legend.IsVisible = false;
        using var b = Pixels(plt);
        var shown = plt.GetPlottables().Where(p => p.IsVisible).ToList();
        foreach (var p in shown) p.IsVisible = false;
        using var c = Pixels(plt);
        foreach (var p in shown) p.IsVisible = true;
        plt.Legend.IsVisible = true;
        int overlap = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y) && b.GetPixel(x, y) != c.GetPixel(x, y)) overlap++;
        return overlap;
    }

    private static SKBitmap Pixels(Plot plt)
    {
        plt.Axes.AutoScaleExpand(); // no-op when limits are set; keeps the three renders on the same axes otherwise
        return SKBitmap.Decode(plt.GetImageBytes(Plots.Width, Plots.Height, ImageFormat.Png));
    }

    /// <summary>Fixed binary predictions: <paramref name="n"/> rows, positive rate <paramref name="prevalence"/>, separation <paramref name="gap"/>.</summary>
    private static BinaryPredictions Data(int n, double prevalence, double gap, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < prevalence ? 1 : 0;
            double z = (y[i] == 1 ? gap : -gap) + rng.NextDouble() * 2 - 1 + rng.NextDouble() * 2 - 1;
            p[i] = 1 / (1 + Math.Exp(-z));
        }
        return new BinaryPredictions(y, p, 0.5, "test");
    }

    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "roc.png", 500, 0.37, 3.0 },          // near-perfect ROC: the curve runs along the top and left edges
        { "roc.png", 500, 0.37, 0.3 },          // weak model: curve close to the diagonal
        { "pr.png", 500, 0.37, 3.0 },
        { "pr.png", 2000, 0.02, 1.0 },          // rare positives: low baseline, precision falls early
        { "reliability.png", 500, 0.37, 1.0 },
        { "reliability.png", 500, 0.37, 3.0 },  // over-confident: points far from the diagonal
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Legends_do_not_cover_plotted_data(string file, int n, double prevalence, double gap)
    {
        var figure = Plots.Figures(new ReportData { Title = "t", Binary = Data(n, prevalence, gap, seed: 7) }).Single(f => f.FileName == file);
        if (Environment.GetEnvironmentVariable("PLUMB_PLOT_DUMP") is { } d) File.WriteAllBytes(Path.Combine(d, $"{n}_{gap}_{file}"), figure.Render().Png);
        Assert.Equal(0, LegendOverDataPixels(figure.Plot));
    }

    [Fact]
    public void The_overlap_check_sees_a_legend_placed_on_the_data()
    {
        // Negative control: a near-perfect ROC curve runs through the upper-left corner.
        var figure = Plots.Figures(new ReportData { Title = "t", Binary = Data(500, 0.37, 3.0, seed: 7) }).Single(f => f.FileName == "roc.png");
        figure.Plot.ShowLegend(Alignment.UpperLeft);
        Assert.True(LegendOverDataPixels(figure.Plot) > 100);
    }

    [Fact]
    public void Epoch_axes_tick_whole_numbers_only()
    {
        var h = new Dictionary<string, IReadOnlyList<double>> { ["loss"] = [0.9, 0.5, 0.4], ["val_loss"] = [1.0, 0.6, 0.5] };
        var plt = Plots.Figures(new ReportData { Title = "t", History = h }).Single().Plot;
        plt.GetImageBytes(Plots.Width, Plots.Height, ImageFormat.Png);
        var ticks = plt.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToArray();
        Assert.Equal([1.0, 2.0, 3.0], ticks);
    }

    [Fact]
    public void Class_balance_counts_start_at_zero()
    {
        var figure = Plots.Figures(new ReportData { Title = "t", Binary = Data(100, 0.3, 1, seed: 1) }).Single(f => f.FileName == "class_balance.png");
        figure.Plot.GetImageBytes(Plots.Width, Plots.Height, ImageFormat.Png);
        Assert.Equal(0, figure.Plot.Axes.GetLimits().Bottom);
    }

    [Theory]
    [InlineData("#f7fbff", "#000000")] // lightest cell: black text
    [InlineData("#6baed6", "#000000")] // mid blue, luminance 0.38: black contrasts more (8.6 vs 2.4)
    [InlineData("#08306b", "#FFFFFF")] // darkest cell: white text
    public void Confusion_cell_text_takes_the_colour_that_contrasts_more(string cell, string text)
    {
        Assert.Equal(Color.FromHex(text), Plots.TextOn(Color.FromHex(cell)));
    }
}
