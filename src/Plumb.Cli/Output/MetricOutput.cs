using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Plumb.Cli.Output;

/// <summary>
/// Writes computed metric values, keyed by the spec as the user wrote it, as one JSON object or as a
/// readable table. A value is a <see cref="double"/>, a <c>double[]</c> (per class), a <c>double[][]</c>
/// (matrix, rows = true class) or an <c>IReadOnlyDictionary&lt;string, object&gt;</c> of these
/// (see <c>Plumb.Metrics.IStructuredMetric</c>).
/// </summary>
internal static class MetricOutput
{
    /// <summary>
    /// One compact JSON object on one line. Non-finite numbers (a metric's "undefined") are written as
    /// <c>null</c>, since JSON has no NaN.
    /// </summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<KeyValuePair<string, object>> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (key, value) in results)
            {
                json.WritePropertyName(key);
                WriteValue(json, value);
            }
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case double d: WriteNumber(json, d); break;
            case float f: WriteNumber(json, f); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case bool b: json.WriteBooleanValue(b); break;
            case decimal m: json.WriteNumberValue(m); break;
            case string s: json.WriteStringValue(s); break;
            case IEnumerable<KeyValuePair<string, object>> dict:
                json.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    json.WritePropertyName(k);
                    WriteValue(json, v);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (object? item in items) WriteValue(json, item);
                json.WriteEndArray();
                break;
            case IConvertible c and (byte or sbyte or short or ushort or uint or ulong):
                WriteNumber(json, c.ToDouble(CultureInfo.InvariantCulture));
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, double d)
    {
        if (double.IsFinite(d)) json.WriteNumberValue(d);
        else json.WriteNullValue();
    }

    /// <summary>
    /// A two-column table (metric, value); per-class values, matrices and reports become nested tables whose
    /// headers are <paramref name="classNames"/>. Plain ASCII without colour when <paramref name="interactive"/>
    /// is false (pipes, CI, tests).
    /// </summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<KeyValuePair<string, object>> results,
        IReadOnlyList<string> classNames, string caption, bool interactive)
    {
        IAnsiConsole console = interactive && ReferenceEquals(output, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
        if (!interactive)
        {
            console.Profile.Width = 160;
            console.Profile.Capabilities.Unicode = false;
        }
        var table = new Table { Border = interactive ? TableBorder.Rounded : TableBorder.Ascii };
        table.AddColumn(new TableColumn("metric"));
        table.AddColumn(new TableColumn("value"));
        foreach (var (key, value) in results)
            table.AddRow(new Text(key), Render(value, classNames, interactive));
        console.Write(new Text(caption + Environment.NewLine));
        console.Write(table);
    }

    private static IRenderable Render(object? value, IReadOnlyList<string> classNames, bool interactive)
    {
        switch (value)
        {
            case null: return new Text("");
            case string s: return new Text(s);
            case IEnumerable<KeyValuePair<string, object>> dict: return RenderDictionary(dict, classNames, interactive);
            case IEnumerable items:
            {
                var list = items.Cast<object?>().ToList();
                var t = Nested(interactive);
                if (list.Count > 0 && list.All(x => x is IEnumerable and not string))
                {
                    // A matrix: rows are the true class, columns the predicted one.
                    var rows = list.Select(r => ((IEnumerable)r!).Cast<object?>().ToList()).ToList();
                    t.AddColumn("true \\ pred");
                    for (int j = 0; j < rows.Max(r => r.Count); j++) t.AddColumn(new TableColumn(new Text(Label(classNames, j))).RightAligned());
                    for (int i = 0; i < rows.Count; i++)
                        t.AddRow([new Text(Label(classNames, i)), .. rows[i].Select(v => Render(v, classNames, interactive))]);
                    return t;
                }
                // Per-class values.
                for (int j = 0; j < list.Count; j++) t.AddColumn(new TableColumn(new Text(Label(classNames, j))).RightAligned());
                if (list.Count > 0) t.AddRow([.. list.Select(v => Render(v, classNames, interactive))]);
                return t;
            }
            case IConvertible c when value is not bool:
                return new Text(Format(c.ToDouble(CultureInfo.InvariantCulture)));
            default: return new Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        }
    }

    /// <summary>A report: one row per key; keys whose values are again dictionaries spread over columns.</summary>
    private static Table RenderDictionary(IEnumerable<KeyValuePair<string, object>> dict, IReadOnlyList<string> classNames, bool interactive)
    {
        var entries = dict.ToList();
        var inner = entries.Where(e => e.Value is IEnumerable<KeyValuePair<string, object>>)
            .SelectMany(e => ((IEnumerable<KeyValuePair<string, object>>)e.Value).Select(kv => kv.Key)).Distinct().ToList();
        var t = Nested(interactive);
        t.AddColumn("");
        if (inner.Count == 0) t.AddColumn(new TableColumn("value").RightAligned());
        foreach (string k in inner) t.AddColumn(new TableColumn(new Text(k)).RightAligned());
        foreach (var (k, v) in entries)
        {
            var row = new List<IRenderable> { new Text(k) };
            if (v is IEnumerable<KeyValuePair<string, object>> d)
            {
                var map = d.ToDictionary(x => x.Key, x => x.Value);
                row.AddRange(inner.Select(c => map.TryGetValue(c, out var x) ? Render(x, classNames, interactive) : new Text("")));
            }
            else
            {
                // A lone value (e.g. accuracy in a classification report) sits in the last column, as scikit-learn prints it.
                for (int c = 1; c < inner.Count; c++) row.Add(new Text(""));
                row.Add(Render(v, classNames, interactive));
            }
            t.AddRow(row);
        }
        return t;
    }

    private static Table Nested(bool interactive) =>
        new() { Border = interactive ? TableBorder.Rounded : TableBorder.Ascii };

    private static string Label(IReadOnlyList<string> names, int i) =>
        i < names.Count ? names[i] : i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Integers as integers, other values with up to 6 decimals (scientific when very small or large).</summary>
    public static string Format(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.Floor(v) && Math.Abs(v) < 1e15) return v.ToString("0", CultureInfo.InvariantCulture);
        double a = Math.Abs(v);
        return a is >= 1e-4 and < 1e7 ? v.ToString("0.######", CultureInfo.InvariantCulture) : v.ToString("G6", CultureInfo.InvariantCulture);
    }
}
