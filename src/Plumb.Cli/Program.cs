using System.CommandLine;
using System.CommandLine.Help;
using Plumb.Cli;
using Plumb.Cli.Commands;

return PlumbCli.Run(args, Console.Out, Console.Error);

namespace Plumb.Cli
{
    /// <summary>Entry point of the <c>plumb</c> command, kept callable from tests.</summary>
    public static class PlumbCli
    {
        /// <summary>Exit code for bad input (usage, data).</summary>
        public const int UsageError = 2;

        /// <summary>Exit code for internal failures.</summary>
        public const int InternalError = 1;

        /// <summary>Exit code after Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
        public const int Interrupted = 130;

        /// <summary>Builds the command tree.</summary>
        public static Command BuildRoot()
        {
            // A plain command named "plumb" (RootCommand would take its name from the assembly, Plumb.Cli).
            var root = new Command("plumb", "plumb — losses steer, metrics judge. Train, evaluate and report on models.")
            {
                new HelpOption(), new VersionOption(),
            };
            // In the order of a session: train, use, judge, tune, look again; then the catalogues, demos and benchmark.
            root.Subcommands.Add(TrainCommand.Create());
            root.Subcommands.Add(AdviseCommand.Create());
            root.Subcommands.Add(PredictCommand.Create());
            root.Subcommands.Add(EvalCommand.Create());
            root.Subcommands.Add(CompareCommand.Create());
            root.Subcommands.Add(EvalDetectionCommand.Create());
            root.Subcommands.Add(ThresholdCommand.Create());
            root.Subcommands.Add(ReportCommand.Create());
            root.Subcommands.Add(MetricsCommand.Create());
            root.Subcommands.Add(LossesCommand.Create());
            root.Subcommands.Add(DemoCommand.Create());
            root.Subcommands.Add(BenchCommand.Create());
            return root;
        }

        /// <summary>Parses and runs; returns the process exit code.</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            // Every loss is also a metric (eval --metrics "huber(delta=1.5)", train --monitor val_focal…).
            Interrupt.Install();
            Plumb.Losses.LossRegistry.RegisterAsMetrics();
            // 'plumb help VERB' is 'plumb VERB --help'; 'plumb help' is 'plumb --help'.
            if (args.Length > 0 && args[0] == "help") args = [.. args[1..], "--help"];
            var root = BuildRoot();
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // An unrecognised token explains more than the "required command" error it causes.
                var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
                stderr.WriteLine("plumb: " + ErrorLine.Format($"{error.Message} (see 'plumb --help')"));
                return UsageError;
            }
            try
            {
                return parsed.Invoke(config);
            }
            catch (UsageException e)
            {
                stderr.WriteLine("plumb: " + ErrorLine.Format(e.Message));
                return UsageError;
            }
            catch (Exception) when (Interrupt.RequestedWithin(TimeSpan.FromMilliseconds(250)))
            {
                return Interrupted; // the signal handler has said so on stderr
            }
            catch (Exception e)
            {
                stderr.WriteLine("plumb: " + ErrorLine.Format($"internal error: {e.GetType().Name}: {e.Message}"));
                if (Environment.GetEnvironmentVariable("PLUMB_DEBUG") == "1") stderr.WriteLine(e);
                return InternalError;
            }
        }
    }
}
