using System.CommandLine;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb demo [SCENARIO]</c>: seeded end-to-end stories where the loss steers and the metrics judge.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Which demo to run (see --list).",
            DefaultValueFactory = _ => Demos.Default,
        };
        var epochs = new Option<int?>("--epochs") { Description = "Number of epochs (default: the scenario's own)." };
        var seed = new Option<int>("--seed") { Description = "Seed for data, split, initial weights and shuffling.", DefaultValueFactory = _ => 42 };
        var outDir = new Option<string?>("--out") { Description = "Folder for the report (default: plumb-out/demo-SCENARIO)." };
        var list = new Option<bool>("--list") { Description = "List the scenarios and exit." };
        var cmd = new Command("demo", "Run a seeded demo (default: imbalanced) and write its report.")
        {
            scenario, epochs, seed, outDir, list,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(list))
            {
                foreach (var d in Demos.All) output.WriteLine($"{d.Name,-20} {d.Description}");
                return 0;
            }
            string name = parse.GetValue(scenario)!;
            var demo = Demos.All.FirstOrDefault(d => d.Name == name)
                ?? throw new UsageException($"unknown demo '{name}'; available: {string.Join(", ", Demos.All.Select(d => d.Name))}");
            int? e = parse.GetValue(epochs);
            if (e is < 1) throw new UsageException($"--epochs must be at least 1, got {e}");
            string dir = parse.GetValue(outDir) ?? Path.Combine("plumb-out", "demo-" + demo.Name);
            using (new RunFolder(dir)) { } // checks --out before the demo trains; creates nothing
            return demo.Run(new DemoContext(output, e, parse.GetValue(seed), dir));
        });
        return cmd;
    }
}
