using CsCheck;
using Plumb.Metrics.Statistics;

namespace Plumb.Metrics.Tests.Statistics;

/// <summary>DeLong's test, McNemar's test and the normal distribution against independent references.</summary>
public class StatisticalTestReferenceTests
{
    // 40 rows, scores on a 0.1 grid (ties within and across classes): rng = numpy.random.default_rng(15),
    // y = rng.random(40) < 0.45, a = round(0.8·y + N(0, 0.6), 1), b = round(1.1·y + 0.5·a + N(0, 0.6), 1).
    // Reference: R 4.2.2 with pROC 1.18.0 (Debian r-cran-proc):
    //   ra <- roc(y, a, levels=c(0,1), direction="<"); rb <- roc(y, b, levels=c(0,1), direction="<")
    //   roc.test(ra, rb, method="delong", paired=TRUE)  → Z = -2.078679788998937461, p = 0.037646791844232849
    //   auc(ra), auc(rb)                                → 0.75125, 0.90125
    //   var(ra, method="delong"), var(rb, …), cov(ra, rb, method="delong")
    //                                                   → 0.0061807565789473683, 0.0024110197368421050, 0.0016922697368421053
    //   ci.auc(ra, conf.level=0.95, method="delong")    → 0.59716196711372871, 0.90533803288627124
    // An independent numpy implementation of the O(m·n) definition (scipy 1.10.1 for Φ) gives the same digits.
    private static readonly double[] Y = [0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    private static readonly double[] A = [0.9, 1.3, 1.1, 0.4, -1.0, -0.2, -0.1, 0.9, -0.4, 1.1, 0.2, 0.6, 0.5, -0.6, 1.4, 0.3, 0.0, 1.2, 0.6, 0.6, 1.4, -0.8, -0.1, -0.3, 0.0, 0.1, 1.5, 0.5, 0.3, 0.5, 1.8, 0.2, -0.1, 0.4, 0.7, -0.2, 0.7, 0.0, 1.3, 1.2];
    private static readonly double[] B = [0.4, 1.0, 1.8, 0.9, -0.9, 1.7, -0.5, 0.7, 0.3, 1.6, 1.1, 0.8, 1.5, -0.5, 3.1, 1.4, 0.9, 1.9, -0.5, -0.3, 2.1, -1.1, 0.1, 0.1, 0.1, 0.6, 3.0, 0.4, 1.9, 1.2, 1.7, -0.3, -0.4, 1.6, 2.1, 1.3, 2.7, 2.0, 2.3, 1.7];

    [Fact]
    public void DeLongMatchesTheIndependentReference()
    {
        var t = DeLong.Test(Y, A, B);
        Assert.Equal(0.75125, t.AucA, 1e-12);
        Assert.Equal(0.9012499999999999, t.AucB, 1e-12);
        Assert.Equal(0.006180756578947368, t.VarianceA, 1e-14);
        Assert.Equal(0.002411019736842105, t.VarianceB, 1e-14);
        Assert.Equal(0.0016922697368421053, t.Covariance, 1e-14);
        Assert.Equal(-2.0786797889989375, t.Z, 1e-11);
        Assert.Equal(0.03764679184423281, t.P, 1e-12);
        // AUCs are scikit-learn's (ties one half).
        Assert.Equal(RocAuc.Binary(Y, A), t.AucA, 1e-15);
        Assert.Equal(RocAuc.Binary(Y, B), t.AucB, 1e-15);
        // Single-AUC interval: AUC ± Φ⁻¹(0.975)·√Var (same script: scipy stats.norm.ppf(0.975)).
        var ci = DeLong.Interval(Y, A, 0.95);
        Assert.Equal(0.5971619671137287, ci.Interval.Lower, 1e-12);
        Assert.Equal(0.9053380328862712, ci.Interval.Upper, 1e-12);
    }

    /// <summary>The O(m·n) definition: ψ, structural components, sample covariances.</summary>
    private static (double Auc, double[] V10, double[] V01) Definition(double[] y, double[] s)
    {
        var pos = Enumerable.Range(0, y.Length).Where(i => y[i] == 1).ToArray();
        var neg = Enumerable.Range(0, y.Length).Where(i => y[i] == 0).ToArray();
        static double Psi(double x, double z) => x > z ? 1 : x == z ? 0.5 : 0;
        var v10 = pos.Select(i => neg.Average(j => Psi(s[i], s[j]))).ToArray();
        var v01 = neg.Select(j => pos.Average(i => Psi(s[i], s[j]))).ToArray();
        return (v10.Average(), v10, v01);
    }

    private static double Cov(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        return a.Zip(b, (x, z) => (x - ma) * (z - mb)).Sum() / (a.Length - 1);
    }

    [Fact]
    public void DeLongEqualsItsDefinition()
    {
        var gen = from n in Gen.Int[4, 120]
                  from coarse in Gen.Bool
                  from y in Gen.Int[0, 1].Select(v => (double)v).Array[n]
                  from a in (coarse ? Gen.Int[0, 8].Select(v => v / 8.0) : Gen.Double[-3, 3]).Array[n]
                  from b in (coarse ? Gen.Int[0, 5].Select(v => v / 5.0) : Gen.Double[-3, 3]).Array[n]
                  select (y, a, b);
        gen.Sample(d =>
        {
            var (y, a, b) = d;
            y[0] = y[1] = 0;
            y[^1] = y[^2] = 1;
            var t = DeLong.Test(y, a, b);
            var (aucA, a10, a01) = Definition(y, a);
            var (aucB, b10, b01) = Definition(y, b);
            int m = a10.Length, n = a01.Length;
            Assert.Equal(aucA, t.AucA, 1e-9);
            Assert.Equal(aucB, t.AucB, 1e-9);
            Assert.Equal(Cov(a10, a10) / m + Cov(a01, a01) / n, t.VarianceA, 1e-9);
            Assert.Equal(Cov(b10, b10) / m + Cov(b01, b01) / n, t.VarianceB, 1e-9);
            Assert.Equal(Cov(a10, b10) / m + Cov(a01, b01) / n, t.Covariance, 1e-9);
            var (v10, v01) = DeLong.StructuralComponents(y, a);
            for (int i = 0; i < m; i++) Assert.Equal(a10[i], v10[i], 1e-9);
            for (int j = 0; j < n; j++) Assert.Equal(a01[j], v01[j], 1e-9);
        }, iter: 200);
    }

    [Fact]
    public void DeLongIsInvariantToRowOrderAndAntisymmetricInTheModels()
    {
        var perm = Enumerable.Range(0, Y.Length).OrderBy(i => (i * 17) % Y.Length).ToArray();
        var t = DeLong.Test(Y, A, B);
        var shuffled = DeLong.Test(perm.Select(i => Y[i]).ToArray(), perm.Select(i => A[i]).ToArray(), perm.Select(i => B[i]).ToArray());
        Assert.Equal(t.Z, shuffled.Z, 1e-12);
        Assert.Equal(t.Covariance, shuffled.Covariance, 1e-15);
        var swapped = DeLong.Test(Y, B, A);
        Assert.Equal(-t.Z, swapped.Z, 1e-12);
        Assert.Equal(t.P, swapped.P, 1e-15);
        // A strictly increasing transform of a score changes neither its AUC nor its variance.
        var monotone = DeLong.Test(Y, A.Select(x => Math.Exp(3 * x)).ToArray(), B);
        Assert.Equal(t.VarianceA, monotone.VarianceA, 1e-15);
        Assert.Equal(t.Z, monotone.Z, 1e-12);
    }

    [Theory]
    [InlineData(3, 11)]
    [InlineData(30, 45)]
    public void McNemarIsSymmetricInTheModels(long b, long c) => Assert.Equal(McNemar.Test(b, c).P, McNemar.Test(c, b).P, 1e-15);

    [Fact]
    public void DeLongOfIdenticalScoresIsNoDifference()
    {
        var t = DeLong.Test(Y, A, A);
        Assert.Equal(0, t.Z);
        Assert.Equal(1, t.P);
    }

    [Fact]
    public void DeLongRefusesOneClass() =>
        Assert.Throws<ArgumentException>(() => DeLong.Test([0, 0, 0, 1], [0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]));

    // b, c, exact p, χ², chi-square p. Exact by hand for (2, 8): 2·(C(10,0) + C(10,1) + C(10,2))/2¹⁰ = 112/1024;
    // all from scipy 1.10.1: 2·stats.binom.cdf(min(b, c), b + c, 0.5) and stats.chi2.sf((|b − c| − 1)²/(b + c), 1),
    // the formulas of statsmodels' mcnemar(exact=True) and mcnemar(exact=False, correction=True).
    [Theory]
    [InlineData(2, 8, 0.109375, 2.5, 0.11384629800665763)]
    [InlineData(0, 5, 0.0625, 3.2, 0.07363827012030258)]
    [InlineData(10, 3, 0.09228515625, 2.769230769230769, 0.0960923294556734)]
    [InlineData(7, 7, 1.0, 0.07142857142857142, 0.7892680261342813)]
    [InlineData(30, 45, 0.10534226887460482, 2.6133333333333333, 0.10596880912720207)]
    [InlineData(120, 80, 0.005685155996750306, 7.605, 0.005820666407810877)]
    public void McNemarMatchesScipy(long b, long c, double exact, double chi2, double chiP)
    {
        var e = McNemar.Exact(b, c);
        Assert.True(e.IsExact);
        Assert.Equal(Math.Min(b, c), e.Statistic);
        Assert.Equal(exact, e.P, 1e-13);
        var x = McNemar.ChiSquare(b, c);
        Assert.False(x.IsExact);
        Assert.Equal(chi2, x.Statistic, 1e-13);
        Assert.Equal(chiP, x.P, 1e-13);
        Assert.Equal(b + c < McNemar.ExactBelow, McNemar.Test(b, c).IsExact);
    }

    [Fact]
    public void McNemarWithoutDiscordantRowsIsNoDifference()
    {
        Assert.Equal(1, McNemar.Test(0, 0).P);
        Assert.Equal((1, 2), McNemar.Discordant([1, 0, 1, 0], [1, 0, 0, 1], [1, 1, 1, 0]));
    }

    // scipy 1.10.1: stats.norm.ppf(p) and 2·stats.norm.sf(z).
    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.995, 2.5758293035489004)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantileMatchesScipy(double p, double z) => Assert.Equal(z, Normal.Quantile(p), 1e-13);

    [Theory]
    [InlineData(0.5, 0.6170750774519738)]
    [InlineData(1.96, 0.04999579029644087)]
    [InlineData(3.0, 0.0026997960632601866)]
    [InlineData(5.0, 5.733031437583866e-07)]
    [InlineData(8.0, 1.244192114854348e-15)]
    public void NormalTwoSidedPMatchesScipy(double z, double p) => Assert.Equal(p, Normal.TwoSidedP(z), p * 1e-12);
}
