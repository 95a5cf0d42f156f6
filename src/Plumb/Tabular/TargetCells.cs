using System.Globalization;
using Plumb.Data;

namespace Plumb.Tabular;

/// <summary>
/// The type rules for target columns, applied to every table (training, validation, test) before the task is
/// detected, so that class identity never depends on how a number was written.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Missing targets</b> (empty, <c>na</c>, <c>nan</c>, <c>null</c>, <c>none</c>, <c>?</c>, as in
/// <see cref="Preprocessor.MissingTokens"/>) are an error naming the count and the first rows, or, with
/// <see cref="TabularOptions.DropMissingTarget"/>, those rows are dropped and the count is stated in the notes.
/// A missing target is never a class of its own.</item>
/// <item><b>Numeric labels compare by value</b>: when every target cell of a column is a number, each is
/// rewritten in canonical form (round-trip invariant text), so <c>1</c>, <c>1.0</c> and <c>1e0</c> are one
/// class, <c>1</c>. A non-finite value (<c>inf</c>, <c>Infinity</c>) in such a column is an error.</item>
/// </list>
/// </remarks>
public static class TargetCells
{
    /// <summary>Applies the rules to <paramref name="table"/>'s target columns; returns the (possibly smaller) table.</summary>
    /// <exception cref="FormatException">Missing targets without the drop option, or a non-finite numeric target.</exception>
    /// <param name="table">Training, validation or test rows.</param>
    /// <param name="targets">Target column names (each must exist).</param>
    /// <param name="dropMissing">Drop rows with a missing target instead of refusing them.</param>
    /// <param name="note">Receives the statement of dropped rows.</param>
    public static RawTable Apply(RawTable table, IReadOnlyList<string> targets, bool dropMissing, Action<string>? note = null)
    {
        targets = [.. targets.Where(t => table.Columns.Any(c => c.Name == t))]; // absent ones are reported by the caller
        var missingRows = new List<int>();
        for (int i = 0; i < table.Rows; i++)
            foreach (string t in targets)
                if (Preprocessor.MissingTokens.Contains(table[t][i].Trim())) { missingRows.Add(i); break; }
        if (missingRows.Count > 0)
        {
            string names = string.Join(", ", targets.Select(t => $"'{t}'"));
            if (!dropMissing)
                throw new FormatException($"{table.Source}: {missingRows.Count} row(s) with a missing target in {names} (rows {string.Join(", ", missingRows.Take(5).Select(table.RowNumber))}{(missingRows.Count > 5 ? ", …" : "")}); fill them, or pass --drop-missing-target to leave those rows out");
            var missing = missingRows.ToHashSet();
            table = table.Take([.. Enumerable.Range(0, table.Rows).Where(i => !missing.Contains(i))]);
            note?.Invoke($"{table.Source}: {missingRows.Count} row(s) with a missing target dropped (--drop-missing-target); {table.Rows} left");
        }
        var columns = table.Columns.ToList();
        for (int c = 0; c < columns.Count; c++)
        {
            if (!targets.Contains(columns[c].Name)) continue;
            var cells = columns[c].Cells;
            var values = new double[cells.Length];
            bool numeric = true;
            for (int i = 0; i < cells.Length && numeric; i++)
                numeric = double.TryParse(cells[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (!numeric) continue;
            var canonical = new string[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                    throw new FormatException($"{table.Source}: row {table.RowNumber(i)}, column '{columns[c].Name}': target '{cells[i].Trim()}' is not finite");
                canonical[i] = values[i].ToString("R", CultureInfo.InvariantCulture);
            }
            columns[c] = (columns[c].Name, canonical);
        }
        return table with { Columns = columns };
    }
}
