using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Plumb.Metrics.Statistics;

/// <summary>
/// A metric's value on one bootstrap resample, given the count of each row in it. Instances are read-only
/// after construction and shared by the resampling threads.
/// </summary>
/// <remarks>
/// <para><b>Rank</b> (binary ROC-AUC and average precision, unweighted): the rows are sorted once; a resample
/// is one pass over that order accumulating integer counts per tied score group,
/// 2·area = Σ groups gn·(2·tp_above + gp), AUC = 2·area/(2·P·N), AP = Σ gp·tp/(tp + fp)/P. No re-sorting.</para>
/// <para><b>Cells</b> (label metrics of binary or multiclass predictions, unweighted): each row's (target,
/// predicted label) cell is found once; a resample adds its counts into the cells and the metric runs on
/// one weighted row per non-empty cell, which is its confusion matrix.</para>
/// <para><b>Rows</b> (everything else): the resampled rows themselves, each repeated by its count, through a
/// fresh instance of the metric.</para>
/// </remarks>
internal abstract class BootstrapReplicate
{
    /// <summary>The metric on the resample (NaN where undefined on it).</summary>
    public abstract double Value(int[] counts);

    /// <summary>The fastest exact replicate for <paramref name="spec"/> on model <paramref name="model"/> of the sample.</summary>
    public static BootstrapReplicate For(MetricSpec spec, MetricOptions options, BootstrapSample sample, int model)
    {
        var probe = MetricRegistry.Create(spec, options);
        bool unweighted = sample.Weight is null;
        if (unweighted && options.Task == MetricTask.Binary && sample.Columns == 1 && probe.GetType() == typeof(RocAuc))
            return new Rank(sample, model, averagePrecision: false);
        if (unweighted && options.Task == MetricTask.Binary && sample.Columns == 1 && probe.GetType() == typeof(AveragePrecision))
            return new Rank(sample, model, averagePrecision: true);
        if (unweighted && probe is LabelMetric && spec.Descriptor.Reads == MetricInputs.Labels && !spec.Descriptor.Structured
            && Cells.TryCreate(spec, options, sample, model) is { } cells)
            return cells;
        return new Rows(spec, options, sample, model);
    }

    private sealed class Rank : BootstrapReplicate
    {
        // One int per position of the sorted order: row << 2 | flags, flag bit 0 = positive,
        // bit 1 = same score as the next position (so one stream is read per resample, besides the counts).
        private readonly int[] _order;
        private readonly bool _ap;

        public Rank(BootstrapSample sample, int model, bool averagePrecision)
        {
            var score = sample.Models[model];
            int n = sample.Rows;
            if (n > int.MaxValue >> 2) throw new ArgumentException($"bootstrap: at most {int.MaxValue >> 2} rows, got {n}");
            var perm = new int[n];
            var keys = new double[n];
            for (int i = 0; i < n; i++) { perm[i] = i; keys[i] = -score[i]; }
            Array.Sort(keys, perm);
            _order = new int[n];
            for (int i = 0; i < n; i++)
            {
                int r = perm[i];
                _order[i] = (r << 2) | (sample.Target[r] == 1 ? 1 : 0) | (i + 1 < n && keys[i + 1] == keys[i] ? 2 : 0);
            }
            _ap = averagePrecision;
        }

        public override double Value(int[] counts)
        {
            long tp = 0, fp = 0, gp = 0, gn = 0, area2 = 0;
            double ap = 0;
            bool computeAp = _ap;
            int n = _order.Length;
            if (counts.Length < n) throw new ArgumentException("fewer counts than rows");
            // Bounds are checked once above: every entry's row is below n.
            ref int order = ref MemoryMarshal.GetArrayDataReference(_order);
            ref int count = ref MemoryMarshal.GetArrayDataReference(counts);
            for (int i = 0; i < n; i++)
            {
                int e = Unsafe.Add(ref order, i);
                long c = Unsafe.Add(ref count, e >> 2);
                long pos = c & -(long)(e & 1);
                gp += pos;
                gn += c - pos;
                if ((e & 2) == 0)
                {
                    area2 += gn * (2 * tp + gp);
                    tp += gp;
                    fp += gn;
                    if (computeAp && gp != 0) ap += gp * ((double)tp / (tp + fp));
                    gp = gn = 0;
                }
            }
            if (computeAp) return tp == 0 ? 0 : ap / tp;
            return tp == 0 || fp == 0 ? double.NaN : area2 / (2.0 * tp * fp);
        }
    }

    private sealed class Cells : BootstrapReplicate
    {
        private readonly MetricSpec _spec;
        private readonly MetricOptions _options;
        private readonly int[] _cell;
        private readonly int _classes, _columns;
        private readonly double _cut;

        private Cells(MetricSpec spec, MetricOptions options, int[] cell, int classes, int columns, double cut)
        {
            (_spec, _options, _cell, _classes, _columns, _cut) = (spec, options, cell, classes, columns, cut);
        }

        public static Cells? TryCreate(MetricSpec spec, MetricOptions options, BootstrapSample sample, int model)
        {
            var t = sample.Target;
            var s = sample.Models[model];
            int n = sample.Rows, k = sample.Columns;
            var cell = new int[n];
            if (options.Task == MetricTask.Binary && k == 1)
            {
                double cut = options.FromLogits ? Math.Log(options.Threshold) - Math.Log(1 - options.Threshold) : options.Threshold;
                if (!double.IsFinite(cut)) return null;
                for (int i = 0; i < n; i++) cell[i] = 2 * (t[i] == 1 ? 1 : 0) + (s[i] >= cut ? 1 : 0);
                return new Cells(spec, options, cell, 2, 1, cut);
            }
            if (options.Task == MetricTask.Multiclass && k >= 2 && k <= 256)
            {
                for (int i = 0; i < n; i++)
                {
                    int best = 0;
                    for (int j = 1; j < k; j++) if (s[i * k + j] > s[i * k + best]) best = j;
                    cell[i] = (int)t[i] * k + best;
                }
                return new Cells(spec, options, cell, k, k, 0);
            }
            return null;
        }

        public override double Value(int[] counts)
        {
            int cells = _classes * _classes;
            var sum = new long[cells];
            for (int i = 0; i < _cell.Length; i++) sum[_cell[i]] += counts[i];
            int used = 0;
            foreach (long c in sum) if (c > 0) used++;
            var target = new double[used];
            var score = new double[used * _columns];
            var weight = new double[used];
            int o = 0;
            for (int c = 0; c < cells; c++)
            {
                if (sum[c] == 0) continue;
                int t = c / _classes, p = c % _classes;
                target[o] = t;
                if (_columns == 1) score[o] = p == 1 ? _cut : _cut - 1;
                else score[o * _columns + p] = 1;
                weight[o] = sum[c];
                o++;
            }
            return Evaluate(_spec, _options, target, score, _columns, weight);
        }
    }

    private sealed class Rows(MetricSpec spec, MetricOptions options, BootstrapSample sample, int model) : BootstrapReplicate
    {
        public override double Value(int[] counts)
        {
            int tk = sample.TargetsPerRow, k = sample.Columns, n = sample.Rows;
            var t = sample.Target;
            var s = sample.Models[model];
            var w = sample.Weight;
            var target = new double[n * tk];
            var score = new double[n * k];
            var weight = w is null ? null : new double[n];
            int o = 0;
            for (int i = 0; i < n; i++)
                for (int c = counts[i]; c > 0; c--, o++)
                {
                    Array.Copy(t, i * tk, target, o * tk, tk);
                    Array.Copy(s, i * k, score, o * k, k);
                    if (weight is not null) weight[o] = w![i];
                }
            return Evaluate(spec, options, target, score, k, weight);
        }
    }

    /// <summary>The metric on the given rows as one number; NaN where it is undefined or not a single number.</summary>
    internal static double Evaluate(MetricSpec spec, MetricOptions options, double[] target, double[] score, int columns, double[]? weight)
    {
        try
        {
            var m = MetricRegistry.Create(spec, options);
            m.Update(new MetricBatch(target, score, columns, weight));
            return m.Compute();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException)
        {
            return double.NaN;
        }
    }
}
