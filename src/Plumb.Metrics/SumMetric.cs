using System.Text;

namespace Plumb.Metrics;

/// <summary>
/// Base of the score metrics whose state is a fixed vector of weighted sums (log loss, Brier score,
/// calibration): O(1) or O(bins) memory, merged by adding the sums (equal to one pass within 1e-12
/// relative; bit-identical when every partial sum is an integer, e.g. counts with unit weights).
/// </summary>
public abstract class SumMetric : IMergeableMetric
{
    /// <summary>The running sums.</summary>
    private protected readonly double[] Sums;

    /// <summary>Creates the state with <paramref name="size"/> sums.</summary>
    private protected SumMetric(MetricOptions options, int size)
    {
        Options = options;
        Sums = new double[size];
    }

    /// <summary>The options the metric was created with.</summary>
    public MetricOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public virtual MetricDirection Direction => MetricDirection.LowerIsBetter;

    /// <inheritdoc />
    public abstract void Update(in MetricBatch batch);

    /// <inheritdoc />
    public abstract double Compute();

    /// <inheritdoc />
    public void Reset() => Array.Clear(Sums);

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not SumMetric o || o.GetType() != GetType() || o.Sums.Length != Sums.Length || o.Options != Options || !SameSettings(o))
            throw new ArgumentException($"{Name}: can only merge a {GetType().Name} with the same settings");
        for (int i = 0; i < Sums.Length; i++) Sums[i] += o.Sums[i];
    }

    /// <summary>Settings beyond <see cref="Options"/> that must agree for a merge.</summary>
    private protected virtual bool SameSettings(SumMetric other) => true;

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(GetType().Name);
            w.Write(Sums.Length);
            foreach (double v in Sums) w.Write(v);
        }
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()), Encoding.UTF8);
        try
        {
            string type = r.ReadString();
            if (type != GetType().Name || r.ReadInt32() != Sums.Length) throw new InvalidDataException($"state does not belong to this {GetType().Name}");
            var sums = new double[Sums.Length];
            for (int i = 0; i < sums.Length; i++) sums[i] = r.ReadDouble();
            sums.CopyTo(Sums, 0);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new ArgumentException($"{Name}: not a valid state ({e.Message})", nameof(state), e);
        }
    }

    /// <summary>Checks the shape of a batch for a binary or multiclass probability metric; returns K.</summary>
    private protected int CheckProbabilityBatch(in MetricBatch batch)
    {
        int k = batch.Columns, n = batch.Count;
        var task = Options.Task;
        if (task == MetricTask.Binary && k != 1) throw new ArgumentException($"{Name}: binary task needs one score column, got {k}");
        if (task == MetricTask.Multiclass && k < 2) throw new ArgumentException($"{Name}: multiclass task needs K ≥ 2 score columns, got {k}");
        if (task is MetricTask.Multilabel or MetricTask.Regression) throw new ArgumentException($"{Name}: supports binary and multiclass tasks, not {task}");
        if (Options.NumClasses > 0 && task == MetricTask.Multiclass && Options.NumClasses != k)
            throw new ArgumentException($"{Name}: expected {Options.NumClasses} score columns, got {k}");
        if (batch.TargetLength != n) throw new ArgumentException($"{Name}: one target per sample expected");
        for (int i = 0; i < n; i++)
        {
            double t = batch.Target[i];
            bool ok = task == MetricTask.Binary ? t is 0 or 1 : t >= 0 && t < k && t == Math.Floor(t);
            if (!ok) throw new ArgumentException(task == MetricTask.Binary ? $"{Name}: target[{i}] = {t} is not 0 or 1" : $"{Name}: target[{i}] = {t} is not a class index in 0…{k - 1}");
            for (int j = 0; j < k; j++)
            {
                double s = batch.Score[i * k + j];
                if (!double.IsFinite(s)) throw new ArgumentException($"{Name}: score[{i}{(k > 1 ? $", {j}" : "")}] = {s} is not finite");
            }
            if (!batch.Weight.IsEmpty && !(batch.Weight[i] >= 0 && double.IsFinite(batch.Weight[i])))
                throw new ArgumentException($"{Name}: weight[{i}] = {batch.Weight[i]} is not a finite non-negative number");
        }
        return k;
    }
}
