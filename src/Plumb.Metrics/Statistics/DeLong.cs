namespace Plumb.Metrics.Statistics;

/// <summary>
/// DeLong's test for ROC-AUCs of correlated scores on the same rows, and DeLong's confidence interval of one
/// AUC (DeLong, DeLong &amp; Clarke-Pearson 1988), as R pROC's <c>roc.test(…, method = "delong")</c> and
/// <c>ci.auc(…, method = "delong")</c>; computed with the O(n log n) midrank formulation of Sun &amp; Xu (2014).
/// </summary>
/// <remarks>
/// <para>With m positives X and n negatives Y and ψ(x, y) = 1 if x &gt; y, ½ if x = y, else 0, the structural
/// components are V₁₀(Xᵢ) = (1/n)·Σⱼ ψ(Xᵢ, Yⱼ) and V₀₁(Yⱼ) = (1/m)·Σᵢ ψ(Xᵢ, Yⱼ); the AUC is their mean. For
/// scores r and s: S₁₀ = cov(V₁₀) over positives and S₀₁ = cov(V₀₁) over negatives (denominators m − 1 and
/// n − 1), Var(AUC) = S₁₀/m + S₀₁/n, and Cov(AUCᵣ, AUCₛ) likewise from the cross-covariances.
/// z = (AUC_A − AUC_B)/√(Var_A + Var_B − 2·Cov), p = 2·(1 − Φ(|z|)).</para>
/// <para>Midranks (ties share the mean rank): V₁₀(Xᵢ) = (T_z(Xᵢ) − T_x(Xᵢ))/n and V₀₁(Yⱼ) = 1 − (T_z(Yⱼ) − T_y(Yⱼ))/m,
/// where T_z ranks among all rows, T_x among positives, T_y among negatives.</para>
/// <para>Checked against pROC 1.18.0 (R 4.2.2): AUCs, variances, covariance, z and p agree to 1e-12.</para>
/// <para>A higher score means "more likely positive" (pROC's <c>direction = "&lt;"</c>). Unweighted.</para>
/// <code>
/// var t = DeLong.Test(target, scoreA, scoreB);   // t.AucA, t.AucB, t.Z, t.P
/// var ci = DeLong.Interval(target, scoreA, 0.95); // AUC ± 1.96·√Var, clipped to [0, 1]
/// </code>
/// </remarks>
public static class DeLong
{
    /// <summary>DeLong's test of AUC_A = AUC_B for two scores of the same rows.</summary>
    /// <param name="target">0/1 labels.</param>
    /// <param name="scoreA">Scores of model A (higher = positive).</param>
    /// <param name="scoreB">Scores of model B, same rows.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is not finite, or a class has fewer than 2 rows.</exception>
    public static DeLongTest Test(ReadOnlySpan<double> target, ReadOnlySpan<double> scoreA, ReadOnlySpan<double> scoreB)
    {
        if (scoreB.Length != target.Length) throw new ArgumentException($"DeLong: {target.Length} targets but {scoreB.Length} scores of model B");
        var a = Components(target, scoreA);
        var b = Components(target, scoreB);
        double cov = Covariance(a.V10, b.V10) / a.V10.Length + Covariance(a.V01, b.V01) / a.V01.Length;
        double varDiff = a.Variance + b.Variance - 2 * cov;
        double diff = a.Auc - b.Auc;
        double z = varDiff > 0 ? diff / Math.Sqrt(varDiff) : diff == 0 ? 0 : double.NaN;
        return new DeLongTest(a.Auc, b.Auc, a.Variance, b.Variance, cov, z, Normal.TwoSidedP(z));
    }

    /// <summary>DeLong's confidence interval of one AUC: AUC ± z₍₁₊ₗₑᵥₑₗ₎/₂·√Var, clipped to [0, 1] (as pROC).</summary>
    /// <param name="target">0/1 labels.</param>
    /// <param name="score">Scores (higher = positive).</param>
    /// <param name="level">Confidence level in (0, 1), e.g. 0.95.</param>
    /// <exception cref="ArgumentException">Bad inputs (as <see cref="Test"/>) or a level outside (0, 1).</exception>
    public static DeLongInterval Interval(ReadOnlySpan<double> target, ReadOnlySpan<double> score, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentException($"DeLong: the confidence level must be in (0, 1), got {level}");
        var c = Components(target, score);
        double half = Normal.Quantile(0.5 + level / 2) * Math.Sqrt(c.Variance);
        return new DeLongInterval(c.Auc, c.Variance, new ConfidenceInterval(Math.Max(0, c.Auc - half), Math.Min(1, c.Auc + half), level));
    }

    /// <summary>The structural components V₁₀ (per positive, in row order) and V₀₁ (per negative) of one score.</summary>
    /// <exception cref="ArgumentException">Bad inputs (as <see cref="Test"/>).</exception>
    public static (double[] V10, double[] V01) StructuralComponents(ReadOnlySpan<double> target, ReadOnlySpan<double> score)
    {
        var c = Components(target, score);
        return (c.V10, c.V01);
    }

    private readonly record struct Parts(double Auc, double Variance, double[] V10, double[] V01);

    private static Parts Components(ReadOnlySpan<double> target, ReadOnlySpan<double> score)
    {
        int n = target.Length;
        if (score.Length != n) throw new ArgumentException($"DeLong: {n} targets but {score.Length} scores");
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            double t = target[i];
            if (t != 0 && t != 1) throw new ArgumentException($"DeLong: target {t} at row {i} is not 0 or 1");
            if (!double.IsFinite(score[i])) throw new ArgumentException($"DeLong: score {score[i]} at row {i} is not finite");
            if (t == 1) m++;
        }
        int neg = n - m;
        if (m < 2 || neg < 2) throw new ArgumentException($"DeLong needs at least 2 positives and 2 negatives, got {m} and {neg}");
        var pos = new double[m];
        var negs = new double[neg];
        for (int i = 0, p = 0, q = 0; i < n; i++)
            if (target[i] == 1) pos[p++] = score[i];
            else negs[q++] = score[i];
        var all = new double[n];
        pos.CopyTo(all, 0);
        negs.CopyTo(all, m);
        double[] tx = Midranks(pos), ty = Midranks(negs), tz = Midranks(all);
        var v10 = new double[m];
        var v01 = new double[neg];
        double sum = 0;
        for (int i = 0; i < m; i++) sum += v10[i] = (tz[i] - tx[i]) / neg;
        for (int j = 0; j < neg; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
        double auc = sum / m;
        double variance = Covariance(v10, v10) / m + Covariance(v01, v01) / neg;
        return new Parts(auc, variance, v10, v01);
    }

    /// <summary>1-based ranks with ties sharing their mean rank, in the input's order.</summary>
    internal static double[] Midranks(double[] x)
    {
        int n = x.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = (double[])x.Clone();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            double r = 0.5 * (i + j - 1) + 1;
            for (int k = i; k < j; k++) ranks[order[k]] = r;
            i = j;
        }
        return ranks;
    }

    private static double Covariance(double[] a, double[] b)
    {
        int n = a.Length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
        ma /= n;
        mb /= n;
        double s = 0;
        for (int i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
        return s / (n - 1);
    }
}

/// <summary>The result of <see cref="DeLong.Test"/>.</summary>
/// <param name="AucA">ROC-AUC of model A.</param>
/// <param name="AucB">ROC-AUC of model B.</param>
/// <param name="VarianceA">DeLong variance of AUC_A.</param>
/// <param name="VarianceB">DeLong variance of AUC_B.</param>
/// <param name="Covariance">DeLong covariance of AUC_A and AUC_B.</param>
/// <param name="Z">(AUC_A − AUC_B)/√(Var_A + Var_B − 2·Cov); 0 when the AUCs and the variance of their difference are 0.</param>
/// <param name="P">Two-sided p-value of <paramref name="Z"/>.</param>
public sealed record DeLongTest(double AucA, double AucB, double VarianceA, double VarianceB, double Covariance, double Z, double P)
{
    /// <summary>AUC_B − AUC_A.</summary>
    public double Difference => AucB - AucA;

    /// <summary>Standard error of the difference, √(Var_A + Var_B − 2·Cov).</summary>
    public double StandardError => Math.Sqrt(Math.Max(0, VarianceA + VarianceB - 2 * Covariance));
}

/// <summary>The result of <see cref="DeLong.Interval"/>.</summary>
/// <param name="Auc">The ROC-AUC.</param>
/// <param name="Variance">Its DeLong variance.</param>
/// <param name="Interval">AUC ± z·√Var, clipped to [0, 1].</param>
public sealed record DeLongInterval(double Auc, double Variance, ConfidenceInterval Interval);
