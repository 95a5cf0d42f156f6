using System.Globalization;
using System.Text.RegularExpressions;

namespace Plumb.Training;

/// <summary>
/// Saves the model (<c>Model.Save</c>: weights, optimizer state, compile configuration) after epochs, atomically:
/// a crash during the write leaves the previous checkpoint intact.
/// </summary>
/// <remarks>
/// The path may hold placeholders: <c>{epoch}</c> (1-based, as Keras) and any log key with an optional .NET format,
/// e.g. <c>ckpt-{epoch:D3}-{val_loss:F4}.json</c>. With <c>saveBestOnly</c> a file is written only when the
/// monitored value beats the best so far (direction from <c>mode</c>, <c>auto</c> = the metric's declared direction).
/// <code>
/// var ckpt = new ModelCheckpoint("best.json", monitor: "val_pr_auc", saveBestOnly: true);
/// </code>
/// Plumb's addition, off by default: with <c>tieBreak</c> (e.g. <c>val_loss</c>) and <c>saveBestOnly</c>, an epoch
/// whose monitored value equals the best and whose tie-break value beats the one saved is saved too (see
/// <see cref="EarlyStopping"/>: a coarse metric on few rows ties often).
/// </remarks>
public sealed partial class ModelCheckpoint(string filepath, string monitor = "val_loss", bool saveBestOnly = false, string mode = "auto",
    string? tieBreak = null)
    : Callback
{
    private bool _max;
    private string _key = "";
    private bool _tieMax;
    private string? _tieKey;
    private double _tieAtBest = double.NaN;

    /// <summary>The key that breaks ties of the monitored value (null: none, as Keras).</summary>
    public string? TieBreak { get; } = tieBreak;

    /// <summary>The path pattern.</summary>
    public string FilePath { get; } = !string.IsNullOrWhiteSpace(filepath) ? filepath : throw new ArgumentException("a checkpoint path is required", nameof(filepath));

    /// <summary>The monitored log key (used with saveBestOnly).</summary>
    public string Monitor { get; } = monitor;

    /// <summary>The best monitored value so far.</summary>
    public double Best { get; private set; }

    /// <summary>Paths written during the run, in order.</summary>
    public List<string> Saved { get; } = [];

    /// <inheritdoc />
    public override void OnTrainBegin()
    {
        if (saveBestOnly) (_key, _max) = ResolveMonitor(Monitor, mode);
        if (saveBestOnly && TieBreak is not null) (_tieKey, _tieMax) = ResolveMonitor(TieBreak, "auto");
        _tieAtBest = double.NaN;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        Saved.Clear();
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (saveBestOnly)
        {
            if (!logs.TryGetValue(_key, out double current) || double.IsNaN(current)) return;
            double tie = _tieKey is not null && logs.TryGetValue(_tieKey, out double t) ? t : double.NaN;
            bool tieWins = _tieKey is not null && current == Best && !double.IsNaN(tie)
                && (double.IsNaN(_tieAtBest) || (_tieMax ? tie > _tieAtBest : tie < _tieAtBest));
            if (!(_max ? current > Best : current < Best) && !tieWins) return;
            Best = current;
            _tieAtBest = tie;
        }
        string path = Format(FilePath, epoch, logs);
        RequireModel().Save(path);
        Saved.Add(path);
    }

    /// <summary>Fills <c>{epoch}</c> and <c>{key[:format]}</c> placeholders.</summary>
    /// <remarks>A key may be any spelling of a metric's spec (<c>{val_f1(average=macro):F3}</c> fills from
    /// <c>val_f1_macro</c>); a placeholder that names nothing logged, or a stray brace, is refused.</remarks>
    internal static string Format(string pattern, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        string result = Placeholder().Replace(pattern, m =>
        {
            string key = m.Groups[1].Value;
            string? fmt = m.Groups[2].Success ? m.Groups[2].Value : null;
            if (key == "epoch") return (epoch + 1).ToString(fmt, CultureInfo.InvariantCulture);
            return LogKey.Resolve(key, logs.Keys) is { } k ? logs[k].ToString(fmt ?? "G6", CultureInfo.InvariantCulture)
                : throw new ArgumentException($"checkpoint path '{pattern}' names '{key}', which the logs do not hold; available: epoch, {string.Join(", ", logs.Keys)}");
        });
        if (result.IndexOfAny(['{', '}']) >= 0)
            throw new ArgumentException($"checkpoint path '{pattern}' has a placeholder that is not {{key}} or {{key:format}}");
        return result;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?)(?::([^}]+))?\}")]
    private static partial Regex Placeholder();
}
