using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

public class NameSuggestionTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)] // the textbook example
    [InlineData("", "abc", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void Levenshtein_matches_textbook_values(string a, string b, int d) => Assert.Equal(d, NameSuggestion.Levenshtein(a, b));

    [Fact]
    public void Closest_suggests_near_names_only()
    {
        Assert.Equal("roc_auc", NameSuggestion.Closest("roc_acu", ["accuracy", "roc_auc", "f1"]));
        Assert.Equal("accuracy", NameSuggestion.Closest("ACCURACY", ["accuracy"]));
        Assert.Null(NameSuggestion.Closest("banana", ["accuracy", "roc_auc"]));
    }
}
