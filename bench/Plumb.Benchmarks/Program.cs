using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
