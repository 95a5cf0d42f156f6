using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*'
if (args is ["fit-interleaved", ..]) { Plumb.Benchmarks.FitBenchmarks.Interleaved(args); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
