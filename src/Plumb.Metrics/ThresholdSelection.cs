namespace Plumb.Metrics;

/// <summary>The confusion counts and the usual rates at one binary decision threshold.</summary>
/// <param name="Threshold">Predicted positive when score ≥ threshold.</param>
/// <param name="Objective">The optimised quantity at this threshold (for <c>cost</c>: the total cost).</param>
/// <param name="TruePositives">Weighted count of positives scored ≥ threshold.</param>
/// <param name="FalsePositives">Weighted count of negatives scored ≥ threshold.</param>
/// <param name="TrueNegatives">Weighted count of negatives scored below the threshold.</param>
/// <param name="FalseNegatives">Weighted count of positives scored below the threshold.</param>
public sealed record ThresholdPoint(double Threshold, double Objective, double TruePositives, double FalsePositives,
    double TrueNegatives, double FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>2TP / (2TP + FP + FN).</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>(TP + TN) / total.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);

    /// <summary>Matthews correlation coefficient; 0 when a marginal is empty (as scikit-learn).</summary>
    public double Mcc => ThresholdSelection.Mcc(TruePositives, FalsePositives, TrueNegatives, FalseNegatives);

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
}

/// <summary>
/// Chooses a binary decision threshold that optimises a metric instead of the default 0.5, exactly:
/// every distinct score is a candidate (predicted positive when score ≥ candidate), counts are swept once
/// after one sort, O(n log n).
/// </summary>
/// <remarks>
/// Objectives: <c>f1</c>, <c>fbeta(beta=B)</c>, <c>youden</c> (TPR − FPR), <c>mcc</c>,
/// <c>precision_at_recall(r=R)</c> (highest precision among thresholds with recall ≥ R),
/// <c>cost(fp=A,fn=B)</c> (lowest A·FP + B·FN). Ties in the objective keep the highest threshold.
/// <code>
/// ThresholdPoint best = ThresholdSelection.Optimize("f1", target, scores);
/// Console.WriteLine($"{best.Threshold} F1={best.F1}");
/// </code>
/// </remarks>
public static class ThresholdSelection
{
    /// <summary>The objectives understood by <see cref="Optimize"/>.</summary>
    public static readonly IReadOnlyList<string> Objectives = ["f1", "fbeta(beta=B)", "youden", "mcc", "precision_at_recall(r=R)", "cost(fp=A,fn=B)"];

    /// <summary>Every candidate threshold (distinct scores, descending) with its counts.</summary>
    public static IReadOnlyList<ThresholdPoint> Sweep(ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        Validate(target, score, weight);
        int n = score.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = new double[n];
        for (int i = 0; i < n; i++) keys[i] = -score[i];
        Array.Sort(keys, order);
        double pos = 0, neg = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weight.IsEmpty ? 1 : weight[i];
            if (target[i] == 1) pos += w; else neg += w;
        }
        var points = new List<ThresholdPoint>();
        double tp = 0, fp = 0;
        for (int i = 0; i < n;)
        {
            double s = -keys[i];
            while (i < n && -keys[i] == s)
            {
                int k = order[i];
                double w = weight.IsEmpty ? 1 : weight[k];
                if (target[k] == 1) tp += w; else fp += w;
                i++;
            }
            points.Add(new ThresholdPoint(s, double.NaN, tp, fp, neg - fp, pos - tp));
        }
        return points;
    }

    /// <summary>The counts and rates at one given threshold (predicted positive when score ≥ threshold).</summary>
    public static ThresholdPoint At(double threshold, ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        Validate(target, score, weight);
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < score.Length; i++)
        {
            double w = weight.IsEmpty ? 1 : weight[i];
            bool positive = score[i] >= threshold;
            if (target[i] == 1) { if (positive) tp += w; else fn += w; }
            else if (positive) fp += w; else tn += w;
        }
        return new ThresholdPoint(threshold, double.NaN, tp, fp, tn, fn);
    }

    /// <summary>The threshold that optimises <paramref name="objective"/> (see remarks for the names).</summary>
    /// <exception cref="ArgumentException">Unknown objective, bad arguments, or invalid data.</exception>
    public static ThresholdPoint Optimize(string objective, ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        SpecSyntax spec;
        try { spec = SpecSyntax.Parse(objective, "threshold objective"); }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(objective)); }
        Func<ThresholdPoint, double> value;
        bool minimize = false;
        Func<ThresholdPoint, bool> feasible = _ => true;
        try
        {
            switch (spec.Name)
            {
                case "f1": value = p => p.F1; break;
                case "fbeta":
                    double beta = RequiredNumber(spec, "beta");
                    if (!(beta > 0)) throw new ArgumentException($"fbeta: beta must be > 0, got {beta}");
                    double b2 = beta * beta;
                    value = p => Fbeta(p, b2);
                    break;
                case "youden": value = p => p.Recall - (1 - p.Specificity); break;
                case "mcc": value = p => p.Mcc; break;
                case "precision_at_recall":
                    double r = RequiredNumber(spec, "r");
                    if (r is < 0 or > 1) throw new ArgumentException($"precision_at_recall: r must be in [0, 1], got {r}");
                    value = p => p.Precision;
                    feasible = p => p.Recall >= r;
                    break;
                case "cost":
                    double cfp = RequiredNumber(spec, "fp"), cfn = RequiredNumber(spec, "fn");
                    if (cfp < 0 || cfn < 0) throw new ArgumentException($"cost: fp and fn must be ≥ 0, got fp={cfp}, fn={cfn}");
                    value = p => cfp * p.FalsePositives + cfn * p.FalseNegatives;
                    minimize = true;
                    break;
                default:
                    throw new ArgumentException($"unknown threshold objective '{objective}'; known: {string.Join(", ", Objectives)}");
            }
        }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(objective)); }

        ThresholdPoint? best = null;
        double bestValue = 0;
        foreach (var p in Sweep(target, score, weight))
        {
            if (!feasible(p)) continue;
            double v = value(p);
            if (best is null || (minimize ? v < bestValue : v > bestValue)) (best, bestValue) = (p, v);
        }
        return best is null
            ? throw new ArgumentException($"no threshold satisfies {objective}")
            : best with { Objective = bestValue };
    }

    private static double RequiredNumber(SpecSyntax spec, string key)
    {
        string raw = spec.Arguments.FirstOrDefault(a => a.Key == key).Value
                     ?? throw new FormatException($"threshold objective '{spec.Text}' needs argument {key}=…");
        return double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
            ? d : throw new FormatException($"threshold objective '{spec.Text}': argument {key}='{raw}' is not a number");
    }

    internal static double Fbeta(ThresholdPoint p, double b2)
    {
        double d = (1 + b2) * p.TruePositives + b2 * p.FalseNegatives + p.FalsePositives;
        return d == 0 ? 0 : (1 + b2) * p.TruePositives / d;
    }

    internal static double Mcc(double tp, double fp, double tn, double fn)
    {
        double d = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
        return d == 0 ? 0 : (tp * tn - fp * fn) / Math.Sqrt(d);
    }

    private static void Validate(ReadOnlySpan<double> target, ReadOnlySpan<double> score, ReadOnlySpan<double> weight)
    {
        if (target.Length != score.Length) throw new ArgumentException($"target has {target.Length} values but score has {score.Length}");
        if (!weight.IsEmpty && weight.Length != score.Length) throw new ArgumentException($"weight has {weight.Length} values but score has {score.Length}");
        if (score.Length == 0) throw new ArgumentException("no samples");
        for (int i = 0; i < score.Length; i++)
        {
            if (target[i] is not (0 or 1)) throw new ArgumentException($"target at index {i} is {target[i]}; binary targets must be 0 or 1");
            if (!double.IsFinite(score[i])) throw new ArgumentException($"score at index {i} is {score[i]}");
            if (!weight.IsEmpty && !(weight[i] >= 0)) throw new ArgumentException($"weight at index {i} is {weight[i]}; weights must be ≥ 0");
        }
    }
}
