using System.Globalization;
using Parquet.Schema;
using Plumb.Cli.Commands;
using Plumb.Cli.Data;
using Plumb.Metrics;

namespace Plumb.Cli.Tests;

public sealed class TableStreamTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void Numbers_parsed_from_the_buffer_equal_dotnet_parse_bit_for_bit()
    {
        // Reference: double.Parse (invariant culture), on the forms files contain: round-trip, fixed, short
        // decimals, exponents in both cases, leading zeros and signs, integers, long mantissas (slow path).
        var rng = new Random(11);
        var forms = new List<string> { "0", "-0", "+1", "1.", ".5", "00012.50", "1e-07", "1E+22", "2.5e23", "123456789012345678",
            "0.1", "0.2", "0.30000000000000004", "9007199254740993", "1e-400", "4.9e-324", "1.7976931348623157e308" };
        for (int i = 0; i < 20000; i++)
        {
            double v = rng.NextDouble() * Math.Pow(10, rng.Next(-30, 30)) * (rng.Next(2) == 0 ? 1 : -1);
            forms.Add(R(v));
            forms.Add(v.ToString("G6", CultureInfo.InvariantCulture));
            forms.Add(v.ToString("F" + rng.Next(0, 12), CultureInfo.InvariantCulture));
            forms.Add(v.ToString("e" + rng.Next(0, 17), CultureInfo.InvariantCulture));
            forms.Add(((float)v).ToString("R", CultureInfo.InvariantCulture));
        }
        foreach (string s in forms)
        {
            Assert.True(NumberText.TryParse(s, out double got), s);
            double want = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(want) == BitConverter.DoubleToInt64Bits(got), $"{s}: {R(got)} != {R(want)}");
        }
        Assert.True(NumberText.TryParse(" 0.5 ", out double padded) && padded == 0.5);
        Assert.True(NumberText.TryParse("NaN", out double nan) && double.IsNaN(nan));
        Assert.True(NumberText.TryParse("-inf", out double ninf) && double.IsNegativeInfinity(ninf));
        foreach (string bad in new[] { "1,5", "high", "", "-", ".", "1e", "1e+", "0x10", "1.2.3" })
            Assert.False(NumberText.TryParse(bad, out _), bad);
    }

    [Fact]
    public void A_numeric_column_with_one_bad_cell_is_an_error_naming_its_row_and_value_never_text()
    {
        // The header is line 1, so the '1,5' written on the file's 4th line is row 4.
        string path = _files.Text("x.csv", "y,x", "1,0.5", "0,2", "1,\"1,5\"", "0,high");
        using var s = TableStream.Open(path);
        s.Select(["x"]);
        var e = Assert.Throws<UsageException>(() => s.Read(s.NewBatch()));
        Assert.Equal($"{path}: row 4, column 'x': value '1,5' is not a number", e.Message);

        // Opt-in: bad cells become missing and are counted.
        using var lenient = TableStream.Open(path, badNumbersAsMissing: true);
        lenient.Select(["x"]);
        var b = lenient.NewBatch();
        Assert.True(lenient.Read(b));
        Assert.Equal(4, b.Count);
        Assert.Equal([false, false, true, true], b.Missing[0].Take(4));
        Assert.Equal(2, lenient.BadNumbers[0]);
        Assert.Equal([2L, 3, 4, 5], b.RowNumbers.Take(4));
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted_in_row_numbers_across_batches()
    {
        string path = _files.Text("b.csv", "y", "1", "", "2", "3", "", "4", "5");
        using var s = TableStream.Open(path);
        s.Select(["y"]);
        var rows = new List<long>();
        var values = new List<double>();
        foreach (var b in s.Batches(rows: 2))
        {
            Assert.InRange(b.Count, 1, 2);
            rows.AddRange(b.RowNumbers.Take(b.Count));
            values.AddRange(b.Values[0].Take(b.Count));
        }
        Assert.Equal([2L, 4, 5, 7, 8], rows);
        Assert.Equal([1.0, 2, 3, 4, 5], values);
    }

    [Fact]
    public void Parquet_streams_row_group_by_row_group_with_continuing_row_numbers()
    {
        var y = new DataField<int>("y");
        var p = new DataField<double?>("p");
        string path = _files.Parquet("g.parquet", new ParquetSchema(y, p),
            async rg => { await rg.WriteAsync<int>(y, new[] { 1, 0 }); await rg.WriteAsync<double>(p, new double?[] { 0.9, null }); },
            async rg => { await rg.WriteAsync<int>(y, new[] { 0 }); await rg.WriteAsync<double>(p, new double?[] { 0.2 }); },
            async rg => { await rg.WriteAsync<int>(y, new[] { 1, 1, 0 }); await rg.WriteAsync<double>(p, new double?[] { 0.7, 0.4, 0.1 }); });
        using var s = TableStream.Open(path);
        s.Select(["p", "y"]);
        var counts = new List<int>();
        var rows = new List<long>();
        var missing = new List<bool>();
        foreach (var b in s.Batches(background: false))
        {
            counts.Add(b.Count);
            rows.AddRange(b.RowNumbers.Take(b.Count));
            missing.AddRange(b.Missing[0].Take(b.Count));
        }
        Assert.Equal([2, 1, 3], counts);
        Assert.Equal([1L, 2, 3, 4, 5, 6], rows);
        Assert.Equal([false, true, false, false, false, false], missing);
    }

    [Fact]
    public void Parquet_row_groups_larger_than_a_batch_are_handed_out_in_batches()
    {
        var y = new DataField<int>("y");
        var p = new DataField<double?>("p");
        string path = _files.Parquet("b.parquet", new ParquetSchema(y, p),
            async rg => { await rg.WriteAsync<int>(y, new[] { 1, 0, 1, 1, 0 }); await rg.WriteAsync<double>(p, new double?[] { 0.9, null, 0.8, 0.7, 0.1 }); },
            async rg => { await rg.WriteAsync<int>(y, new[] { 0, 1, 0 }); await rg.WriteAsync<double>(p, new double?[] { 0.2, 0.6, null }); });
        using var s = TableStream.Open(path);
        s.Select(["p", "y"]);
        var counts = new List<int>();
        var rows = new List<long>();
        var values = new List<double>();
        var missing = new List<bool>();
        var progress = new List<double>();
        foreach (var b in s.Batches(2, background: false))
        {
            progress.Add(s.Progress);
            counts.Add(b.Count);
            rows.AddRange(b.RowNumbers.Take(b.Count));
            values.AddRange(b.Values[1].Take(b.Count));
            missing.AddRange(b.Missing[0].Take(b.Count));
        }
        Assert.Equal([2, 2, 1, 2, 1], counts);
        Assert.Equal([2 / 8.0, 4 / 8.0, 5 / 8.0, 7 / 8.0, 1], progress); // rows read of the footer's row count
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], rows);
        Assert.Equal([1.0, 0, 1, 1, 0, 0, 1, 0], values);
        Assert.Equal([false, true, false, false, false, false, false, true], missing);
    }

    [Fact]
    public void Streaming_in_small_batches_gives_the_whole_file_values_csv_and_parquet()
    {
        var rng = new Random(5);
        int n = 1000;
        var yv = new int[n];
        var pv = new double[n];
        for (int i = 0; i < n; i++)
        {
            pv[i] = Math.Round(rng.NextDouble(), rng.Next(1, 4)); // ties
            yv[i] = rng.NextDouble() < pv[i] ? 1 : 0;
        }
        string csv = _files.Text("s.csv", ["y,p", .. Enumerable.Range(0, n).Select(i => $"{yv[i]},{R(pv[i])}")]);
        var yf = new DataField<int>("y");
        var pf = new DataField<double>("p");
        string parquet = _files.Parquet("s.parquet", new ParquetSchema(yf, pf),
            [.. Enumerable.Range(0, 7).Select(g => (Func<Parquet.ParquetRowGroupWriter, Task>)(async rg =>
            {
                int lo = g * n / 7, hi = (g + 1) * n / 7;
                await rg.WriteAsync<int>(yf, yv[lo..hi]);
                await rg.WriteAsync<double>(pf, pv[lo..hi]);
            }))]);
        string[] specs = ["roc_auc", "pr_auc", "log_loss", "f1", "accuracy"];
        var whole = specs.Select(spec => OneBatch(spec, [.. yv.Select(v => (double)v)], pv)).ToArray();
        foreach (string file in new[] { csv, parquet })
            foreach (int rows in new[] { 1, 3, 64, 100000 })
                for (int m = 0; m < specs.Length; m++)
                {
                    var metric = MetricRegistry.Create(specs[m], new MetricOptions { Task = MetricTask.Binary });
                    using var s = TableStream.Open(file);
                    s.Select(["y", "p"]);
                    foreach (var b in s.Batches(rows)) metric.Update(new MetricBatch(b.Values[0].AsSpan(0, b.Count), b.Values[1].AsSpan(0, b.Count)));
                    double got = metric.Compute();
                    if (specs[m] == "log_loss") Assert.Equal(whole[m], got, 1e-14); // a sum: per-batch partial sums round differently
                    else Assert.True(BitConverter.DoubleToInt64Bits(whole[m]) == BitConverter.DoubleToInt64Bits(got), $"{file} {rows} {specs[m]}");
                }

        // Exact ranking and count metrics are bit-identical for any batching; log_loss sums per batch, so it
        // agrees to rounding. The command gives the same values from either format.
        var fromCsv = EvalCommand.Evaluate(Request(csv, specs));
        var fromParquet = EvalCommand.Evaluate(Request(parquet, specs));
        for (int m = 0; m < specs.Length; m++)
        {
            Assert.Equal(whole[m], (double)fromCsv.Results[m].Value, 1e-14);
            Assert.Equal(whole[m], (double)fromParquet.Results[m].Value, 1e-14); // 7 row groups = 7 batches
        }
    }

    private static double OneBatch(string spec, double[] y, double[] p)
    {
        var metric = MetricRegistry.Create(spec, new MetricOptions { Task = MetricTask.Binary });
        metric.Update(new MetricBatch(y, p));
        return metric.Compute();
    }

    private static EvalCommand.EvalRequest Request(string data, string[] metrics, bool dropMissing = false) =>
        new(data, ["y"], ["p"], MetricTask.Binary, metrics, null, 0.5, null, false, false, dropMissing);

    [Fact]
    public void Eval_labels_compare_by_value_so_1_and_1_point_0_are_one_class()
    {
        // accuracy_score([1,1,0,0], [1,1,0,1]) = 0.75 and roc_auc_score([1,1,0,0], [0.9,0.8,0.3,0.6]) = 1.0 (hand).
        string path = _files.Text("v.csv", "y,p", "1,0.9", "1.0,0.8", "0,0.3", "0.0,0.6");
        var e = EvalCommand.Evaluate(Request(path, ["accuracy", "roc_auc"]));
        Assert.Equal(0.75, (double)e.Results[0].Value);
        Assert.Equal(1.0, (double)e.Results[1].Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nan")]
    public void Eval_missing_target_is_an_error_naming_the_row_or_dropped_and_stated(string cell)
    {
        string path = _files.Text("m.csv", "y,p", "1,0.9", $"{cell},0.8", "0,0.3", "0,0.6");
        var e = Assert.Throws<UsageException>(() => EvalCommand.Evaluate(Request(path, ["accuracy"])));
        Assert.StartsWith($"{path}: row 3, column 'y': ", e.Message);
        // Dropped: accuracy_score([1,0,0], [1,0,1]) = 2/3 (hand).
        var dropped = EvalCommand.Evaluate(Request(path, ["accuracy"], dropMissing: true));
        Assert.Equal(2.0 / 3, (double)dropped.Results[0].Value, 15);
        Assert.Contains("3 rows", dropped.Caption);
        Assert.Contains("(1 rows with a missing target dropped)", dropped.Caption);
    }
}

public sealed class Float32ScoreTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Certified_float32_text_keeps_the_order_and_distinctness_of_the_float64_values()
    {
        var rng = new Random(3);
        var cells = new List<(double D, float F)>();
        for (int i = 0; i < 50000; i++)
        {
            float f = (float)rng.NextDouble();
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            Assert.True(NumberText.TryParse(text, out double d));
            Assert.True(NumberText.IsFloat32Text(text, d), text);
            Assert.True(NumberText.IsFloat32Double(d), text);
            cells.Add((d, (float)d));
        }
        var sorted = cells.OrderBy(c => c.D).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            Assert.True(sorted[i].F >= sorted[i - 1].F);
            Assert.Equal(sorted[i].D == sorted[i - 1].D, sorted[i].F == sorted[i - 1].F);
        }
        // Not shortest float32 forms: more digits than float32 needs, or a trailing zero.
        foreach (string s in new[] { "0.73105861", "0.123456789012", "1.0", "0.50" })
        {
            Assert.True(NumberText.TryParse(s, out double d));
            Assert.False(NumberText.IsFloat32Text(s, d), s);
        }
    }

    [Fact]
    public void The_arithmetic_certificate_accepts_shortest_float32_text_and_never_two_decimals_for_one_float32()
    {
        // Completeness: the shortest round-trip text of float32s over many magnitudes is certified (ties between
        // two shortest candidates, e.g. 0.35742188 for 0.357421875f, through the formatting check).
        var rng = new Random(11);
        int arithmetic = 0, total = 0;
        var byFloat = new Dictionary<float, double>();
        for (int i = 0; i < 200_000; i++)
        {
            float f = (float)(rng.NextDouble() * Math.Pow(10, rng.Next(-12, 12)));
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            Assert.True(NumberText.TryParse(text, out double d, out bool single), text);
            Assert.True(single, text);
            Assert.True(NumberText.IsFloat32Double(d), text); // the same certificate for the value stored as float64
            total++;
            // Soundness: decimals near f with 6–10 significant digits, each perturbed in its last digit.
            for (int digits = 6; digits <= 10; digits++)
            {
                string g = ((double)f).ToString("E" + (digits - 1), CultureInfo.InvariantCulture);
                int e = g.IndexOf('E');
                long mantissa = long.Parse(g[..e].Replace(".", "").Replace("-", ""), CultureInfo.InvariantCulture);
                int exp = int.Parse(g[(e + 1)..], CultureInfo.InvariantCulture) - (digits - 1);
                for (int delta = -2; delta <= 2; delta++)
                {
                    ulong m = (ulong)(mantissa + delta);
                    string cell = m.ToString(CultureInfo.InvariantCulture) + "E" + exp.ToString(CultureInfo.InvariantCulture);
                    Assert.True(NumberText.TryParse(cell, out double v), cell);
                    if (!NumberText.IsFloat32Decimal(m, exp, v)) continue;
                    arithmetic++;
                    // Accepted: the value is what the float32's shortest text parses to, and the only one for it.
                    Assert.True(NumberText.IsFloat32Double(v), cell);
                    if (byFloat.TryGetValue((float)v, out double seen)) Assert.Equal(seen, v);
                    else byFloat[(float)v] = v;
                }
            }
        }
        Assert.True(arithmetic > total / 2, $"{arithmetic} of {total}");
    }

    [Fact]
    public void A_late_non_float32_score_gives_the_exact_float64_ranking_values()
    {
        // 70,000 rows (two batches): float32 text first, then 0.73105861, which rounds to the same float32 as
        // an earlier 0.7310586 and would tie with it. The values must be those of the float64 scores, so the
        // ranking metrics are fed the whole file again as float64: compared with RocAuc.Binary and
        // AveragePrecision.Binary on the parsed float64 values.
        var rng = new Random(8);
        int n = 70000;
        var y = new double[n];
        var p = new double[n];
        var lines = new List<string> { "y,p" };
        for (int i = 0; i < n; i++)
        {
            string text = i switch
            {
                10 => "0.7310586",
                69990 => "0.73105861",
                _ => ((float)rng.NextDouble()).ToString("R", CultureInfo.InvariantCulture),
            };
            y[i] = i == 10 ? 0 : i == 69990 ? 1 : rng.Next(2);
            p[i] = double.Parse(text, CultureInfo.InvariantCulture);
            lines.Add($"{y[i]},{text}");
        }
        Assert.Equal((float)p[10], (float)p[69990]);
        string path = _files.Text("late.csv", [.. lines]);
        var e = EvalCommand.Evaluate(new EvalCommand.EvalRequest(path, ["y"], ["p"], MetricTask.Binary, ["roc_auc", "pr_auc"], null, 0.5, null, false, false));
        Assert.Equal(RocAuc.Binary(y, p), (double)e.Results[0].Value);
        Assert.Equal(AveragePrecision.Binary(y, p), (double)e.Results[1].Value);
        Assert.Contains(": 70000 rows,", e.Caption);
    }
}
