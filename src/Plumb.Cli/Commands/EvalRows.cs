using System.Globalization;
using Plumb.Cli.Data;
using Plumb.Metrics;

namespace Plumb.Cli.Commands;

/// <summary>
/// The boundary checks of <c>plumb eval</c>, applied batch by batch as the file streams: each
/// <see cref="ColumnBatch"/> (targets, then scores, then the weight column) becomes the row-major target,
/// score and weight arrays of one <see cref="MetricBatch"/>, or a <see cref="UsageException"/> naming the file,
/// row, column and value of the first bad cell. Whole-file conditions (every weight 0, a class absent for
/// ROC-AUC) are checked by <see cref="Finish"/>. Buffers are reused, so memory is one batch.
/// </summary>
internal sealed class EvalRows
{
    private const double SumTolerance = 1e-6;
    private readonly EvalCommand.EvalRequest _r;
    private readonly TableStream _stream;
    private readonly int _k, _tk;
    private readonly string? _probabilitySpec;
    private readonly bool _checkSums;
    private readonly bool _needsClasses;
    private readonly bool _dropMissingTarget;
    private double[] _target = [], _scores = [], _weights = [], _rank = [];
    private readonly int _classes;
    private int _m;
    private double _weightTotal;
    private readonly bool[] _seenPositive, _seenNegative, _seenClass;
    private readonly List<double>? _allTargets, _allScores;

    /// <param name="r">The request (task, columns, options).</param>
    /// <param name="stream">The opened file, with targets, scores and the weight column selected in that order.</param>
    /// <param name="probabilitySpec">The first spec that needs probabilities in [0, 1] (log_loss, brier), or null.</param>
    /// <param name="checkSums">Multiclass rows must sum to 1 (log_loss without --normalize).</param>
    /// <param name="needsClasses">ROC-AUC is asked: both classes (binary, per label) or every class must be present.</param>
    /// <param name="keepRows">Keep every target and score (for the HTML report).</param>
    /// <param name="dropMissingTarget">Drop rows whose target is missing instead of refusing them.</param>
    public EvalRows(EvalCommand.EvalRequest r, TableStream stream, string? probabilitySpec, bool checkSums, bool needsClasses, bool keepRows, bool dropMissingTarget)
    {
        _r = r;
        _stream = stream;
        _k = r.Scores.Count;
        _tk = r.Task == MetricTask.Multilabel ? _k : 1;
        _probabilitySpec = probabilitySpec;
        _checkSums = checkSums;
        _needsClasses = needsClasses;
        _dropMissingTarget = dropMissingTarget;
        _seenPositive = new bool[_tk];
        _seenNegative = new bool[_tk];
        _seenClass = new bool[r.Task == MetricTask.Multiclass ? _k : 0];
        // Label values the task allows (targets are 0 … classes − 1); 0: not checked (regression).
        _classes = r.Task switch
        {
            MetricTask.Binary or MetricTask.Multilabel => 2,
            MetricTask.Multiclass => _k,
            _ => 0,
        };
        if (keepRows) (_allTargets, _allScores) = ([], []);
    }

    /// <summary>Rows passed to the metrics.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows dropped because their target was missing (<c>--drop-missing-target</c>).</summary>
    public long DroppedMissingTarget { get; private set; }

    /// <summary>Every target kept (when asked to keep rows).</summary>
    public double[] AllTargets => _allTargets is null ? [] : [.. _allTargets];

    /// <summary>Every score kept, row-major (when asked to keep rows).</summary>
    public double[] AllScores => _allScores is null ? [] : [.. _allScores];

    /// <summary>Checks one batch and returns its metric batch (valid until the next call).</summary>
    public MetricBatch Prepare(ColumnBatch b)
    {
        int n = b.Count, k = _k, tk = _tk;
        bool weighted = _r.Weight is not null;
        int weightCol = tk + k;
        var keep = _dropMissingTarget ? KeptRows(b) : null;
        int m = keep?.Count ?? n;
        if (_target.Length < m * tk) _target = new double[m * tk];
        if (_scores.Length < m * k) _scores = new double[m * k];
        if (weighted && _weights.Length < m) _weights = new double[m];

        // Targets, column by column (as the file's columns are checked in order), then scores, then weights.
        int classes = _classes;
        for (int j = 0; j < tk; j++)
        {
            var values = b.Values[j];
            for (int o = 0; o < m; o++)
            {
                int i = keep is null ? o : keep[o];
                double v = values[i];
                if (!double.IsFinite(v)) NotFinite(b, j, i);
                if (classes != 0 && (v < 0 || v >= classes || v != Math.Floor(v))) NotALabel(b, j, i);
                _target[o * tk + j] = v;
            }
        }
        for (int j = 0; j < k; j++)
        {
            var values = b.Values[tk + j];
            for (int o = 0; o < m; o++)
            {
                int i = keep is null ? o : keep[o];
                double v = values[i];
                if (!double.IsFinite(v)) NotFinite(b, tk + j, i);
                _scores[o * k + j] = v;
            }
        }
        if (weighted)
        {
            var values = b.Values[weightCol];
            for (int o = 0; o < m; o++)
            {
                int i = keep is null ? o : keep[o];
                double w = values[i];
                if (!double.IsFinite(w)) NotFinite(b, weightCol, i);
                if (w < 0) throw new UsageException($"{_stream.Where(b.RowNumbers[i], weightCol)}: weight '{Raw(b, weightCol, i)}' is negative");
                _weights[o] = w;
                _weightTotal += w;
            }
        }

        if (_r.Normalize) NormalizeRows(b, keep, m);
        else if (_probabilitySpec is not null) CheckProbabilities(b, keep, m);

        if (_needsClasses) NoteClasses(m);
        _allTargets?.AddRange(_target.AsSpan(0, m * tk));
        _allScores?.AddRange(_scores.AsSpan(0, m * k));
        Rows += m;
        _m = m;
        return new MetricBatch(_target.AsSpan(0, m * tk), _scores.AsSpan(0, m * k), k, weighted ? _weights.AsSpan(0, m) : default);
    }

    /// <summary>
    /// True when every score cell so far is a float32 written in shortest form (tracked by the stream), so the
    /// batch of <see cref="RankBatch"/> ranks exactly as the one of <see cref="Prepare"/>.
    /// </summary>
    public bool ScoresAreFloat32(ColumnBatch b)
    {
        for (int j = 0; j < _k; j++) if (!b.Float32Text[_tk + j]) return false;
        return true;
    }

    /// <summary>
    /// The last prepared batch with its scores rounded to float32: for the rank-only metrics (ROC-AUC,
    /// average precision) when <see cref="ScoresAreFloat32"/>, so that their retained state is 4 bytes a score
    /// (their values are unchanged: the rounding preserves order and distinctness of the file's values).
    /// </summary>
    public MetricBatch RankBatch()
    {
        int len = _m * _k;
        if (_rank.Length < len) _rank = new double[len];
        for (int i = 0; i < len; i++) _rank[i] = (float)_scores[i];
        return new MetricBatch(_target.AsSpan(0, _m * _tk), _rank.AsSpan(0, len), _k, _r.Weight is null ? default : _weights.AsSpan(0, _m));
    }

    /// <summary>Checks what needs the whole file: some weight positive; classes present for ROC-AUC.</summary>
    public void Finish()
    {
        if (Rows == 0) throw new UsageException($"{_r.Data}: no rows with a target left (every target is missing)");
        if (_r.Weight is not null && _weightTotal == 0)
            throw new UsageException($"{_r.Data}: column '{_r.Weight}': every weight is 0");
        if (!_needsClasses) return;
        switch (_r.Task)
        {
            case MetricTask.Binary:
                RequireBoth(0, $"{_r.Data}: column '{_r.Targets[0]}'", "roc_auc");
                break;
            case MetricTask.Multilabel when _r.Average == Average.Micro:
                bool pos = _seenPositive.Any(x => x), neg = _seenNegative.Any(x => x);
                if (!(pos && neg))
                    throw new UsageException($"columns {string.Join(", ", _r.Targets)}: only class {(pos ? 1 : 0)} is present; roc_auc (micro) is undefined with one class");
                break;
            case MetricTask.Multilabel:
                for (int j = 0; j < _tk; j++) RequireBoth(j, $"{_r.Data}: column '{_r.Targets[j]}'", "roc_auc");
                break;
            case MetricTask.Multiclass:
                int missing = Array.IndexOf(_seenClass, false);
                if (missing >= 0)
                    throw new UsageException($"{_r.Data}: column '{_r.Targets[0]}' has no row of class {missing}; multiclass roc_auc needs every class 0…{_k - 1} present");
                break;
        }
    }

    private void RequireBoth(int j, string where, string metric)
    {
        if (_seenPositive[j] && _seenNegative[j]) return;
        throw new UsageException($"{where}: only class {(_seenPositive[j] ? 1 : 0)} is present; {metric} is undefined with one class");
    }

    private void NoteClasses(int m)
    {
        for (int o = 0; o < m; o++)
            for (int j = 0; j < _tk; j++)
            {
                double t = _target[o * _tk + j];
                if (_r.Task == MetricTask.Multiclass) _seenClass[(int)t] = true;
                else if (t == 1) _seenPositive[j] = true;
                else _seenNegative[j] = true;
            }
    }

    private List<int>? KeptRows(ColumnBatch b)
    {
        List<int>? keep = null;
        for (int i = 0; i < b.Count; i++)
        {
            bool missing = false;
            for (int j = 0; j < _tk; j++) missing |= b.Missing[j][i] || double.IsNaN(b.Values[j][i]);
            if (missing)
            {
                keep ??= [.. Enumerable.Range(0, i)];
                DroppedMissingTarget++;
            }
            else keep?.Add(i);
        }
        return keep;
    }

    /// <summary>The error for a cell that is not a finite number, as the old whole-table reader gave it (empty, not finite).</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void NotFinite(ColumnBatch b, int column, int i)
    {
        long row = b.RowNumbers[i];
        if (b.Missing[column][i])
        {
            string more = column < _tk ? " (or use --drop-missing-target)" : "";
            throw new UsageException($"{_stream.Where(row, column)}: empty value (a number is needed){more}");
        }
        throw new UsageException($"{_stream.Where(row, column)}: value '{Raw(b, column, i)}' is not finite (NaN and infinities are refused)");
    }

    private string? Raw(ColumnBatch b, int column, int i) => _stream.RawCell(b.RowNumbers[i], column, b.Values[column][i]);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void NotALabel(ColumnBatch b, int j, int i)
    {
        string what = _r.Task switch
        {
            MetricTask.Binary => "a binary label (0 or 1)",
            MetricTask.Multiclass => $"a class index 0…{_k - 1} (one per --score column)",
            _ => "a 0/1 label",
        };
        throw new UsageException($"{_stream.Where(b.RowNumbers[i], j)}: target '{Raw(b, j, i)}' is not {what}");
    }

    private void CheckProbabilities(ColumnBatch b, List<int>? keep, int m)
    {
        int k = _k;
        // Multiclass rows are checked for sums below (non-negative entries summing to 1 are each at most 1).
        double upper = _r.Task == MetricTask.Multiclass && _checkSums ? double.PositiveInfinity : 1;
        for (int o = 0; o < m; o++)
            for (int j = 0; j < k; j++)
            {
                double p = _scores[o * k + j];
                if (p < 0 || p > upper)
                {
                    int i = keep is null ? o : keep[o];
                    throw new UsageException($"{_stream.Where(b.RowNumbers[i], _tk + j)}: score '{Raw(b, _tk + j, i)}' is not a probability in [0, 1], which {_probabilitySpec} needs (use --from-logits for raw scores)");
                }
            }
        if (!_checkSums || _r.Task != MetricTask.Multiclass) return;
        for (int o = 0; o < m; o++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += _scores[o * k + j];
            if (Math.Abs(sum - 1) > SumTolerance)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{_r.Data}: row {b.RowNumbers[keep is null ? o : keep[o]]}, columns {string.Join(", ", _r.Scores)}: probabilities sum to {sum:G10}, not 1 (use --normalize to rescale each row, or --from-logits for raw scores)"));
        }
    }

    private void NormalizeRows(ColumnBatch b, List<int>? keep, int m)
    {
        int k = _k;
        for (int o = 0; o < m; o++)
        {
            int i = keep is null ? o : keep[o];
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                double p = _scores[o * k + j];
                if (p < 0) throw new UsageException($"{_stream.Where(b.RowNumbers[i], _tk + j)}: score '{Raw(b, _tk + j, i)}' is negative; --normalize rescales non-negative probabilities");
                sum += p;
            }
            if (sum == 0) throw new UsageException($"{_r.Data}: row {b.RowNumbers[i]}, columns {string.Join(", ", _r.Scores)}: every score is 0, the row cannot be normalised");
            for (int j = 0; j < k; j++) _scores[o * k + j] /= sum;
        }
    }
}
