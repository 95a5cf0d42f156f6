namespace Plumb.Training;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when a monitored quantity has stopped improving, with Keras'
/// counting, and both improvement tests named apart: Keras' absolute <c>minDelta</c> and PyTorch's relative
/// <c>relativeThreshold</c>.
/// </summary>
/// <remarks>
/// An epoch improves when value &lt; best − minDelta and value &lt; best·(1 − relativeThreshold) (min mode;
/// max mode: value &gt; best + minDelta and value &gt; best·(1 + relativeThreshold)). Each epoch: during
/// cooldown the counter decreases and the wait is held at 0; an improvement sets the best and resets the wait;
/// otherwise, outside cooldown, the wait grows and when it reaches <c>patience</c> the rate becomes
/// max(lr·factor, minLr) (only if lr &gt; minLr), the wait resets and the cooldown starts.
/// <code>
/// var plateau = new ReduceLROnPlateau("val_loss", factor: 0.5, patience: 3, cooldown: 2, minLr: 1e-5);
/// </code>
/// </remarks>
public sealed class ReduceLROnPlateau : Callback, IStatefulCallback
{
    private readonly string _mode;
    private bool _max;
    private string _key = "";

    /// <summary>Creates the callback (defaults as Keras: factor 0.1, patience 10, minDelta 1e-4).</summary>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, string mode = "auto",
        double minDelta = 1e-4, double relativeThreshold = 0, int cooldown = 0, double minLr = 0)
    {
        Monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1)");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be ≥ 0");
        if (!(minDelta >= 0) || !double.IsFinite(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be finite and ≥ 0");
        if (!(relativeThreshold >= 0 && relativeThreshold < 1)) throw new ArgumentOutOfRangeException(nameof(relativeThreshold), relativeThreshold, "relativeThreshold must be in [0, 1)");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "cooldown must be ≥ 0");
        if (!(minLr >= 0) || !double.IsFinite(minLr)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "minLr must be finite and ≥ 0");
        (Factor, Patience, _mode, MinDelta, RelativeThreshold, Cooldown, MinLr) = (factor, patience, mode, minDelta, relativeThreshold, cooldown, minLr);
    }

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; }
    /// <summary>Multiplier of the learning rate.</summary>
    public double Factor { get; }
    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }
    /// <summary>Keras' absolute improvement margin.</summary>
    public double MinDelta { get; }
    /// <summary>PyTorch's relative improvement margin (its <c>threshold</c> in <c>rel</c> mode).</summary>
    public double RelativeThreshold { get; }
    /// <summary>Epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; }
    /// <summary>Lower bound of the learning rate.</summary>
    public double MinLr { get; }
    /// <summary>Epochs without improvement.</summary>
    public int Wait { get; private set; }
    /// <summary>Remaining cooldown epochs.</summary>
    public int CooldownCounter { get; private set; }
    /// <summary>The best value seen.</summary>
    public double Best { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        (_key, _max) = ResolveMonitor(Monitor, _mode);
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        Wait = 0;
        CooldownCounter = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(_key, out double current)) return;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (IsImprovement(current))
        {
            Best = current;
            Wait = 0;
        }
        else if (CooldownCounter == 0)
        {
            Wait++;
            if (Wait >= Patience)
            {
                var model = RequireModel();
                double old = model.LearningRate;
                if (old > (float)MinLr)
                {
                    model.LearningRate = Math.Max(old * Factor, MinLr);
                    CooldownCounter = Cooldown;
                    Wait = 0;
                }
            }
        }
    }

    private bool IsImprovement(double v)
    {
        if (double.IsInfinity(Best)) return _max ? v > Best : v < Best;
        return _max
            ? v > Best + MinDelta && v > Best * (1 + RelativeThreshold)
            : v < Best - MinDelta && v < Best * (1 - RelativeThreshold);
    }

    Dictionary<string, double> IStatefulCallback.SaveState() =>
        new() { ["wait"] = Wait, ["cooldown"] = CooldownCounter, ["best"] = Best };

    void IStatefulCallback.LoadState(Dictionary<string, double> state)
    {
        Wait = (int)state["wait"];
        CooldownCounter = (int)state["cooldown"];
        Best = state["best"];
    }
}
