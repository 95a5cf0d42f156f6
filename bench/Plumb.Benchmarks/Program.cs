using BenchmarkDotNet.Running;
if (args is ["losses-overhead", ..]) { Plumb.Benchmarks.LossesOverhead.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15); return; }

if (args is ["detection-data", ..]) { Plumb.Benchmarks.DetectionData.Run(args); return; }
// dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*'
if (args is ["save-interleaved", ..]) { Plumb.Benchmarks.ModelSaveBenchmark.Run(args); return; }
if (args is ["fit-interleaved", ..]) { Plumb.Benchmarks.FitBenchmarks.Interleaved(args); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
