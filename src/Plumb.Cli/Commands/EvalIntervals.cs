using System.CommandLine;
using System.Globalization;
using Plumb.Metrics;
using Plumb.Metrics.Statistics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb eval --ci LEVEL</c>: a seeded bootstrap interval beside every metric that is one number
/// (<see cref="Bootstrap"/>; stratified by class for binary and multiclass targets). The table shows
/// "value [lower, upper]", <c>--json</c> adds one <c>"intervals"</c> object, the HTML report a table.
/// </summary>
internal sealed class EvalIntervals
{
    /// <summary><c>--ci</c>: the confidence level; no intervals without it.</summary>
    public Option<double?> Level { get; } = new("--ci") { Description = "Also give a bootstrap confidence interval at this level (e.g. 0.95) for every metric that is one number.", HelpName = "LEVEL" };

    /// <summary><c>--resamples</c>.</summary>
    public Option<int> Resamples { get; } = new("--resamples") { Description = "Bootstrap resamples for --ci.", DefaultValueFactory = _ => 1000, HelpName = "N" };

    /// <summary><c>--seed</c>.</summary>
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of the --ci bootstrap: the same seed gives the same intervals.", DefaultValueFactory = _ => 0, HelpName = "S" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Resamples);
        command.Options.Add(Seed);
    }

    /// <summary>The bootstrap asked for, or null without <c>--ci</c>.</summary>
    /// <exception cref="UsageException">Bad values, or --ci with --weight or --task ranking.</exception>
    public BootstrapOptions? Parse(ParseResult parse, EvalCommand.EvalRequest r)
    {
        if (parse.GetValue(Level) is not { } level) return null;
        if (r.Task == MetricTask.Ranking) throw new UsageException("--ci does not apply to --task ranking");
        if (r.Weight is not null) throw new UsageException("--ci does not take --weight: the bootstrap resamples unweighted rows");
        return CompareCommand.Bootstrap(level, parse.GetValue(Resamples), parse.GetValue(Seed));
    }

    /// <summary>Intervals of every single-number metric of <paramref name="e"/> (which kept its rows).</summary>
    /// <exception cref="UsageException">A metric that fails on the rows (already reported by eval otherwise).</exception>
    public static IReadOnlyList<MetricInterval> Compute(EvalCommand.EvalRequest r, EvalCommand.Evaluation e, BootstrapOptions bootstrap)
    {
        var scalar = r.Metrics.Where(t => e.Results.Any(kv => kv.Key == MetricRegistry.Resolve(t).Key && kv.Value is double)).ToList();
        if (scalar.Count == 0) return [];
        try
        {
            return Bootstrap.Intervals(scalar, EvalCommand.OptionsOf(r), e.Target, e.Scores, e.Columns, default, bootstrap);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{r.Data}: --ci: {UsageException.MessageOf(ex)}");
        }
    }

    private static string Percent(BootstrapOptions b) => (b.Level * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>The caption's sentence on how the intervals were drawn.</summary>
    public static string Caption(EvalCommand.EvalRequest r, BootstrapOptions b) =>
        $"{Percent(b)} bootstrap intervals: {b.Resamples} {(r.Task is MetricTask.Binary or MetricTask.Multiclass ? "stratified " : "")}resamples, seed {b.Seed}";

    /// <summary>The results with "value [lower, upper]" in place of each single number that has an interval (for the table).</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> WithIntervals(IReadOnlyList<KeyValuePair<string, object>> results, IReadOnlyList<MetricInterval> intervals) =>
        [.. results.Select(kv => intervals.FirstOrDefault(i => i.Key == kv.Key) is { } i && kv.Value is double v
            ? new KeyValuePair<string, object>(kv.Key, v.ToString("0.######", CultureInfo.InvariantCulture) + " " + i.Interval.Format())
            : kv)];

    /// <summary>The results plus one <c>"intervals"</c> entry (for <c>--json</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> JsonResults(EvalCommand.EvalRequest r, IReadOnlyList<KeyValuePair<string, object>> results,
        IReadOnlyList<MetricInterval> intervals, BootstrapOptions b)
    {
        var metrics = intervals.Select(i => new KeyValuePair<string, object>(i.Key, new KeyValuePair<string, object>[]
        {
            new("lower", i.Interval.Lower), new("upper", i.Interval.Upper), new("standard_error", i.StandardError), new("undefined_resamples", i.Undefined),
        })).ToArray();
        var block = new KeyValuePair<string, object>[]
        {
            new("level", b.Level), new("resamples", b.Resamples), new("seed", (long)b.Seed),
            new("stratified", r.Task is MetricTask.Binary or MetricTask.Multiclass), new("method", "percentile"), new("metrics", metrics),
        };
        return [.. results, new("intervals", block)];
    }

    /// <summary>The report's table of intervals.</summary>
    public static (string Title, IReadOnlyList<(string, string)> Rows) ReportTable(IReadOnlyList<MetricInterval> intervals, BootstrapOptions b) =>
        ($"{Percent(b)} bootstrap intervals ({b.Resamples} resamples, seed {b.Seed})",
         [.. intervals.Select(i => (i.Key, i.Estimate.ToString("0.######", CultureInfo.InvariantCulture) + " " + i.Interval.Format(6)))]);
}
