using System.Text;

namespace Plumb.Metrics;

/// <summary>
/// Binned ROC-AUC or average precision for binary probabilities: O(bins) memory, like Keras'
/// <c>AUC(num_thresholds=200)</c>, with a guaranteed error bound it reports itself.
/// Specs: <c>roc_auc(bins=200)</c>, <c>average_precision(bins=200)</c>.
/// </summary>
/// <remarks>
/// <para>Scores in [0, 1] (after a sigmoid with <c>FromLogits</c>) fall into B equal bins, bin
/// ⌊s·B⌋ (s = 1 in the last). The state is the positive and negative weight per bin. The value is the exact
/// metric of the quantised scores (each bin one tie group), so it equals the exact value whenever no bin
/// holds both a positive and a negative.</para>
/// <para><b>Error bound</b> (<see cref="ErrorBound"/>), computed from the bins: only pairs inside one bin can be
/// misordered, each by at most ½, so |AUC_binned − AUC_exact| ≤ ½·Σ_b P_b·N_b / (P·N). For AP, every
/// positive of bin b has, in any exact order, a precision between lo_b = TP_a/(TP_a + FP_a + N_b) and
/// hi_b = (TP_a + P_b)/(TP_a + FP_a + P_b) (TP_a, FP_a: weight in higher bins), and so does the binned value, so
/// |AP_binned − AP_exact| ≤ Σ_b (P_b/P)·(hi_b − lo_b).</para>
/// <para>Differences from Keras on purpose: Keras counts predictions strictly above each threshold and
/// interpolates (trapezoid for ROC, Davis–Goadrich for PR); Plumb treats each bin as a tie group and
/// computes the same step-wise quantities as the exact metrics.</para>
/// <code>
/// var m = new BinnedRanking(BinnedRanking.Kind.RocAuc, bins: 200);
/// m.Update(new MetricBatch(y, p));
/// double auc = m.Compute(), bound = m.ErrorBound;
/// </code>
/// </remarks>
public sealed class BinnedRanking : IMergeableMetric
{
    private readonly double[] _pos;
    private readonly double[] _neg;

    /// <summary>Which quantity is computed.</summary>
    public enum Kind
    {
        /// <summary>ROC-AUC.</summary>
        RocAuc,
        /// <summary>Average precision.</summary>
        AveragePrecision,
    }

    /// <summary>Creates a binned metric with <paramref name="bins"/> equal bins on [0, 1].</summary>
    public BinnedRanking(Kind kind, int bins = 200, bool fromLogits = false)
    {
        if (bins < 1 || bins > 1 << 24) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be in 1…16,777,216");
        Quantity = kind;
        Bins = bins;
        FromLogits = fromLogits;
        _pos = new double[bins];
        _neg = new double[bins];
    }

    /// <summary>The computed quantity.</summary>
    public Kind Quantity { get; }

    /// <summary>Number of bins.</summary>
    public int Bins { get; }

    /// <summary>Scores are logits (a sigmoid is applied).</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    public string Name => Quantity == Kind.RocAuc ? "roc_auc" : "average_precision";

    /// <inheritdoc />
    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        if (batch.Columns != 1) throw new ArgumentException($"{Name}(bins): binary only, one score column expected, got {batch.Columns}");
        if (batch.Target.Length != batch.Count) throw new ArgumentException($"{Name}(bins): one target per sample expected");
        int n = batch.Count;
        for (int i = 0; i < n; i++)
        {
            double s = batch.Score[i], t = batch.Target[i];
            if (FromLogits && !double.IsNaN(s)) s = Transforms.Sigmoid(s);
            if (!(s >= 0 && s <= 1)) throw new ArgumentException($"{Name}(bins): score[{i}] = {batch.Score[i]} is not a probability in [0, 1]");
            if (t is not (0 or 1)) throw new ArgumentException($"{Name}(bins): target[{i}] = {t} is not 0 or 1");
            if (!batch.Weight.IsEmpty && !(batch.Weight[i] >= 0 && double.IsFinite(batch.Weight[i])))
                throw new ArgumentException($"{Name}(bins): weight[{i}] = {batch.Weight[i]} is not a finite non-negative number");
        }
        for (int i = 0; i < n; i++)
        {
            double s = batch.Score[i];
            if (FromLogits) s = Transforms.Sigmoid(s);
            int b = Math.Min((int)(s * Bins), Bins - 1);
            double w = batch.Weight.IsEmpty ? 1 : batch.Weight[i];
            if (batch.Target[i] == 1) _pos[b] += w;
            else _neg[b] += w;
        }
    }

    /// <summary>The metric of the quantised scores (see remarks).</summary>
    /// <exception cref="InvalidOperationException">ROC-AUC with only one class present.</exception>
    public double Compute()
    {
        var (v, _) = ValueAndBound();
        if (double.IsNaN(v)) throw new InvalidOperationException("roc_auc is undefined when only one class is present in the targets");
        return v;
    }

    /// <summary>The guaranteed bound on |binned − exact| for the data seen (see remarks).</summary>
    public double ErrorBound => ValueAndBound().Bound;

    private (double Value, double Bound) ValueAndBound()
    {
        double P = 0, N = 0;
        for (int b = 0; b < Bins; b++)
        {
            P += _pos[b];
            N += _neg[b];
        }
        double tpA = 0, fpA = 0, value = 0, bound = 0;
        for (int b = Bins - 1; b >= 0; b--)
        {
            double gp = _pos[b], gn = _neg[b];
            if (Quantity == Kind.RocAuc)
            {
                value += gn * (tpA + 0.5 * gp);
                bound += 0.5 * gp * gn;
            }
            else if (gp > 0)
            {
                value += gp * ((tpA + gp) / (tpA + fpA + gp + gn));
                double hi = (tpA + gp) / (tpA + fpA + gp), d = tpA + fpA + gn, lo = d == 0 ? 1 : tpA / d;
                bound += gp * (hi - lo);
            }
            tpA += gp;
            fpA += gn;
        }
        if (Quantity == Kind.RocAuc)
            return P > 0 && N > 0 ? (value / (P * N), bound / (P * N)) : (double.NaN, double.NaN);
        return P > 0 ? (value / P, bound / P) : (0, 0);
    }

    /// <inheritdoc />
    public void Reset()
    {
        Array.Clear(_pos);
        Array.Clear(_neg);
    }

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not BinnedRanking o || o.Bins != Bins || o.Quantity != Quantity || o.FromLogits != FromLogits)
            throw new ArgumentException($"{Name}(bins={Bins}): can only merge a binned metric with the same settings");
        for (int b = 0; b < Bins; b++)
        {
            _pos[b] += o._pos[b];
            _neg[b] += o._neg[b];
        }
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Bins);
            foreach (double v in _pos) w.Write(v);
            foreach (double v in _neg) w.Write(v);
        }
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()), Encoding.UTF8);
        try
        {
            if (r.ReadInt32() != Bins) throw new InvalidDataException("binned state has another number of bins");
            var pos = new double[Bins];
            var neg = new double[Bins];
            for (int b = 0; b < Bins; b++) pos[b] = r.ReadDouble();
            for (int b = 0; b < Bins; b++) neg[b] = r.ReadDouble();
            pos.CopyTo(_pos, 0);
            neg.CopyTo(_neg, 0);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new ArgumentException($"{Name}: not a valid state ({e.Message})", nameof(state), e);
        }
    }
}
