using System.Diagnostics;
using System.Globalization;

namespace Plumb.Benchmarks;

/// <summary>
/// Paired measurement of Plumb's overhead per loss: rounds of (direct, Plumb checked, Plumb unchecked) forward +
/// backward on the <see cref="LossesBenchmarks"/> data, in rotating order within one process, and the median of the
/// per-round time ratios. Pairing cancels the load drift of a shared machine that separate BenchmarkDotNet
/// processes cannot.
/// </summary>
/// <remarks>[PLUMB_BENCH_THREADS=1] dotnet run -c Release --project bench/Plumb.Benchmarks -- losses-overhead [rounds]</remarks>
public static class LossesOverhead
{
    public static void Run(int rounds = 15)
    {
        global::Plumb.Native.TorchNativeFix.Ensure();
        // One intra-op thread: on a shared machine, thread scheduling noise otherwise swamps a few-percent effect.
        if (Environment.GetEnvironmentVariable("PLUMB_BENCH_THREADS") is string th) TorchSharp.torch.set_num_threads(int.Parse(th, CultureInfo.InvariantCulture));
        Console.WriteLine($"intra-op threads: {TorchSharp.torch.get_num_threads()}, rounds: {rounds}");
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine($"{"loss",-38} {"direct ms",10} {"plumb ms",10} {"ratio",7} {"unchecked",10} {"ratio",7}");
        var allChecked = new List<double>();
        var allUnchecked = new List<double>();
        foreach (string spec in LossesBenchmarks.Specs)
        {
            var b = new LossesBenchmarks { Loss = spec };
            b.Setup();
            Func<float>[] runs = [b.Direct, b.PlumbChecked, b.PlumbUnchecked];
            foreach (var r in runs) r(); // warm-up
            var t = new double[3][];
            for (int k = 0; k < 3; k++) t[k] = new double[rounds];
            for (int i = 0; i < rounds; i++)
                for (int j = 0; j < 3; j++)
                {
                    int k = (i + j) % 3;
                    var sw = Stopwatch.StartNew();
                    runs[k]();
                    t[k][i] = sw.Elapsed.TotalMilliseconds;
                }
            double rc = Median([.. Enumerable.Range(0, rounds).Select(i => t[1][i] / t[0][i])]);
            double ru = Median([.. Enumerable.Range(0, rounds).Select(i => t[2][i] / t[0][i])]);
            allChecked.Add(rc);
            allUnchecked.Add(ru);
            Console.WriteLine(string.Create(ci, $"{spec,-38} {Median(t[0]),10:F1} {Median(t[1]),10:F1} {rc,7:F3} {Median(t[2]),10:F1} {ru,7:F3}"));
        }
        Console.WriteLine(string.Create(ci, $"{"median over losses",-38} {"",10} {"",10} {Median([.. allChecked]),7:F3} {"",10} {Median([.. allUnchecked]),7:F3}"));
    }

    private static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
