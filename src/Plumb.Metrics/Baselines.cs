namespace Plumb.Metrics;

/// <summary>A predictor that ignores the features: the same score row for every sample.</summary>
/// <param name="Name"><c>prior</c> (classification: the training class shares), <c>mean</c> or <c>median</c> (regression).</param>
/// <param name="Description">One line for people, e.g. "predicts the prevalence 0.01 for every row".</param>
/// <param name="Row">The constant score row: one value (binary probability, regression value) or one per class/label.</param>
public sealed record TrivialPredictor(string Name, string Description, IReadOnlyList<double> Row);

/// <summary>What one trivial predictor scores on every requested metric.</summary>
/// <param name="Predictor">The predictor's name (<see cref="TrivialPredictor.Name"/>).</param>
/// <param name="Description">What it predicts.</param>
/// <param name="Values">Metric key → value (NaN where the metric is undefined on a constant prediction); the loss under <c>loss</c>.</param>
public sealed record BaselineScore(string Predictor, string Description, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// The trivial predictors of a task, fitted on training targets, and what they score: the floor any model has to beat.
/// </summary>
/// <remarks>
/// <para>Classification: <c>prior</c> predicts the training class shares for every row (binary: the prevalence p;
/// multilabel: each label's prevalence). Its label metrics at threshold 0.5 (argmax for multiclass) are those of the
/// all-majority model — accuracy 0.998 at 500:1 — its ROC-AUC is 0.5 (every score tied) and its average precision the
/// prevalence of the rows it is scored on. Its binary cross-entropy is the entropy of the class balance,
/// −(p̂·log p + (1 − p̂)·log(1 − p)) with p̂ the prevalence of the scored rows.</para>
/// <para>Regression: <c>mean</c> and <c>median</c> of the training targets (the constants that minimise MSE and MAE).</para>
/// <para>Every metric is computed by the metric itself (<see cref="MetricRegistry"/>), on the constant scores, so a
/// baseline and a model are judged by the same code. The loss of the prior (<see cref="PriorLoss"/>) answers "is this
/// loss value good?" through <see cref="Skill"/> = 1 − loss / loss_prior: 0 is no better than the prior, 1 is perfect,
/// negative is worse than predicting the class balance.</para>
/// <code>
/// var baselines = Baselines.Fit(MetricTask.Binary, yTrain);
/// var scores = baselines.Evaluate(yVal, [MetricRegistry.Resolve("accuracy"), MetricRegistry.Resolve("pr_auc")],
///     new MetricOptions { Task = MetricTask.Binary }, loss: MetricRegistry.Resolve("log_loss"));
/// // at 1 % positives: accuracy 0.99, average_precision 0.01, loss = BCE of the class balance ≈ 0.056
/// </code>
/// </remarks>
public sealed class Baselines
{
    private Baselines(MetricTask task, int columns, IReadOnlyList<TrivialPredictor> predictors)
    {
        Task = task;
        Columns = columns;
        Predictors = predictors;
    }

    /// <summary>The task.</summary>
    public MetricTask Task { get; }

    /// <summary>Score values per row (classes for multiclass, labels for multilabel, else 1).</summary>
    public int Columns { get; }

    /// <summary>The trivial predictors, fitted on the training targets.</summary>
    public IReadOnlyList<TrivialPredictor> Predictors { get; }

    /// <summary>Fits the trivial predictors of <paramref name="task"/> on training targets.</summary>
    /// <param name="task">Binary (targets 0/1), multiclass (class indices 0…columns−1), multilabel (0/1 row-major) or regression.</param>
    /// <param name="target">Training targets, encoded as the metrics read them.</param>
    /// <param name="columns">Classes (multiclass) or labels (multilabel); 1 otherwise.</param>
    /// <exception cref="ArgumentException">No targets, a ranking task, or targets that do not fit the task.</exception>
    public static Baselines Fit(MetricTask task, ReadOnlySpan<double> target, int columns = 1)
    {
        if (target.IsEmpty) throw new ArgumentException("no training targets to fit the baselines on", nameof(target));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1");
        switch (task)
        {
            case MetricTask.Binary:
            {
                double p = Mean(target, t => t is 0 or 1, "0/1");
                return new Baselines(task, 1, [new TrivialPredictor("prior", $"predicts the prevalence {Fmt(p)} for every row (at threshold 0.5: {(p >= 0.5 ? "all positive" : "all negative")}, the majority class)", [p])]);
            }
            case MetricTask.Multiclass:
            {
                if (columns < 2) throw new ArgumentOutOfRangeException(nameof(columns), columns, "multiclass needs at least 2 classes");
                var counts = new double[columns];
                foreach (double t in target)
                {
                    if (t != Math.Floor(t) || t < 0 || t >= columns) throw new ArgumentException($"class index {t} outside 0…{columns - 1}", nameof(target));
                    counts[(int)t]++;
                }
                int n = target.Length;
                double[] shares = [.. counts.Select(c => c / n)];
                int major = Array.IndexOf(shares, shares.Max());
                return new Baselines(task, columns, [new TrivialPredictor("prior", $"predicts the class shares for every row (argmax: class {major}, the majority, {Fmt(shares[major])} of the rows)", shares)]);
            }
            case MetricTask.Multilabel:
            {
                if (target.Length % columns != 0) throw new ArgumentException($"{target.Length} targets are not rows of {columns} labels", nameof(target));
                int rows = target.Length / columns;
                var p = new double[columns];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < columns; j++)
                    {
                        double t = target[i * columns + j];
                        if (t is not (0 or 1)) throw new ArgumentException($"multilabel target {t} is not 0 or 1", nameof(target));
                        p[j] += t / rows;
                    }
                return new Baselines(task, columns, [new TrivialPredictor("prior", "predicts each label's prevalence for every row", p)]);
            }
            case MetricTask.Regression:
            {
                double mean = Mean(target, double.IsFinite, "finite");
                double median = NumpyMedian.Of(target);
                return new Baselines(task, 1,
                [
                    new TrivialPredictor("mean", $"predicts the mean {Fmt(mean)} for every row (the constant with the least squared error)", [mean]),
                    new TrivialPredictor("median", $"predicts the median {Fmt(median)} for every row (the constant with the least absolute error)", [median]),
                ]);
            }
            default:
                throw new ArgumentException($"no trivial baselines for the {task.ToString().ToLowerInvariant()} task", nameof(task));
        }
    }

    /// <summary>
    /// Scores every trivial predictor on <paramref name="target"/> with each metric (created by the registry under
    /// <paramref name="options"/>) and, when given, the <paramref name="loss"/> (any loss registered as a metric) under <c>loss</c>.
    /// </summary>
    /// <param name="target">The targets the model is judged on (validation or test rows), encoded as for <see cref="Fit"/>.</param>
    /// <param name="metrics">Resolved metric specs; the values are keyed by <see cref="MetricSpec.Key"/>.</param>
    /// <param name="options">Task, threshold, classes: the same options the model's metrics were created with.</param>
    /// <param name="loss">The training loss as a metric spec, or null.</param>
    public IReadOnlyList<BaselineScore> Evaluate(ReadOnlySpan<double> target, IReadOnlyList<MetricSpec> metrics, MetricOptions options, MetricSpec? loss = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        int rows = Task == MetricTask.Multilabel ? target.Length / Columns : target.Length;
        if (rows == 0) throw new ArgumentException("no rows to score the baselines on", nameof(target));
        var result = new List<BaselineScore>();
        foreach (var predictor in Predictors)
        {
            var score = new double[rows * Columns];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < Columns; j++) score[i * Columns + j] = predictor.Row[j];
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            if (loss is not null) values["loss"] = Value(loss, target, score, options);
            foreach (var spec in metrics)
                if (!spec.Descriptor.Structured) values[spec.Key] = Value(spec, target, score, options);
            result.Add(new BaselineScore(predictor.Name, predictor.Description, values));
        }
        return result;
    }

    /// <summary>The lowest loss among <paramref name="scores"/> (the prior's for classification, the better of mean and median for regression); NaN without a loss.</summary>
    public static double PriorLoss(IReadOnlyList<BaselineScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        double best = double.NaN;
        foreach (var s in scores)
            if (s.Values.TryGetValue("loss", out double l) && !double.IsNaN(l) && (double.IsNaN(best) || l < best)) best = l;
        return best;
    }

    /// <summary>Skill of a loss value relative to the prior's: 1 − loss / loss_prior (1 perfect, 0 no better than the prior, &lt; 0 worse); NaN when loss_prior is 0 or undefined.</summary>
    /// <remarks>BCE 0.028 against the prior's 0.056 is a skill of 0.5: half of the prior's loss is gone.</remarks>
    public static double Skill(double loss, double priorLoss) =>
        priorLoss > 0 && double.IsFinite(priorLoss) && !double.IsNaN(loss) ? 1 - loss / priorLoss : double.NaN;

    private double Value(MetricSpec spec, ReadOnlySpan<double> target, double[] score, MetricOptions options)
    {
        try
        {
            var metric = MetricRegistry.Create(spec, options);
            metric.Update(new MetricBatch(target, score, Columns));
            return metric.Compute();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException)
        {
            return double.NaN; // undefined on a constant prediction (e.g. a correlation with zero variance)
        }
    }

    private static double Mean(ReadOnlySpan<double> values, Func<double, bool> ok, string what)
    {
        double sum = 0;
        foreach (double v in values)
        {
            if (!ok(v)) throw new ArgumentException($"target {v} is not {what}", nameof(values));
            sum += v;
        }
        return sum / values.Length;
    }

    private static string Fmt(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
