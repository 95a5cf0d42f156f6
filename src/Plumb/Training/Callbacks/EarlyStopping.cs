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
/// <para>Plumb's addition, off by default: <c>tieBreak</c> names a second key (usually <c>val_loss</c>) for a coarse
/// monitored metric — F1 or accuracy on 30 validation rows moves in steps of 1/30 and stays flat for many epochs.
/// An epoch whose monitored value ties the best (equal, or within <c>minDelta</c> of it) and whose tie-break value
/// beats the tie-break value of the best epoch becomes the best epoch; and training stops only when both stall: an
/// epoch that reaches a new best tie-break value also resets the wait. With val_f1 0.8, 0.9, 0.9, 0.9 and val_loss
/// 0.7, 0.6, 0.5, 0.4 the best epoch is the fourth (without the tie-break, the second).</para>
/// <code>
/// var stop = new EarlyStopping("val_pr_auc", patience: 5, restoreBestWeights: true);
/// model.Fit(x, y, epochs: 100, validationData: (xv, yv), callbacks: [stop]);
/// var flatSafe = new EarlyStopping("val_f1", patience: 10, restoreBestWeights: true, tieBreak: "val_loss");
/// </code>
/// </remarks>
public sealed class EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, string mode = "auto",
    double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0, string? tieBreak = null) : Callback, IStatefulCallback, IDisposable
{
    private bool _tieMax;
    private string? _tieKey;
    private double _tieAtBest = double.NaN;
    private double _tieBest = double.NaN;

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

    /// <summary>The key that breaks ties of the monitored value (null: none, as Keras).</summary>
    public string? TieBreak { get; } = tieBreak;

    /// <summary>Epochs that became the best only through the tie-break (a tied monitored value, a better tie-break value).</summary>
    public int TieBreaks { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        (_key, _max) = ResolveMonitor(Monitor, mode);
        if (TieBreak is not null) (_tieKey, _tieMax) = ResolveMonitor(TieBreak, "auto");
        _tieAtBest = _tieBest = double.NaN;
        TieBreaks = 0;
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
        double tie = _tieKey is not null && logs.TryGetValue(_tieKey, out double t) ? t : double.NaN;
        bool improved = IsImprovement(current, Best);
        bool tieWins = !improved && _tieKey is not null && Ties(current, Best) && TieBetter(tie, _tieAtBest);
        bool tieStillMoving = TieBetter(tie, _tieBest);
        if (tieStillMoving) _tieBest = tie;
        if (improved || tieWins)
        {
            if (improved) Best = current;
            else TieBreaks++;
            BestEpoch = epoch;
            _tieAtBest = tie;
            if (restoreBestWeights)
            {
                _bestWeights?.Dispose();
                _bestWeights = model.GetWeights();
            }
            if (baseline is not { } b || IsImprovement(current, b)) Wait = 0;
            return;
        }
        if (tieStillMoving && (baseline is not { } b2 || IsImprovement(current, b2))) Wait = 0;
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

    private bool Ties(double value, double reference) => value == reference || Math.Abs(value - reference) <= _minDelta;

    private bool TieBetter(double value, double reference) =>
        !double.IsNaN(value) && (double.IsNaN(reference) || (_tieMax ? value > reference : value < reference));

    Dictionary<string, double> IStatefulCallback.SaveState() =>
        new() { ["wait"] = Wait, ["best"] = Best, ["best_epoch"] = BestEpoch, ["tie_at_best"] = _tieAtBest, ["tie_best"] = _tieBest };

    void IStatefulCallback.LoadState(Dictionary<string, double> state)
    {
        Wait = (int)state["wait"];
        Best = state["best"];
        BestEpoch = (int)state["best_epoch"];
        _tieAtBest = state.GetValueOrDefault("tie_at_best", double.NaN);
        _tieBest = state.GetValueOrDefault("tie_best", double.NaN);
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
