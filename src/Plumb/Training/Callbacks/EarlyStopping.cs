namespace Plumb.Training;

/// <summary>
/// Stops training when a monitored quantity has stopped improving, with Keras 3's semantics.
/// </summary>
/// <remarks>
/// Each epoch from <c>startFromEpoch</c> on: the wait counter grows by one; if the value improves on the best so
/// far by more than <c>minDelta</c> (max mode: value − minDelta &gt; best; min mode: value + minDelta &lt; best),
/// it becomes the best and the wait resets to 0 — only when it also beats <c>baseline</c>, if one is given.
/// Otherwise, once wait ≥ <c>patience</c> (and past epoch 0), training stops. With patience 2 and val_loss
/// 0.5, 0.6, 0.7 training stops after the third epoch. Mode <c>auto</c> reads the metric's declared direction
/// (losses: min); a metric without a direction is an error, never a guess from its name.
/// With <c>restoreBestWeights</c> the best epoch's weights are put back at the end of training, whether or not
/// it stopped early (Keras 3).
/// <code>
/// var stop = new EarlyStopping("val_pr_auc", patience: 5, restoreBestWeights: true);
/// model.Fit(x, y, epochs: 100, validationData: (xv, yv), callbacks: [stop]);
/// </code>
/// </remarks>
public sealed class EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, string mode = "auto",
    double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0) : Callback, IStatefulCallback, IDisposable
{
    private readonly double _minDelta = double.IsFinite(minDelta) ? Math.Abs(minDelta)
        : throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be finite");
    private readonly int _patience = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be ≥ 0");
    private bool _max;
    private string _key = "";
    private WeightsSnapshot? _bestWeights;

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; } = monitor ?? throw new ArgumentNullException(nameof(monitor));

    /// <summary>Epochs since the last improvement (that also beat the baseline).</summary>
    public int Wait { get; private set; }

    /// <summary>The best value seen (±∞ before the first).</summary>
    public double Best { get; private set; }

    /// <summary>The epoch of <see cref="Best"/> (−1 before the first).</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The epoch at which training was stopped, or −1.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        (_key, _max) = ResolveMonitor(Monitor, mode);
        Wait = 0;
        StoppedEpoch = -1;
        BestEpoch = -1;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        _bestWeights?.Dispose();
        _bestWeights = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(_key, out double current) || epoch < startFromEpoch) return;
        var model = RequireModel();
        if (restoreBestWeights && _bestWeights is null)
        {
            _bestWeights = model.GetWeights();
            BestEpoch = epoch;
        }
        Wait++;
        if (IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (restoreBestWeights)
            {
                _bestWeights?.Dispose();
                _bestWeights = model.GetWeights();
            }
            if (baseline is not { } b || IsImprovement(current, b)) Wait = 0;
            return;
        }
        if (Wait >= _patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            model.StopTraining = true;
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (restoreBestWeights && _bestWeights is not null) RequireModel().SetWeights(_bestWeights);
    }

    private bool IsImprovement(double value, double reference) =>
        _max ? value - _minDelta > reference : value + _minDelta < reference;

    Dictionary<string, double> IStatefulCallback.SaveState() =>
        new() { ["wait"] = Wait, ["best"] = Best, ["best_epoch"] = BestEpoch };

    void IStatefulCallback.LoadState(Dictionary<string, double> state)
    {
        Wait = (int)state["wait"];
        Best = state["best"];
        BestEpoch = (int)state["best_epoch"];
    }

    byte[]? IStatefulCallback.SaveWeights(Model model)
    {
        if (_bestWeights is null) return null;
        using var current = model.GetWeights();
        model.SetWeights(_bestWeights);
        byte[] bytes = model.WeightBytes();
        model.SetWeights(current);
        return bytes;
    }

    void IStatefulCallback.LoadWeights(Model model, byte[] weights)
    {
        using var current = model.GetWeights();
        model.LoadWeightBytes(weights);
        _bestWeights?.Dispose();
        _bestWeights = model.GetWeights();
        model.SetWeights(current);
    }

    /// <inheritdoc />
    public void Dispose() => _bestWeights?.Dispose();
}
