using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb bench io --rows N</c>: writes a seeded binary predictions file (CSV and Parquet), then times the
/// whole <c>plumb eval</c> command on each, end to end in a fresh process, next to pandas + scikit-learn on the
/// same CSV (Python start-up included), each under <c>/usr/bin/time -v</c> for wall time, CPU time (user +
/// system, the fairer figure on a shared machine) and peak RSS.
/// </summary>
/// <remarks>
/// Data: the <c>bench metrics</c> distribution (30 % positives, float32 scores σ(z + 1.2·y)), written as
/// <c>y,p</c> with p in round-trip float32 text (e.g. <c>0.7310586</c>); Parquet: int32 y, double p holding the
/// same values as the CSV text, row groups of 1,000,000 rows. Metrics: roc_auc, average_precision (pr_auc), log_loss, f1 (threshold 0.5). Python side:
/// <c>pandas.read_csv</c> then <c>roc_auc_score</c>, <c>average_precision_score</c>, <c>log_loss</c>,
/// <c>f1_score(y, p &gt;= 0.5)</c>. Both print the four values, which are compared (they must agree to 1e-9).
/// </remarks>
internal static class BenchIo
{
    private const string PythonScript = """
        import sys, json
        import pandas as pd
        from sklearn.metrics import roc_auc_score, average_precision_score, log_loss, f1_score
        d = pd.read_csv(sys.argv[1])
        y, p = d["y"].to_numpy(), d["p"].to_numpy()
        print(json.dumps({"roc_auc": roc_auc_score(y, p), "average_precision": average_precision_score(y, p),
                          "log_loss": log_loss(y, p), "f1": f1_score(y, p >= 0.5)}))
        """;

    /// <summary>Builds <c>bench io</c>.</summary>
    public static Command Create()
    {
        var rows = new Option<string>("--rows") { Description = "Rows of the generated file.", DefaultValueFactory = _ => "10000000" };
        var dir = new Option<string?>("--dir") { Description = "Folder for the generated files (default: a temporary folder, deleted after).", HelpName = "DIR" };
        var python = new Option<string>("--python") { Description = "Python with pandas and scikit-learn for the side-by-side ('none' to skip).", DefaultValueFactory = _ => "/usr/bin/python3" };
        var cmd = new Command("io", "Time 'plumb eval' end to end on a generated CSV and Parquet file, next to pandas + scikit-learn.")
        {
            rows, dir, python,
        };
        cmd.SetAction(parse =>
        {
            string text = parse.GetValue(rows)!;
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 2 || n > 2_000_000_000)
                throw new UsageException($"--rows must be an integer in 2…2,000,000,000, got '{text}'");
            string? given = parse.GetValue(dir);
            string folder = given ?? Path.Combine(Path.GetTempPath(), "plumb-bench-io-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try { Run(parse.InvocationConfiguration.Output, folder, n, parse.GetValue(python)!); }
            finally { if (given is null) Directory.Delete(folder, recursive: true); }
            return 0;
        });
        return cmd;
    }

    private static void Run(TextWriter output, string folder, long n, string python)
    {
        string csv = Path.Combine(folder, "eval.csv"), parquet = Path.Combine(folder, "eval.parquet");
        GenerateAsync(csv, parquet, n).GetAwaiter().GetResult();
        output.WriteLine($"plumb bench io: {n:N0} rows, {new FileInfo(csv).Length / 1e6:F0} MB CSV, {new FileInfo(parquet).Length / 1e6:F0} MB Parquet, {Environment.ProcessorCount} cores");
        var (exe, prefix) = Self();
        string[] evalArgs = ["--target", "y", "--score", "p", "--task", "binary", "--metrics", "roc_auc,pr_auc,log_loss,f1", "--json"];
        var runs = new List<(string Name, string Command, Measured M)>
        {
            ("plumb eval csv", Line(exe, [.. prefix, "eval", "--data", csv, .. evalArgs]), Measure(exe, [.. prefix, "eval", "--data", csv, .. evalArgs])),
            ("plumb eval parquet", Line(exe, [.. prefix, "eval", "--data", parquet, .. evalArgs]), Measure(exe, [.. prefix, "eval", "--data", parquet, .. evalArgs])),
        };
        if (python != "none")
        {
            string script = Path.Combine(folder, "sklearn_eval.py");
            File.WriteAllText(script, PythonScript);
            runs.Add(("pandas + sklearn csv", Line(python, [script, csv]), Measure(python, [script, csv])));
        }
        output.WriteLine($"  {"",-22} {"wall s",8} {"cpu s",8} {"peak RSS MB",12} {"B/row",8}  values");
        foreach (var (name, _, m) in runs)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} {m.Seconds,8:F2} {m.CpuSeconds,8:F2} {m.PeakKb / 1024.0,12:F0} {m.PeakKb * 1024.0 / n,8:F1}  {m.Stdout.Trim()}"));
        if (python != "none")
        {
            var py = runs[^1].M;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  speed-up vs pandas + sklearn, wall (cpu): csv {py.Seconds / runs[0].M.Seconds:F1}× ({py.CpuSeconds / runs[0].M.CpuSeconds:F1}×), parquet {py.Seconds / runs[1].M.Seconds:F1}× ({py.CpuSeconds / runs[1].M.CpuSeconds:F1}×)"));
        }
        output.WriteLine("commands:");
        foreach (var (name, command, _) in runs) output.WriteLine($"  {name}: /usr/bin/time -v {command}");
    }

    private sealed record Measured(double Seconds, double CpuSeconds, long PeakKb, string Stdout);

    /// <summary>Runs one command under /usr/bin/time -v; wall seconds and peak RSS from its report.</summary>
    private static Measured Measure(string exe, string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-v");
        psi.ArgumentList.Add(exe);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1"; // no progress bar in a measured run
        using var p = Process.Start(psi) ?? throw new UsageException("cannot start /usr/bin/time");
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string report = err.Result;
        if (p.ExitCode != 0) throw new UsageException($"{exe} failed (exit {p.ExitCode}): {report.Split('\n')[0]}");
        double seconds = 0, cpu = 0;
        long kb = 0;
        foreach (string line in report.Split('\n'))
        {
            string t = line.Trim();
            if (t.StartsWith("Elapsed (wall clock) time", StringComparison.Ordinal)) seconds = Clock(t[(t.LastIndexOf(' ') + 1)..]);
            else if (t.StartsWith("User time (seconds):", StringComparison.Ordinal) || t.StartsWith("System time (seconds):", StringComparison.Ordinal))
                cpu += double.Parse(t[(t.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            else if (t.StartsWith("Maximum resident set size (kbytes):", StringComparison.Ordinal)) kb = long.Parse(t[(t.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return new Measured(seconds, cpu, kb, stdout);
    }

    private static double Clock(string hms)
    {
        double s = 0;
        foreach (string part in hms.Split(':')) s = s * 60 + double.Parse(part, CultureInfo.InvariantCulture);
        return s;
    }

    /// <summary>How to start this same plumb: the apphost next to the assembly, or <c>dotnet Plumb.Cli.dll</c>.</summary>
    private static (string Exe, string[] Prefix) Self()
    {
        string dll = typeof(BenchIo).Assembly.Location;
        string host = Path.ChangeExtension(dll, null);
        return File.Exists(host) && !OperatingSystem.IsWindows() ? (host, []) : ("dotnet", [dll]);
    }

    private static string Line(string exe, string[] args) => string.Join(' ', [exe, .. args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)]);

    private static async Task GenerateAsync(string csv, string parquet, long n)
    {
        const int chunk = 1_000_000;
        await using var writer = new StreamWriter(csv, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("y,p\n");
        await using var stream = File.Create(parquet);
        var y = new DataField<int>("y");
        var p = new DataField<double>("p");
        await using var pw = await ParquetWriter.CreateAsync(new ParquetSchema(y, p), stream).ConfigureAwait(false);
        var rng = new Random(42);
        var buf = new char[32];
        for (long start = 0; start < n; start += chunk)
        {
            int m = (int)Math.Min(chunk, n - start);
            var ys = new int[m];
            var ps = new double[m];
            for (int i = 0; i < m; i++)
            {
                ys[i] = rng.NextDouble() < 0.3 ? 1 : 0;
                double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                float s = (float)(1 / (1 + Math.Exp(-(z + 1.2 * ys[i]))));
                writer.Write(ys[i] == 1 ? "1," : "0,");
                s.TryFormat(buf, out int w, "R", CultureInfo.InvariantCulture);
                ps[i] = double.Parse(buf.AsSpan(0, w), NumberStyles.Float, CultureInfo.InvariantCulture); // the CSV's value
                writer.Write(buf, 0, w);
                writer.Write('\n');
            }
            using var rg = pw.CreateRowGroup();
            await rg.WriteAsync<int>(y, ys).ConfigureAwait(false);
            await rg.WriteAsync<double>(p, ps).ConfigureAwait(false);
        }
    }
}
