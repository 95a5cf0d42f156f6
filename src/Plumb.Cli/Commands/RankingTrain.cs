using System.CommandLine;
using Plumb.Cli.Reports;
using Plumb.Tabular;

namespace Plumb.Cli.Commands;

/// <summary>
/// What <c>plumb train --task ranking --group COL</c> adds to <see cref="TrainCommand"/>: the <c>--group</c> option,
/// batches counted in queries, and the ranking plots (NDCG@k against k, per-query NDCG@10) in the report.
/// Training itself is <see cref="RankingTrainer"/>.
/// </summary>
internal static class RankingTrain
{
    public static Option<string?> GroupOption() =>
        new("--group") { Description = "Ranking: the column with each row's query id (rows of a query need not be contiguous); not a feature.", HelpName = "COL" };

    /// <summary>The group column, refused without <c>--task ranking</c> and required with it.</summary>
    public static string? Group(string? group, string task) => (group, task) switch
    {
        (null, "ranking") => throw new UsageException("--task ranking needs --group COL: the column with each row's query id"),
        (not null, not "ranking") => throw new UsageException("--group applies to --task ranking only"),
        _ => group,
    };

    /// <summary>What a batch counts: rows, or queries for ranking (for the progress bar).</summary>
    public static double Items(RawTable train, TabularOptions o) =>
        o.Group is { } g && train.Columns.Any(c => c.Name == g) ? train[g].Distinct(StringComparer.Ordinal).Count() : train.Rows;

    /// <summary>The report's ranking reading: the test rows when there are any, else validation, with the metric values of the same rows.</summary>
    public static ReportData WithRanking(ReportData data, TabularResult r)
    {
        bool test = r.TestPredictions is not null;
        var (relevance, score) = r.TestPredictions ?? r.ValidationPredictions;
        long[] groups = (test ? r.TestGroups : r.ValidationGroups) ?? throw new InvalidOperationException("a ranking result without query groups");
        return data with { Ranking = RankingReading.Of(relevance, score, groups, test ? r.Test : r.Validation) };
    }
}
