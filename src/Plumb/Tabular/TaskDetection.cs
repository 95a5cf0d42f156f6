using System.Globalization;
using Plumb.Metrics;

namespace Plumb.Tabular;

/// <summary>A detected task with the reason, stated to the user, and the class names for classification.</summary>
/// <param name="Task">The task.</param>
/// <param name="Reason">One sentence saying why (e.g. "target has 2 values: 0, 1").</param>
/// <param name="Classes">Class names in index order (binary: the negative then the positive class); empty for regression.</param>
public sealed record DetectedTask(MetricTask Task, string Reason, IReadOnlyList<string> Classes);

/// <summary>Infers the task from the target column(s), as a practitioner would, and says why.</summary>
public static class TaskDetection
{
    /// <summary>Most distinct integer values for which an integer target is read as classes.</summary>
    public const int MaxClasses = 20;

    /// <summary>
    /// Several target columns → multilabel (each must be 0/1). One column: two distinct values → binary;
    /// integers with 3…<see cref="MaxClasses"/> distinct values, or text → multiclass; other numbers → regression.
    /// </summary>
    /// <exception cref="FormatException">A target with one class, or multilabel columns that are not 0/1.</exception>
    /// <param name="targets">Target column names and cells.</param>
    /// <param name="rowNumber">Maps a row index to the row number shown in messages (default: index + 1).</param>
    public static DetectedTask Detect(IReadOnlyList<(string Name, CellColumn Cells)> targets, Func<int, int>? rowNumber = null)
    {
        rowNumber ??= i => i + 1;
        if (targets.Count == 0) throw new ArgumentException("no target column");
        if (targets.Count > 1)
        {
            foreach (var (name, cells) in targets)
                for (int i = 0; i < cells.Length; i++)
                    if (cells[i].Trim() is not ("0" or "1"))
                        throw new FormatException($"row {rowNumber(i)}, column '{name}': '{cells[i]}' is not 0 or 1 (several target columns mean multilabel)");
            return new DetectedTask(MetricTask.Multilabel, $"{targets.Count} target columns of 0/1", targets.Select(t => t.Name).ToList());
        }
        var (col, values) = targets[0];
        var distinct = values.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2)
            throw new FormatException($"target column '{col}' has a single value '{distinct.FirstOrDefault()}': nothing to learn");
        var numbers = distinct.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : (double?)null).ToList();
        bool numeric = numbers.All(n => n is not null);
        if (distinct.Count == 2)
        {
            var ordered = numeric ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList() : distinct.Order(StringComparer.Ordinal).ToList();
            return new DetectedTask(MetricTask.Binary, $"target '{col}' has 2 values: {ordered[0]} (negative), {ordered[1]} (positive)", ordered);
        }
        if (!numeric)
            return new DetectedTask(MetricTask.Multiclass, $"target '{col}' is text with {distinct.Count} classes", distinct.Order(StringComparer.Ordinal).ToList());
        bool integers = numbers.All(n => n == Math.Floor(n!.Value));
        if (integers && distinct.Count <= MaxClasses)
        {
            var ordered = distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            return new DetectedTask(MetricTask.Multiclass, $"target '{col}' has {distinct.Count} integer values ({string.Join(", ", ordered.Take(6))}{(ordered.Count > 6 ? ", …" : "")})", ordered);
        }
        return new DetectedTask(MetricTask.Regression, $"target '{col}' is numeric with {distinct.Count} distinct values", []);
    }
}
