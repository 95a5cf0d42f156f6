namespace Plumb.Metrics.Tests;

/// <summary>
/// Every case of <see cref="SklearnReferenceData"/> (values computed by scikit-learn 1.2.1, each with its python
/// expression): one pass, random shards merged after a save/load round trip, and inside a collection.
/// </summary>
public sealed class SklearnParityTests
{
    public static IEnumerable<object[]> CaseIndices() =>
        Enumerable.Range(0, SklearnReferenceData.Cases.Length).Select(i => new object[] { i });

    [Fact]
    public void ReferenceSetIsLarge() => Assert.True(SklearnReferenceData.Cases.Length >= 1580);

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void MatchesScikitLearn(int index)
    {
        var c = SklearnReferenceData.Cases[index];
        var (target, score, columns, weight) = SklearnReferenceData.Data[c.Data];
        var w = c.Weighted ? weight : null;
        var expected = Flat.OfJson(c.ExpectedJson);

        // one pass
        var metric = MetricRegistry.Create(c.Spec, c.Options);
        metric.Update(new MetricBatch(target, score, columns, w));
        Flat.AssertClose(expected, Flat.Of(Value(metric)), context: $"{c} one pass: ");

        // three shards, the last through SaveState/LoadState, merged
        int n = score.Length / columns, tpr = target.Length / n;
        int[] cuts = [0, n / 3, n / 3 + 1, n];
        var merged = (IMergeableMetric)MetricRegistry.Create(c.Spec, c.Options);
        for (int s = 0; s < 3; s++)
        {
            var shard = (IMergeableMetric)MetricRegistry.Create(c.Spec, c.Options);
            int a = cuts[s], b = cuts[s + 1];
            shard.Update(new MetricBatch(target.AsSpan(a * tpr, (b - a) * tpr), score.AsSpan(a * columns, (b - a) * columns), columns,
                w is null ? default : w.AsSpan(a, b - a)));
            if (s == 2)
            {
                var copy = (IMergeableMetric)MetricRegistry.Create(c.Spec, c.Options);
                copy.LoadState(shard.SaveState());
                shard = copy;
            }
            merged.Merge(shard);
        }
        Flat.AssertClose(expected, Flat.Of(Value(merged)), 1e-9, $"{c} merged shards: ");

        // in a collection next to metrics sharing its state
        string[] specs = c.Task == MetricTask.Regression ? [c.Spec, "mse"] : [c.Spec, "hamming_loss"];
        if (specs[0] == specs[1]) specs = [c.Spec];
        var coll = new MetricCollection(specs, c.Options);
        coll.Update(new MetricBatch(target, score, columns, w));
        Flat.AssertClose(expected, Flat.Of(coll.Compute()[c.Spec]), context: $"{c} in a collection: ");
    }

    private static object Value(IStreamingMetric m) => m is IStructuredMetric s ? s.ComputeStructured() : m.Compute();
}
