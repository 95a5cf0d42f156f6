using System.Globalization;
using Plumb.Data;
using Plumb.Losses;
using Plumb.Metrics;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tabular;

/// <summary>
/// Learning to rank on a table: one row per item, a query id per row (<see cref="TabularOptions.Group"/>; rows of a
/// query need not be contiguous), graded relevance ≥ 0 in the target column. The MLP scores each item; the rows
/// are padded into [queries, list, features] lists for <c>Model.Fit</c>, whose ranking losses and metrics
/// read the padding (relevance −1) as absent.
/// </summary>
/// <remarks>
/// Defaults: loss <c>listnet</c> (softmax), metrics <c>ndcg@10</c>, <c>map_at_k@10</c>, <c>mrr</c>, monitor
/// <c>val_ndcg_k10</c>. The validation split holds out whole queries (<see cref="TabularOptions.ValidationSplit"/> of
/// them, seeded); <see cref="TabularOptions.BatchSize"/> counts queries. Scores are linear (one output unit).
/// <code>
/// var r = TabularTrainer.Train(table, null, null, new TabularOptions { Targets = ["rel"], Task = MetricTask.Ranking, Group = "qid" });
/// </code>
/// </remarks>
public static class RankingTrainer
{
    /// <summary>The default ranking loss.</summary>
    public const string DefaultLoss = "listnet";

    /// <summary>The default metrics (the first is the default monitor).</summary>
    public static readonly IReadOnlyList<string> DefaultMetrics = ["ndcg@10", "map_at_k@10", "mrr"];

    /// <summary>Early-stopping patience when none is given.</summary>
    public const int DefaultPatience = 10;

    /// <summary>Trains a ranking model; see <see cref="TabularTrainer.Train"/> for the arguments.</summary>
    /// <exception cref="FormatException">Bad data (names the file, row, column and value).</exception>
    /// <exception cref="ArgumentException">Bad options (no group column, a loss that does not rank, an unknown monitor).</exception>
    internal static TabularResult Train(RawTable train, RawTable? validation, RawTable? test, TabularOptions o, IEnumerable<Callback>? callbacks, Action<string>? log)
    {
        string group = o.Group ?? throw new ArgumentException("--task ranking needs --group COL: the column with each row's query id");
        if (o.Targets.Count != 1) throw new ArgumentException($"--task ranking takes one target column (the relevance), got {o.Targets.Count}");
        if (o.ClassWeight is not null) throw new ArgumentException("--class-weight does not apply to --task ranking");
        string target = o.Targets[0];
        if (group == target) throw new ArgumentException($"--group '{group}' is the target column");
        var notes = new List<string>();
        void Note(string s) { notes.Add(s); log?.Invoke(s); }

        foreach (var t in new[] { train, validation, test })
        {
            if (t is null) continue;
            foreach (string c in new[] { target, group })
                if (!t.Columns.Any(col => col.Name == c))
                    throw new FormatException($"{t.Source}: no {(c == group ? "group" : "target")} column '{c}' (available: {string.Join(", ", t.Columns.Select(col => col.Name))})");
        }
        train = TargetCells.Apply(train, o.Targets, o.DropMissingTarget, Note);
        if (validation is not null) validation = TargetCells.Apply(validation, o.Targets, o.DropMissingTarget, Note);
        if (test is not null) test = TargetCells.Apply(test, o.Targets, o.DropMissingTarget, Note);
        var task = new DetectedTask(MetricTask.Ranking, $"--task ranking, query groups in '{group}'", []);
        Note($"task: ranking (graded relevance in '{target}', query id in '{group}')");

        if (validation is null)
        {
            var (tr, va) = SplitQueries(train, group, o);
            (train, validation) = (train.Take(tr), train.Take(va));
            Note($"validation: {Queries(validation, group)} queries ({validation.Rows} rows) held out of {Queries(train, group) + Queries(validation, group)} ({o.ValidationSplit.ToString("P0", CultureInfo.InvariantCulture)} of the queries, seed {o.Seed})");
        }

        var featureCols = train.Columns.Where(c => c.Name != target && c.Name != group).ToList();
        if (featureCols.Count == 0) throw new FormatException($"{train.Source}: no feature columns besides the target and the group");
        Preprocessor pre;
        try { pre = Preprocessor.Fit(featureCols, o.Standardize, o.EncodeCategoricals, Note, train.RowNumber, o.BadNumbersAsMissing, o.MaxOneHot); }
        catch (FormatException e) { throw new FormatException($"{train.Source}: {e.Message}", e); }

        string loss = o.Loss ?? DefaultLoss;
        LossSpec lossSpec = LossRegistry.Resolve(loss);
        if (lossSpec.Descriptor.Expects != LossKind.Ranking)
            throw new ArgumentException($"--loss '{loss}' does not rank query lists; ranking losses: {string.Join(", ", LossRegistry.Descriptors.Where(d => d.Expects == LossKind.Ranking).Select(d => d.Name))}");
        IReadOnlyList<string> metrics = o.Metrics ?? DefaultMetrics;
        var specs = new List<MetricSpec>();
        foreach (string m in metrics)
        {
            try { specs.Add(MetricRegistry.Resolve(m)); }
            catch (ArgumentException e) { throw new ArgumentException($"--metrics: {e.Message}", e); }
        }
        const string defaultMonitor = "val_ndcg_k10";
        var keys = LogKey.Expand(specs.Select(s => s.Key));
        if (o.Monitor is null && LogKey.Resolve(defaultMonitor, keys) is null)
        {
            metrics = [.. metrics, "ndcg@10"];
            keys = LogKey.Expand([.. specs.Select(s => s.Key), MetricRegistry.Resolve("ndcg@10").Key]);
            Note("metrics: ndcg@10 added (the default monitor for ranking; pass --monitor to choose another)");
        }
        string monitor = LogKey.Resolve(o.Monitor ?? defaultMonitor, keys)
            ?? throw new ArgumentException($"--monitor '{o.Monitor}' is not computed; available: {string.Join(", ", keys)}");
        if (o.Monitor is null) Note($"monitor: {monitor}");

        var spec = new TabularModelSpec
        {
            Task = MetricTask.Ranking, Targets = o.Targets, Classes = [], Group = group, Features = pre.FeatureNames.Count, Outputs = 1,
            Hidden = o.Hidden, Activation = o.Activation, Dropout = o.Dropout, OutputActivation = "linear",
        };
        manual_seed(o.Seed);
        var model = new Model(spec.Build());
        model.Compile(o.Optimizer, o.LearningRate, loss, [.. metrics.Select(m => (MetricRef)m)]);

        var tr2 = Lists(train, pre, target, group);
        var va2 = Lists(validation, pre, target, group);
        using var x = tr2.Padded.X;
        using var y = tr2.Padded.Y;
        using var xv = va2.Padded.X;
        using var yv = va2.Padded.Y;
        int patience = o.Patience ?? DefaultPatience;
        var stop = new EarlyStopping(monitor, patience: patience, restoreBestWeights: true);
        var cbs = (callbacks ?? []).Append(stop).ToList();
        var history = model.Fit(x, y, o.Epochs, o.BatchSize, (xv, yv), shuffle: true, seed: o.Seed, callbacks: cbs, verbose: 0);
        stop.Dispose();

        int bestLoss = history.BestEpoch("val_loss", lowerIsBetter: true);
        int bestMonitor = stop.BestEpoch >= 0 ? stop.BestEpoch : history.BestEpoch(monitor, model.DirectionOf(monitor) == MetricDirection.LowerIsBetter);
        var valEval = model.Evaluate(xv, yv);
        var valPred = (va2.Relevance, RowScores(model, va2));

        IReadOnlyDictionary<string, double>? testEval = null;
        (double[], double[])? testPred = null;
        long[]? testGroups = null;
        if (test is not null)
        {
            var te = Lists(test, pre, target, group);
            using var xt = te.Padded.X;
            using var yt = te.Padded.Y;
            testEval = model.Evaluate(xt, yt);
            testPred = (te.Relevance, RowScores(model, te));
            testGroups = te.Query;
        }
        return new TabularResult
        {
            Model = model, Preprocessor = pre, Task = task, Spec = spec, Loss = loss, Metrics = metrics, Monitor = monitor,
            History = history, BestEpochByValLoss = bestLoss, BestEpochByMonitor = bestMonitor, Validation = valEval,
            Test = testEval, ValidationPredictions = valPred, TestPredictions = testPred, Notes = notes,
            ValidationGroups = va2.Query, TestGroups = testGroups,
            Patience = patience, ModelChoice = TabularModelKind.Mlp, KeptModel = "mlp",
            // No trivial ranking predictor is scored yet: the tables show the model alone.
            ValidationBaselines = [], TestBaselines = test is null ? null : [],
            Rows = new DataRows(train.Rows, train.Source, validation.Rows, validation.Source, test?.Rows, test?.Source),
        };
    }

    /// <summary>Rows of one table: each row's relevance, query number and features, and the padded lists.</summary>
    private sealed record ListRows(double[] Relevance, long[] Query, float[] Features, (Tensor X, Tensor Y) Padded);

    private static ListRows Lists(RawTable t, Preprocessor pre, string target, string group)
    {
        float[] xs;
        int rows;
        try { xs = pre.Transform([.. t.Columns.Where(c => c.Name != target && c.Name != group)], out rows, t.RowNumber); }
        catch (FormatException e) { throw new FormatException($"{t.Source}: {e.Message}", e); }
        int f = pre.FeatureNames.Count;
        var relCells = t[target];
        var relevance = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            if (!double.TryParse(relCells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out relevance[i]) || !double.IsFinite(relevance[i]))
                throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{target}': relevance '{relCells[i]}' is not a number");
            if (relevance[i] < 0)
                throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{target}': relevance '{relCells[i]}' is negative (graded relevance is ≥ 0)");
        }
        var ids = t[group];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = new List<int>();
        var query = new long[rows];
        var slot = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            string id = ids[i].Trim();
            if (Preprocessor.MissingTokens.Contains(id)) throw new FormatException($"{t.Source}: row {t.RowNumber(i)}, column '{group}': query id is missing");
            if (!index.TryGetValue(id, out int q)) { index[id] = q = sizes.Count; sizes.Add(0); }
            query[i] = q;
            slot[i] = sizes[q]++;
        }
        int width = sizes.Count == 0 ? 0 : sizes.Max();
        int queries = sizes.Count;
        long cells = (long)queries * width;
        if (cells * f > Array.MaxLength)
            throw new FormatException($"{t.Source}: {queries} queries padded to the longest list ({width} rows) need {cells * f} feature cells, over the limit of {Array.MaxLength}");
        var px = new float[cells * f];
        var py = new float[cells];
        Array.Fill(py, -1f);
        for (int i = 0; i < rows; i++)
        {
            long at = query[i] * width + slot[i];
            py[at] = (float)relevance[i];
            Array.Copy(xs, (long)i * f, px, at * f, f);
        }
        return new ListRows(relevance, query, xs, (tensor(px, [queries, width, f]), tensor(py, [queries, width])));
    }

    /// <summary>The model's score of every row, in the table's row order.</summary>
    private static double[] RowScores(Model model, ListRows rows)
    {
        using var x = tensor(rows.Features, [rows.Relevance.Length, rows.Features.Length / Math.Max(1, rows.Relevance.Length)]);
        return TabularTrainer.Scores(model, x);
    }

    private static int Queries(RawTable t, string group) => t[group].Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Holds out whole queries: <see cref="TabularOptions.ValidationSplit"/> of the distinct ids, shuffled with the seed.</summary>
    private static (int[] Train, int[] Validation) SplitQueries(RawTable t, string group, TabularOptions o)
    {
        var ids = t[group].Select(s => s.Trim()).ToArray();
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        var rng = new Random(o.Seed);
        rng.Shuffle(distinct);
        int n = (int)Math.Round(distinct.Length * o.ValidationSplit);
        if (distinct.Length > 1) n = Math.Clamp(n, 1, distinct.Length - 1);
        if (n < 2 || distinct.Length - n < 1)
            throw new FormatException($"{t.Source}: --val-split {o.ValidationSplit.ToString(CultureInfo.InvariantCulture)} of {distinct.Length} queries leaves {n} validation query(ies); ranking metrics need at least 2 — add queries, raise --val-split or pass --val-data");
        var held = distinct[..n].ToHashSet(StringComparer.Ordinal);
        int[] tr = [.. Enumerable.Range(0, ids.Length).Where(i => !held.Contains(ids[i]))];
        int[] va = [.. Enumerable.Range(0, ids.Length).Where(i => held.Contains(ids[i]))];
        return (tr, va);
    }
}
