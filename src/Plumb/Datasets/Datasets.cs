namespace Plumb.Datasets;

/// <summary>
/// Small real datasets shipped inside Plumb (exported unchanged from scikit-learn 1.2.1's copies of the UCI
/// datasets, CC BY 4.0; diabetes from Efron et al. 2004), so examples and tests need no download.
/// </summary>
public static class BuiltInDatasets
{
    /// <summary>Wisconsin Diagnostic Breast Cancer: 569 × 30, binary target <c>benign</c> (357 of 569 are 1).</summary>
    public static TabularData BreastCancer() => Load("breast_cancer", "benign");

    /// <summary>Diabetes: 442 × 10 raw features, regression target <c>progression</c>.</summary>
    public static TabularData Diabetes() => Load("diabetes", "progression");

    /// <summary>Iris: 150 × 4, target <c>species</c> 0–2.</summary>
    public static TabularData Iris() => Load("iris", "species");

    /// <summary>Wine: 178 × 13, target <c>cultivar</c> 0–2.</summary>
    public static TabularData Wine() => Load("wine", "cultivar");

    /// <summary>Digits: 1797 × 64 pixels (0–16), target <c>digit</c> 0–9.</summary>
    public static TabularData Digits() => Load("digits", "digit");

    private static TabularData Load(string name, string target)
    {
        using var stream = typeof(BuiltInDatasets).Assembly.GetManifestResourceStream($"Plumb.Datasets.{name}.csv")
            ?? throw new InvalidOperationException($"embedded dataset '{name}' is missing from the Plumb assembly");
        using var reader = new StreamReader(stream);
        return TabularData.ParseCsv(reader, target, name + ".csv");
    }
}
