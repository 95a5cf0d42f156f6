using System.Text;

namespace Plumb.Metrics;

/// <summary>
/// A regression metric over several outputs (C target and prediction columns per sample), as scikit-learn's
/// <c>multioutput=</c>: one metric per output column, then the per-output values (<c>raw_values</c>), their mean
/// (<c>uniform_average</c>) or their mean weighted by each output's target spread (<c>variance_weighted</c>, r2 and
/// explained variance only). Specs: <c>r2(multioutput=variance_weighted)</c>, <c>mae(multioutput=raw_values)</c>.
/// </summary>
/// <remarks>
/// <para>Per output j the wrapped metric m_j sees column j of targets and predictions with the row's sample weight.
/// raw_values = [m_1 … m_C] (a <c>double[]</c> from <see cref="ComputeStructured"/>); uniform_average = Σ m_j / C;
/// variance_weighted = Σ d_j·m_j / Σ d_j with d_j = Σ w·(y_j − ȳ_j)² for r2 and its weighted mean for explained
/// variance (scikit-learn's denominators); when every d_j is 0 the mean is uniform, as scikit-learn. RMSE is the
/// mean of the per-output RMSEs (scikit-learn's <c>squared=False</c>).</para>
/// <para>Each batch is validated whole (errors name the output and the row's index in the stream) before any output's
/// state changes. States merge output by output, so merged shards equal one pass to rounding.</para>
/// <code>
/// var r2 = MetricRegistry.Create("r2(multioutput=raw_values)", new MetricOptions { Task = MetricTask.Regression });
/// r2.Update(new MetricBatch([0.5, 1, -1, 1, 7, -6], [0, 2, -1, 2, 8, -5], columns: 2));
/// var perOutput = (double[])((IStructuredMetric)r2).ComputeStructured(); // [0.9655…, 0.9087…]
/// </code>
/// </remarks>
public sealed class MultiOutputRegression : IStructuredMetric, IMergeableMetric
{
    private readonly Func<RegressionMetric> _factory;
    private readonly RegressionMetric _probe;
    private RegressionMetric[]? _outputs;

    /// <summary>How per-output values combine (scikit-learn's string values of <c>multioutput</c>).</summary>
    public enum Mode
    {
        /// <summary>One value per output.</summary>
        RawValues,
        /// <summary>The mean over outputs.</summary>
        UniformAverage,
        /// <summary>The mean weighted by each output's target variance (r2, explained variance).</summary>
        VarianceWeighted,
    }

    /// <summary>Wraps the metric <paramref name="factory"/> creates, one per output.</summary>
    /// <exception cref="ArgumentException"><see cref="Mode.VarianceWeighted"/> for a metric other than r2 or explained variance.</exception>
    public MultiOutputRegression(Func<RegressionMetric> factory, Mode mode)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _probe = factory();
        Combine = mode;
        if (mode == Mode.VarianceWeighted && double.IsNaN(_probe.VarianceWeight))
            throw new ArgumentException($"{_probe.Name}: multioutput=variance_weighted is defined for r2 and explained_variance only (scikit-learn)");
    }

    /// <summary>How per-output values combine.</summary>
    public Mode Combine { get; }

    /// <summary>Number of outputs (0 before the first batch).</summary>
    public int Outputs => _outputs?.Length ?? 0;

    /// <inheritdoc />
    public string Name => _probe.Name;

    /// <inheritdoc />
    public MetricDirection Direction => _probe.Direction;

    /// <inheritdoc />
    public void Update(in MetricBatch batch)
    {
        int n = batch.Count, c = batch.Columns;
        if (batch.Target.Length != n * c)
            throw new ArgumentException($"{Name}: {batch.Target.Length} targets for {n} samples × {c} outputs; multioutput needs one target per output");
        if (_outputs is not null && _outputs.Length != c)
            throw new ArgumentException($"{Name}: {c} outputs, earlier batches had {_outputs.Length}");
        var y = batch.Target;
        var p = batch.Score;
        var outputs = _outputs ?? [.. Enumerable.Range(0, c).Select(_ => _factory())];
        var yc = new double[c][];
        var pc = new double[c][];
        for (int j = 0; j < c; j++)
        {
            (yc[j], pc[j]) = (new double[n], new double[n]);
            for (int i = 0; i < n; i++)
            {
                yc[j][i] = y[i * c + j];
                pc[j][i] = p[i * c + j];
            }
            outputs[j].Validate(yc[j], pc[j], batch.Weight, c > 1 ? $"output {j}: " : "");
        }
        // Every column validated: only now does the state change.
        for (int j = 0; j < c; j++) outputs[j].Update(new MetricBatch(yc[j], pc[j], 1, batch.Weight));
        _outputs = outputs;
    }

    /// <summary>The combined value.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Mode.RawValues"/>: use <see cref="ComputeStructured"/>.</exception>
    public double Compute() => ComputeStructured() is double d
        ? d
        : throw new InvalidOperationException($"{Name}(multioutput=raw_values) has one value per output; use ComputeStructured()");

    /// <summary>A <c>double[]</c> per output for raw_values, else the combined number (NaN before any data).</summary>
    public object ComputeStructured()
    {
        if (_outputs is null) return Combine == Mode.RawValues ? Array.Empty<double>() : double.NaN;
        var values = _outputs.Select(m => m.Compute()).ToArray();
        switch (Combine)
        {
            case Mode.RawValues: return values;
            case Mode.VarianceWeighted:
                {
                    var d = _outputs.Select(m => m.VarianceWeight).ToArray();
                    double den = d.Sum();
                    if (den == 0) return values.Average();
                    double num = 0;
                    for (int j = 0; j < d.Length; j++) num += d[j] * values[j];
                    return num / den;
                }
            default: return values.Average();
        }
    }

    /// <inheritdoc />
    public void Reset() => _outputs = null;

    /// <inheritdoc />
    public void Merge(IMergeableMetric other)
    {
        if (other is not MultiOutputRegression o || ReferenceEquals(o, this) || o.Combine != Combine || o._probe.GetType() != _probe.GetType())
            throw new ArgumentException($"cannot merge {other.Name} into {Name}(multioutput)");
        if (o._outputs is null) return;
        if (_outputs is not null && _outputs.Length != o._outputs.Length)
            throw new ArgumentException($"{Name}: cannot merge {o._outputs.Length} outputs into {_outputs.Length}");
        _outputs ??= [.. o._outputs.Select(_ => _factory())];
        for (int j = 0; j < _outputs.Length; j++) _outputs[j].Merge(o._outputs[j]);
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Outputs);
            foreach (var m in _outputs ?? [])
            {
                byte[] s = m.SaveState();
                w.Write(s.Length);
                w.Write(s);
            }
        }
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()), Encoding.UTF8);
        try
        {
            int c = r.ReadInt32();
            if (c < 0) throw new ArgumentException($"{Name}(multioutput): not a valid state");
            var outputs = new RegressionMetric[c];
            for (int j = 0; j < c; j++)
            {
                outputs[j] = _factory();
                outputs[j].LoadState(r.ReadBytes(r.ReadInt32()));
            }
            _outputs = c == 0 ? null : outputs;
        }
        catch (EndOfStreamException e) { throw new ArgumentException($"{Name}(multioutput): truncated state", nameof(state), e); }
    }
}
