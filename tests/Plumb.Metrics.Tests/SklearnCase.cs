using System.Globalization;
using System.Text.Json;

namespace Plumb.Metrics.Tests;

/// <summary>One scikit-learn reference value: the metric spec, the options, the data set and the python expression.</summary>
internal sealed record SklearnCase(string Spec, string Data, MetricTask Task, int NumClasses, double ZeroDivision, double Threshold,
    bool FromLogits, bool Weighted, string Python, string ExpectedJson)
{
    public MetricOptions Options => new()
    {
        Task = Task == MetricTask.Regression ? MetricTask.Binary : Task,
        NumClasses = NumClasses,
        ZeroDivision = ZeroDivision,
        Threshold = Threshold,
        FromLogits = FromLogits,
    };

    public override string ToString() => $"{Spec} on {Data}{(Weighted ? " weighted" : "")} ≟ {Python}";
}

/// <summary>Flattens structured metric values (numbers, arrays, matrices, reports) to path → number.</summary>
internal static class Flat
{
    public static Dictionary<string, double> Of(object value)
    {
        var d = new Dictionary<string, double>();
        Walk(value, "", d);
        return d;
    }

    private static void Walk(object v, string path, Dictionary<string, double> d)
    {
        switch (v)
        {
            case double x: d[path] = x; break;
            case double[] a: for (int i = 0; i < a.Length; i++) d[$"{path}[{i}]"] = a[i]; break;
            case double[][] m: for (int i = 0; i < m.Length; i++) Walk(m[i], $"{path}[{i}]", d); break;
            case IReadOnlyDictionary<string, object> o: foreach (var (k, x) in o) Walk(x, $"{path}/{k}", d); break;
            default: throw new InvalidOperationException($"unexpected value type {v.GetType()}");
        }
    }

    public static Dictionary<string, double> OfJson(string json)
    {
        var d = new Dictionary<string, double>();
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "", d);
        return d;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, double> d)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number: d[path] = e.GetDouble(); break;
            case JsonValueKind.String: d[path] = double.Parse(e.GetString()!, CultureInfo.InvariantCulture); break;
            case JsonValueKind.Array: { int i = 0; foreach (var x in e.EnumerateArray()) Walk(x, $"{path}[{i++}]", d); break; }
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Walk(p.Value, $"{path}/{p.Name}", d); break;
            default: throw new InvalidOperationException($"unexpected JSON {e.ValueKind}");
        }
    }

    /// <summary>Asserts equal key sets and values within <paramref name="rel"/> relative (NaN = NaN).</summary>
    public static void AssertClose(Dictionary<string, double> expected, Dictionary<string, double> actual, double rel = 1e-9, string context = "")
    {
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"{context}: keys differ: expected [{string.Join(", ", expected.Keys.Order())}], got [{string.Join(", ", actual.Keys.Order())}]");
        foreach (var (k, e) in expected)
        {
            double a = actual[k];
            bool ok = double.IsNaN(e) ? double.IsNaN(a) : Math.Abs(a - e) <= rel * Math.Abs(e) + 1e-15;
            Assert.True(ok, $"{context}{k}: expected {e:R}, got {a:R}");
        }
    }
}
