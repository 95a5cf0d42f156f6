using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*'
if (args is ["losses-overhead", ..]) { Plumb.Benchmarks.LossesOverhead.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
