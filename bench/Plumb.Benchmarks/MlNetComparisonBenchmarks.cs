using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Plumb.Metrics.Kernels;

namespace Plumb.Benchmarks;

/// <summary>
/// Like with like against ML.NET 5.0.1's <c>BinaryClassification.Evaluate</c>, which computes in one pass
/// AUC, accuracy, F1, log loss (in bits) and an AUPRC estimate over a reservoir sample (not average
/// precision). The Plumb side computes the exact AUC and exact average precision (one sort), the log loss
/// and the F1 of the same data: a superset of what ML.NET reports, and exact. The IDataView is built in the
/// setup (not timed). Run with <c>--filter '*MlNet*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class MlNetComparisonBenchmarks
{
    private float[] _score = [];
    private byte[] _label = [];
    private readonly MLContext _ml = new(seed: 1);
    private IDataView _view = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        (_score, _label, _, _) = SyntheticData.Create(N);
        var rows = new Row[N];
        for (int i = 0; i < N; i++)
        {
            // Score in logit units (ML.NET's convention), probability as given.
            float p = _score[i];
            rows[i] = new Row { Label = _label[i] == 1, Probability = p, Score = MathF.Log(p / (1 - p)), PredictedLabel = p >= 0.5f };
        }
        // Cache so that the benchmark times the evaluator, not the enumeration of the rows.
        _view = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(rows));
        _ml.BinaryClassification.Evaluate(_view);
    }

    [Benchmark(Baseline = true, Description = "ML.NET BinaryClassification.Evaluate")]
    public double MlNet()
    {
        var m = _ml.BinaryClassification.Evaluate(_view);
        return m.AreaUnderRocCurve + m.LogLoss + m.F1Score + m.AreaUnderPrecisionRecallCurve;
    }

    [Benchmark(Description = "Plumb exact AUC+AP, log loss, F1")]
    public double Plumb()
    {
        var (auc, ap) = RankKernel.AucAp(_score, _label);
        return auc + ap + LogLossKernel.Binary(_score, _label) + F1Kernel.Binary(_score, _label);
    }
}
