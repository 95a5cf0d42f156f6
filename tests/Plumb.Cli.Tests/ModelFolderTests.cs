using System.Text.Json.Nodes;
using Plumb.IO;

namespace Plumb.Cli.Tests;

/// <summary>A trained binary model folder, shared by the damage tests (trained once).</summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        Root = Directory.CreateTempSubdirectory("plumb-modelfolder").FullName;
        Model = Path.Combine(Root, "model");
        var (code, _, err) = CliTests.Run("train", "--data", Data, "--target", "benign", "--epochs", "1", "--hidden", "8,4", "--out", Model);
        if (code != 0) throw new InvalidOperationException(err);
    }

    public static string Data => TrainCommandTests.Dataset("breast_cancer.csv");

    public string Root { get; }

    public string Model { get; }

    public void Dispose() => Directory.Delete(Root, true);
}

/// <summary>
/// A model folder is untrusted input: each damage is refused with exit 2 and one line naming the file and field,
/// before the model is built. The damaged folders carry a matching manifest (as a crafted folder would), so the
/// schema check itself is what refuses them.
/// </summary>
[Collection(TorchCollection.Name)]
public class ModelFolderTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    /// <summary>Damage name → (file, edit of the JSON or raw text, expected text in the error line).</summary>
    public static TheoryData<string> Damages => [.. Cases.Keys];

    private static readonly Dictionary<string, (string File, Action<JsonObject> Edit, string Expected)> Cases = new()
    {
        ["weights file elsewhere"] = ("model.json", d => d["weights_file"] = "../x.weights", "must be a file name beside it"),
        ["weights file missing"] = ("model.json", d => d["weights_file"] = "gone.weights", "keeps its tensors in 'gone.weights' beside it, which is missing"),
        ["Preprocessor missing"] = ("plumb-model.json", d => d.Remove("Preprocessor"), "plumb-model.json: Preprocessor: missing"),
        ["Spec missing"] = ("plumb-model.json", d => d.Remove("Spec"), "plumb-model.json: Spec: missing"),
        ["unknown activation"] = ("plumb-model.json", d => d["Spec"]!["Activation"] = "swishy", "plumb-model.json: Spec.Activation: unknown activation 'swishy'"),
        ["unknown column kind"] = ("plumb-model.json", d => d["Preprocessor"]!["Columns"]![0]!["Kind"] = "ordinal", "plumb-model.json: Preprocessor.Columns[0].Kind: 'ordinal' is not numeric or categorical"),
        ["no classes"] = ("plumb-model.json", d => d["Spec"]!["Classes"] = new JsonArray(), "plumb-model.json: Spec.Classes: 0 entries, expected 1…100000"),
        ["negative layer"] = ("plumb-model.json", d => d["Spec"]!["Hidden"] = new JsonArray(-5), "plumb-model.json: Spec.Hidden[0]: -5 is not in 1…65536"),
        ["no features"] = ("plumb-model.json", d => d["Spec"]!["Features"] = 0, "plumb-model.json: Spec.Features: 0 is not in 1…1000000"),
        ["dropout 5"] = ("plumb-model.json", d => d["Spec"]!["Dropout"] = 5, "plumb-model.json: Spec.Dropout: 5 is not in [0, 1)"),
        ["task 99"] = ("plumb-model.json", d => d["Spec"]!["Task"] = 99, "plumb-model.json: Spec.Task: 99 is not one of Binary, Multiclass, Multilabel, Regression"),
        ["threshold NaN"] = ("plumb-model.json", d => d["Spec"]!["Threshold"] = "NaN", "plumb-model.json: Spec.Threshold: NaN is not a probability in [0, 1]"),
        ["std 0"] = ("plumb-model.json", d => d["Preprocessor"]!["Columns"]![0]!["Std"] = 0, "plumb-model.json: Preprocessor.Columns[0].Std: 0 is not a finite number > 0"),
        ["20 million units"] = ("plumb-model.json", d => d["Spec"]!["Hidden"] = new JsonArray(20_000_000), "plumb-model.json: Spec.Hidden[0]: 20000000 is not in 1…65536"),
        ["weights of another shape"] = ("plumb-model.json", d => d["Spec"]!["Hidden"] = new JsonArray(4, 8), "model.json: weights: the saved weights do not fit this module"),
        ["unversioned"] = ("plumb-model.json", d => d.Remove("Format"), "plumb-model.json: Format: missing"),
        ["features disagree"] = ("plumb-model.json", d => d["Spec"]!["Features"] = 7, "plumb-model.json: Spec.Features: 7, but the preprocessing produces 30 features"),
    };

    [Fact]
    public void The_fourteen_damages_of_the_issue_are_all_covered() => Assert.True(Cases.Count >= 14);

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_model_folder_is_refused_naming_file_and_field(string damage)
    {
        var (file, edit, expected) = Cases[damage];
        string dir = Path.Combine(fixture.Root, "damaged-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (string f in Directory.GetFiles(fixture.Model, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(fixture.Model, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        string path = Path.Combine(dir, file);
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(doc);
        File.WriteAllText(path, doc.ToJsonString());
        RunManifest.Write(dir);

        var (code, output, err) = CliTests.Run("predict", "--model", dir, "--data", TrainedModelFixture.Data);
        Assert.True(code == 2, $"{damage}: exit {code}: {err}");
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(expected, err);
        Assert.Empty(output);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("/proc/plumb-no-such-folder/scores.csv")]   // a folder that cannot exist (root may write anywhere else)
    [InlineData("/dev/null/scores.csv")]                    // a parent that is a file
    public void Predict_to_an_unwritable_path_is_one_line_exit_2_before_any_work(string outPath)
    {
        var (code, output, err) = CliTests.Run("predict", "--model", fixture.Model, "--data", TrainedModelFixture.Data, "--out", outPath);
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains($"cannot write to output folder '{Path.GetDirectoryName(outPath)}'", err);
        Assert.DoesNotContain("internal error", err);
        Assert.Empty(output);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void Predict_names_file_line_numbers_like_eval_and_train()
    {
        var lines = File.ReadLines(TrainedModelFixture.Data).Take(6).ToArray();
        var cells = lines[3].Split(',');
        cells[0] = "abc";
        lines[3] = string.Join(",", cells); // file line 4 (the header is line 1)
        string csv = Path.Combine(fixture.Root, "bad-row.csv");
        File.WriteAllLines(csv, lines);
        var (code, _, err) = CliTests.Run("predict", "--model", fixture.Model, "--data", csv);
        Assert.Equal(2, code);
        Assert.Contains("row 4, column", err);
        Assert.Contains("'abc' is not a number", err);
    }

    [Fact]
    public void The_undamaged_folder_predicts()
    {
        var (code, output, err) = CliTests.Run("predict", "--model", fixture.Model, "--data", TrainedModelFixture.Data);
        Assert.True(code == 0, err);
        Assert.Equal(570, output.TrimEnd().Split('\n').Length); // header + 569 rows
    }
}
