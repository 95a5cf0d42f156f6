using Plumb.Metrics;

namespace Plumb.Metrics.Tests;

/// <summary>
/// Several regression outputs with scikit-learn's <c>multioutput=</c>. Reference values: scikit-learn 1.2.1
/// (/usr/bin/python3), e.g. <c>r2_score(Y, P, sample_weight=W, multioutput="variance_weighted")</c>,
/// <c>mean_squared_error(Y, P, multioutput=m, squared=False)</c> for rmse, <c>mean_pinball_loss(Y, P, alpha=0.3, …)</c>,
/// on the 7 × 3 arrays below (output 2 has constant targets: r2/explained variance 0 there, as scikit-learn).
/// </summary>
public class MultiOutputRegressionTests
{
    private static readonly double[] Y = [3.0, 0.5, 2.0, 1.5, 2.0, 2.0, 4.0, 1.0, 2.0, 0.5, 3.5, 2.0, 2.5, 0.0, 2.0, 6.0, 1.5, 2.0, 2.0, 2.5, 2.0];
    private static readonly double[] P = [2.5, 1.0, 2.5, 1.0, 1.5, 2.0, 4.5, 1.5, 1.0, 1.0, 3.0, 2.0, 3.0, 0.5, 3.0, 5.0, 1.0, 2.0, 2.5, 2.0, 2.5];
    private static readonly double[] W = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.25];

    private static string Spec(string name, string mode) =>
        name.EndsWith(')') ? $"{name[..^1]}, multioutput={mode})" : $"{name}(multioutput={mode})";

    private static double[] Values(object result) => result is double d ? [d] : (double[])result;

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    // scikit-learn 1.2.1: name, multioutput, unweighted, weighted (sample_weight=W)
    [InlineData("mse", "raw_values", "0.35714285714285715|0.25|0.35714285714285715", "0.49324324324324326|0.25|0.19594594594594594")]
    [InlineData("mse", "uniform_average", "0.32142857142857145", "0.31306306306306303")]
    [InlineData("rmse", "raw_values", "0.5976143046671968|0.5|0.5976143046671968", "0.702312781631691|0.5|0.4426578203826811")]
    [InlineData("rmse", "uniform_average", "0.5650762031114646", "0.5483235340047906")]
    [InlineData("mae", "raw_values", "0.5714285714285714|0.5|0.42857142857142855", "0.6621621621621622|0.5|0.22972972972972974")]
    [InlineData("mae", "uniform_average", "0.5", "0.46396396396396405")]
    [InlineData("r2", "raw_values", "0.8713235294117647|0.7991803278688524|0.0", "0.8899078829379636|0.765982905982906|0.0")]
    [InlineData("r2", "uniform_average", "0.556834619093539", "0.5519635963069566")]
    [InlineData("r2", "variance_weighted", "0.8489847715736041", "0.8660479199578726")]
    [InlineData("explained_variance", "raw_values", "0.8713235294117647|0.8032786885245902|0.0", "0.9114697970163854|0.8153846153846154|0.0")]
    [InlineData("explained_variance", "uniform_average", "0.5582007393121183", "0.5756181374670003")]
    [InlineData("explained_variance", "variance_weighted", "0.850253807106599", "0.8929699842022115")]
    [InlineData("median_absolute_error", "raw_values", "0.5|0.5|0.5", "0.5|0.5|0.0")]
    [InlineData("median_absolute_error", "uniform_average", "0.5", "0.3333333333333333")]
    [InlineData("mape", "raw_values", "0.32023809523809527|321685687669321.5|0.21428571428571427", "0.34144144144144145|243437817695702.8|0.11486486486486487")]
    [InlineData("mape", "uniform_average", "107228562556440.67", "81145939231901.1")]
    [InlineData("msle", "raw_values", "0.03211773992750035|0.059660777620137405|0.042098256126532715", "0.03688202554784179|0.05564008192737525|0.021044863986026154")]
    [InlineData("msle", "uniform_average", "0.04462559122472348", "0.03785565715374773")]
    [InlineData("pinball(alpha=0.3)", "raw_values", "0.2857142857142857|0.2357142857142857|0.24285714285714283", "0.2689189189189189|0.20405405405405405|0.13918918918918918")]
    [InlineData("pinball(alpha=0.3)", "uniform_average", "0.25476190476190474", "0.20405405405405405")]
    [InlineData("d2_absolute_error", "raw_values", "0.5555555555555556|0.46153846153846156|0.0", "0.6370370370370371|0.3392857142857143|0.0")]
    [InlineData("d2_absolute_error", "uniform_average", "0.33903133903133903", "0.32544091710758377")]
    public void Matches_scikit_learn(string name, string mode, string unweighted, string weighted)
    {
        foreach (var (expected, w) in new[] { (unweighted, (double[]?)null), (weighted, W) })
        {
            var m = (IStructuredMetric)MetricRegistry.Create(Spec(name, mode), new MetricOptions { Task = MetricTask.Regression });
            m.Update(new MetricBatch(Y, P, 3, w ?? default(ReadOnlySpan<double>)));
            AssertClose([.. expected.Split('|').Select(double.Parse)], Values(m.ComputeStructured()));
        }
    }

    [Theory]
    [InlineData("r2", "variance_weighted")]
    [InlineData("explained_variance", "raw_values")]
    [InlineData("median_absolute_error", "uniform_average")]
    [InlineData("rmse", "raw_values")]
    public void Streaming_merge_and_saved_state_equal_one_pass(string name, string mode)
    {
        var one = (IStructuredMetric)MetricRegistry.Create(Spec(name, mode));
        one.Update(new MetricBatch(Y, P, 3, W));
        var a = (IMergeableMetric)MetricRegistry.Create(Spec(name, mode));
        var b = (IMergeableMetric)MetricRegistry.Create(Spec(name, mode));
        var c = (IMergeableMetric)MetricRegistry.Create(Spec(name, mode));
        a.Update(new MetricBatch(Y.AsSpan(0, 6), P.AsSpan(0, 6), 3, W.AsSpan(0, 2)));
        a.Update(new MetricBatch(Y.AsSpan(6, 6), P.AsSpan(6, 6), 3, W.AsSpan(2, 2)));
        b.Update(new MetricBatch(Y.AsSpan(12), P.AsSpan(12), 3, W.AsSpan(4)));
        c.LoadState(b.SaveState());
        a.Merge(c);
        AssertClose(Values(one.ComputeStructured()), Values(((IStructuredMetric)a).ComputeStructured()));
    }

    [Fact]
    public void Constant_targets_everywhere_fall_back_to_the_uniform_mean()
    {
        // scikit-learn 1.2.1: r2_score([[1, 2]] * 3, [[1, 2.5], [1, 2], [1, 1.5]], multioutput="variance_weighted") = 0.5
        // (raw [1, 0]); explained_variance_score likewise 0.5.
        foreach (string name in new[] { "r2", "explained_variance" })
        {
            var m = MetricRegistry.Create($"{name}(multioutput=variance_weighted)");
            m.Update(new MetricBatch([1.0, 2, 1, 2, 1, 2], [1.0, 2.5, 1, 2, 1, 1.5], 2));
            Assert.Equal(0.5, m.Compute(), 15);
        }
    }

    [Fact]
    public void Bad_input_leaves_the_state_unchanged_and_variance_weighting_is_for_r2_only()
    {
        var m = MetricRegistry.Create("msle(multioutput=raw_values)");
        m.Update(new MetricBatch([1.0, 2], [1.0, 3], 2));
        var e = Assert.Throws<ArgumentException>(() => m.Update(new MetricBatch([1.0, -2], [1.0, 3], 2)));
        Assert.Contains("output 1: msle: target -2 at index 1", e.Message); // the second row of the stream
        // Hand: only the first batch counts: output 0 error 0, output 1 (ln 3 − ln 4)².
        var v = (double[])((IStructuredMetric)m).ComputeStructured();
        Assert.Equal(0.0, v[0]);
        Assert.Equal(Math.Pow(Math.Log(3) - Math.Log(4), 2), v[1], 15);
        Assert.Throws<ArgumentException>(() => MetricRegistry.Create("mae(multioutput=variance_weighted)"));
        var plain = MetricRegistry.Create("mae");
        e = Assert.Throws<ArgumentException>(() => plain.Update(new MetricBatch([1.0, 2], [1.0, 3], 2)));
        Assert.Contains("multioutput", e.Message);
    }
}
