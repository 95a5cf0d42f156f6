using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Plumb.Data;
using Plumb.IO;
using Plumb.Layers;
using Plumb.Metrics;
using Plumb.Training;

namespace Plumb.Tabular;

/// <summary>
/// A tabular model folder (written by <c>plumb train</c>): <c>plumb-model.json</c> (format <c>plumb.tabular/1</c>:
/// the architecture, target encoding, threshold and preprocessing) and <c>model.json</c> (the weights). Loading
/// treats the folder as untrusted input: the run manifest is verified, then every field is range-checked before
/// anything is allocated; each failure is a <see cref="RunFolderException"/> naming the file and the field.
/// </summary>
public static class TabularModelFile
{
    /// <summary>The description's file name.</summary>
    public const string SpecFile = "plumb-model.json";

    /// <summary>The weights' file name.</summary>
    public const string WeightsFile = "model.json";

    /// <summary>The description's format.</summary>
    public const string Format = "plumb.tabular/1";

    private const long MaxSpecBytes = 64L << 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <c>plumb-model.json</c> into <paramref name="dir"/>.</summary>
    /// <param name="dir">The (staging) run folder.</param>
    /// <param name="spec">The architecture.</param>
    /// <param name="preprocessor">The fitted preprocessing.</param>
    public static void Save(string dir, TabularModelSpec spec, Preprocessor preprocessor)
    {
        var doc = new JsonObject
        {
            ["Format"] = Format,
            ["Spec"] = JsonSerializer.SerializeToNode(spec, Json),
            ["Preprocessor"] = JsonSerializer.SerializeToNode(preprocessor, Json),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, SpecFile), doc.ToJsonString(Json));
    }

    /// <summary>Verifies the folder's run manifest and reads and checks <c>plumb-model.json</c> (no weights are read).</summary>
    /// <param name="dir">The run folder.</param>
    /// <exception cref="RunFolderException">Names the file and field at fault.</exception>
    public static (TabularModelSpec Spec, Preprocessor Preprocessor) Read(string dir)
    {
        // A crash between the two renames of the fallback commit leaves the old run aside: put it back first.
        RunCommit.Recover(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar));
        if (!Directory.Exists(dir)) throw new RunFolderException(dir, null, "no such folder");
        RunManifest.Verify(dir, SpecFile, WeightsFile);
        string path = Path.Combine(dir, SpecFile);
        long size = new FileInfo(path).Length;
        if (size > MaxSpecBytes) throw new RunFolderException(path, null, $"{size} bytes, over the limit of {MaxSpecBytes}");
        JsonObject doc;
        try { doc = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new RunFolderException(path, null, $"not valid JSON: {e.Message}"); }
        var r = new Reader(path);
        string format = r.String(doc, "Format");
        if (format != Format) throw r.Bad("Format", $"'{format}' is not a supported format (expected '{Format}')");
        var spec = ReadSpec(r, r.Object(doc, "Spec"));
        var pre = ReadPreprocessor(r, r.Object(doc, "Preprocessor"));
        int produced = pre.FeatureNames.Count;
        if (produced != spec.Features) throw r.Bad("Spec.Features", $"{spec.Features}, but the preprocessing produces {produced} features");
        long parameters = TabularLimits.Parameters(spec.Features, spec.Hidden, spec.Outputs);
        if (4.0 * parameters > TabularLimits.MemoryBudget)
            throw r.Bad("Spec.Hidden", $"{parameters} weights ({TabularLimits.Gigabytes(4.0 * parameters)}) exceed the memory budget of {TabularLimits.Gigabytes(TabularLimits.MemoryBudget)}");
        return (spec, pre);
    }

    /// <summary>
    /// Loads a tabular model folder: <see cref="Read"/>, then the weights, whose file size and tensor shapes must
    /// match the description.
    /// </summary>
    /// <param name="dir">The run folder.</param>
    /// <exception cref="RunFolderException">Names the file and field at fault.</exception>
    public static (TabularModelSpec Spec, Preprocessor Preprocessor, Model Model) Load(string dir)
    {
        var (spec, pre) = Read(dir);
        string weights = Path.Combine(dir, WeightsFile);
        long parameters = TabularLimits.Parameters(spec.Features, spec.Hidden, spec.Outputs);
        // base64 of float32 weights plus (Adam) optimizer state: at most ~3× the weights, 4/3 for base64, plus headers.
        long maxBytes = 4 * parameters * 3 * 4 / 3 + (1 << 20);
        long size = new FileInfo(weights).Length;
        if (size > maxBytes) throw new RunFolderException(weights, null, $"{size} bytes, more than the {maxBytes} a model of {parameters} weights can need");
        var model = new Model(spec.Build());
        try
        {
            model.LoadWeights(weights);
            return (spec, pre, model);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or JsonException or InvalidCastException)
        {
            model.Dispose();
            throw new RunFolderException(weights, "weights", e is FormatException ? "not valid base64" : e.Message);
        }
    }

    private static TabularModelSpec ReadSpec(Reader r, JsonObject s)
    {
        const string tasks = "is not one of Binary, Multiclass, Multilabel, Regression, Ranking";
        string taskName = s["Task"] is JsonValue tv && tv.TryGetValue(out string? tn) ? tn
            : throw r.Bad("Spec.Task", s["Task"] is null ? "missing" : $"{s["Task"]!.ToJsonString()} {tasks}");
        if (!Enum.TryParse(taskName, ignoreCase: true, out MetricTask task) || !Enum.IsDefined(task) || int.TryParse(taskName, out _))
            throw r.Bad("Spec.Task", $"'{taskName}' {tasks}");
        var targets = r.Strings(s, "Spec.Targets", "Targets", 1, TabularLimits.MaxOutputs);
        var classes = r.Strings(s, "Spec.Classes", "Classes", task is MetricTask.Regression or MetricTask.Ranking ? 0 : 1, TabularLimits.MaxOutputs);
        string? group = s["Group"] is null ? null : r.String(s, "Spec.Group", "Group");
        if (task == MetricTask.Ranking && group is null) throw r.Bad("Spec.Group", "missing (a ranking model names its query id column)");
        if (task == MetricTask.Ranking && targets.Count != 1) throw r.Bad("Spec.Targets", $"{targets.Count} targets, a ranking model has 1");
        int features = r.Int(s, "Spec.Features", "Features", 1, TabularLimits.MaxFeatures);
        int outputs = r.Int(s, "Spec.Outputs", "Outputs", 1, TabularLimits.MaxOutputs);
        var hiddenNode = s["Hidden"] as JsonArray ?? throw r.Bad("Spec.Hidden", "missing (a list of layer sizes)");
        if (hiddenNode.Count > TabularLimits.MaxLayers) throw r.Bad("Spec.Hidden", $"{hiddenNode.Count} layers, over the limit of {TabularLimits.MaxLayers}");
        var hidden = new List<int>();
        for (int i = 0; i < hiddenNode.Count; i++) hidden.Add(r.Int(hiddenNode[i], $"Spec.Hidden[{i}]", 1, TabularLimits.MaxUnits));
        string activation = r.Activation(s, "Spec.Activation", "Activation");
        string outAct = r.Activation(s, "Spec.OutputActivation", "OutputActivation");
        double dropout = r.Number(s, "Spec.Dropout", "Dropout", 0);
        if (dropout is not (>= 0 and < 1)) throw r.Bad("Spec.Dropout", $"{Show(dropout)} is not in [0, 1)");
        double threshold = r.Number(s, "Spec.Threshold", "Threshold", 0.5);
        if (threshold is not (>= 0 and <= 1)) throw r.Bad("Spec.Threshold", $"{Show(threshold)} is not a probability in [0, 1]");
        double mean = r.Number(s, "Spec.TargetMean", "TargetMean", 0);
        if (!double.IsFinite(mean)) throw r.Bad("Spec.TargetMean", $"{Show(mean)} is not finite");
        double std = r.Number(s, "Spec.TargetStd", "TargetStd", 1);
        if (!(std > 0 && double.IsFinite(std))) throw r.Bad("Spec.TargetStd", $"{Show(std)} is not a finite number > 0");
        int expected = task switch { MetricTask.Multiclass => classes.Count, MetricTask.Multilabel => targets.Count, _ => 1 };
        if (outputs != expected) throw r.Bad("Spec.Outputs", $"{outputs}, but a {task.ToString().ToLowerInvariant()} model with these targets/classes has {expected}");
        if (task == MetricTask.Binary && classes.Count != 2) throw r.Bad("Spec.Classes", $"{classes.Count} classes, a binary model has 2");
        if (task == MetricTask.Multiclass && classes.Count < 2) throw r.Bad("Spec.Classes", $"{classes.Count} class(es), a multiclass model has at least 2");
        if (task == MetricTask.Multilabel && classes.Count != targets.Count) throw r.Bad("Spec.Classes", $"{classes.Count} labels for {targets.Count} targets");
        return new TabularModelSpec
        {
            Task = task, Targets = targets, Classes = classes, Features = features, Outputs = outputs, Hidden = hidden,
            Activation = activation, Dropout = dropout, OutputActivation = outAct, TargetMean = mean, TargetStd = std, Threshold = threshold,
            Group = group,
        };
    }

    private static Preprocessor ReadPreprocessor(Reader r, JsonObject p)
    {
        var cols = p["Columns"] as JsonArray ?? throw r.Bad("Preprocessor.Columns", "missing (a list of column plans)");
        if (cols.Count is 0 or > TabularLimits.MaxFeatures) throw r.Bad("Preprocessor.Columns", $"{cols.Count} columns, expected 1…{TabularLimits.MaxFeatures}");
        var plans = new List<ColumnPlan>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        long features = 0;
        for (int i = 0; i < cols.Count; i++)
        {
            string at = $"Preprocessor.Columns[{i}]";
            var c = cols[i] as JsonObject ?? throw r.Bad(at, "not an object");
            string name = r.String(c, at + ".Name", "Name");
            if (!names.Add(name)) throw r.Bad(at + ".Name", $"column '{name}' appears twice");
            string kind = r.String(c, at + ".Kind", "Kind");
            if (kind == "numeric")
            {
                double mean = r.Number(c, at + ".Mean", "Mean", 0);
                if (!double.IsFinite(mean)) throw r.Bad(at + ".Mean", $"{Show(mean)} is not finite");
                double std = r.Number(c, at + ".Std", "Std", 1);
                if (!(std > 0 && double.IsFinite(std))) throw r.Bad(at + ".Std", $"{Show(std)} is not a finite number > 0");
                bool standardize = c["Standardize"] is JsonValue b && b.TryGetValue(out bool sb) ? sb
                    : c["Standardize"] is null ? false : throw r.Bad(at + ".Standardize", "not true or false");
                plans.Add(new ColumnPlan { Name = name, Kind = kind, Mean = mean, Std = std, Standardize = standardize });
                features++;
            }
            else if (kind == "categorical")
            {
                var cats = r.Strings(c, at + ".Categories", "Categories", 1, TabularLimits.MaxFeatures);
                if (cats.Distinct(StringComparer.Ordinal).Count() != cats.Count) throw r.Bad(at + ".Categories", "a category appears twice");
                plans.Add(new ColumnPlan { Name = name, Kind = kind, Categories = cats });
                features += cats.Count;
            }
            else throw r.Bad(at + ".Kind", $"'{kind}' is not numeric or categorical");
            if (features > TabularLimits.MaxFeatures) throw r.Bad(at, $"more than {TabularLimits.MaxFeatures} features");
        }
        return new Preprocessor { Columns = plans };
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Reader(string path)
    {
        public RunFolderException Bad(string field, string problem) => new(path, field, problem);

        public JsonObject Object(JsonObject parent, string name) =>
            parent[name] as JsonObject ?? throw Bad(name, parent.ContainsKey(name) ? "not an object" : "missing");

        public string String(JsonObject parent, string field, string? name = null)
        {
            var n = parent[name ?? field];
            return n is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad(field, n is null ? "missing" : $"{Short(n)} is not a string");
        }

        public int Int(JsonObject parent, string field, string name, int min, int max) =>
            parent.ContainsKey(name) ? Int(parent[name], field, min, max) : throw Bad(field, "missing");

        public int Int(JsonNode? n, string field, int min, int max)
        {
            if (n is not JsonValue v || !v.TryGetValue(out double d) || d != Math.Floor(d))
                throw Bad(field, $"{Short(n)} is not an integer");
            return d >= min && d <= max ? (int)d : throw Bad(field, $"{Show(d)} is not in {min}…{max}");
        }

        public double Number(JsonObject parent, string field, string name, double missing)
        {
            var n = parent[name];
            if (n is null) return parent.ContainsKey(name) ? throw Bad(field, "null is not a number") : missing;
            if (n is JsonValue v)
            {
                if (v.TryGetValue(out double d)) return d;
                if (v.TryGetValue(out string? s))
                    return s switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => throw Bad(field, $"{Short(n)} is not a number") };
            }
            throw Bad(field, $"{Short(n)} is not a number");
        }

        public IReadOnlyList<string> Strings(JsonObject parent, string field, string name, int min, int max)
        {
            var a = parent[name] as JsonArray ?? throw Bad(field, parent.ContainsKey(name) ? "not a list" : "missing");
            if (a.Count < min || a.Count > max) throw Bad(field, $"{a.Count} entries, expected {min}…{max}");
            var list = new List<string>(a.Count);
            for (int i = 0; i < a.Count; i++)
                list.Add(a[i] is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad($"{field}[{i}]", $"{Short(a[i])} is not a string"));
            return list;
        }

        public string Activation(JsonObject parent, string field, string name)
        {
            string a = String(parent, field, name);
            try { return Activations.Normalize(a); }
            catch (ArgumentException) { throw Bad(field, $"unknown activation '{a}'; known: {string.Join(", ", Activations.Names)}"); }
        }

        private static string Short(JsonNode? n)
        {
            string s = n?.ToJsonString() ?? "null";
            return s.Length > 40 ? s[..40] + "…" : s;
        }
    }
}
