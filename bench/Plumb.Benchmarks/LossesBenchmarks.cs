using BenchmarkDotNet.Attributes;
using Plumb.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Benchmarks;

/// <summary>
/// Each loss, forward + backward on a 4096 × 1000 float32 batch (CPU), through Plumb (with and without input checks)
/// against the same formula written directly with TorchSharp ops — the same op sequence, including Plumb's
/// reduction (per-sample mean over the last axis, then Σ / N) — so the ratio is Plumb's own overhead: input checks,
/// dispose scopes, weighting and reduction plumbing.
/// </summary>
/// <remarks>
/// dotnet run -c Release --project bench/Plumb.Benchmarks -- --filter '*LossesBenchmarks*' --job short
/// </remarks>
[MemoryDiagnoser(false)]
public class LossesBenchmarks
{
    private const int N = 4096, K = 1000;
    private const float Eps = 1e-7f;

    private static readonly Dictionary<string, (string Data, Func<Tensor, Tensor, Tensor> Direct)> Cases = new()
    {
        ["mse"] = ("real", (y, x) => (x - y).square().mean([-1]).sum() / N),
        ["mae"] = ("real", (y, x) => (x - y).abs().mean([-1]).sum() / N),
        ["huber"] = ("real", (y, x) => { var e = (x - y).abs(); var q = e.clamp_max(1); return (0.5 * q.square() + (e - q)).mean([-1]).sum() / N; }),
        ["log_cosh"] = ("real", (y, x) => { var e = x - y; return (e + nn.functional.softplus(-2 * e) - Math.Log(2)).mean([-1]).sum() / N; }),
        ["quantile(alpha=0.9)"] = ("real", (y, x) => { var d = y - x; return (0.9 * d.clamp_min(0) + 0.1 * (-d).clamp_min(0)).mean([-1]).sum() / N; }),
        ["msle"] = ("pos", (y, x) => (y.log1p() - x.clamp_min(0).log1p()).square().mean([-1]).sum() / N),
        ["mape"] = ("real", (y, x) => ((y - x).abs() / y.abs().clamp_min(2.220446049250313e-16)).mean([-1]).sum() / N),
        ["poisson"] = ("pos", (y, x) => (x - y * (x + Eps).log()).mean([-1]).sum() / N),
        ["cosine_similarity"] = ("real", (y, x) =>
        {
            var yn = y * y.square().sum(-1, keepdim: true).clamp_min(1e-12).rsqrt();
            var xn = x * x.square().sum(-1, keepdim: true).clamp_min(1e-12).rsqrt();
            return -(yn * xn).sum(-1).sum() / N;
        }),
        ["tweedie"] = ("pos", (y, x) =>
        {
            var mu = x.clamp_min(Eps);
            return (2 * (y.pow(0.5) / (-0.5 * 0.5) - y * mu.pow(-0.5) / -0.5 + mu.pow(0.5) / 0.5)).mean([-1]).sum() / N;
        }),
        ["poisson_nll"] = ("lograte", (y, x) => (x.exp() - y * x).mean([-1]).sum() / N),
        ["bce(from_logits=true)"] = ("logits", (y, x) => (nn.functional.softplus(x) - x * y).mean([-1]).sum() / N),
        ["bce"] = ("probs", (y, x) => { var p = x.clamp(Eps, 1 - Eps); return (-(y * p.log() + (1 - y) * (1 - p).log())).mean([-1]).sum() / N; }),
        ["cce(from_logits=true)"] = ("onehot", (y, x) => (-(y * x.log_softmax(-1)).sum(-1)).sum() / N),
        ["scce(from_logits=true)"] = ("index", (y, x) => (-x.log_softmax(-1).gather(-1, y.unsqueeze(-1))).sum() / N),
        ["focal(from_logits=true)"] = ("logits", (y, x) =>
        {
            var bce = nn.functional.softplus(x) - x * y;
            var p = x.sigmoid();
            var pt = y * p + (1 - y) * (1 - p);
            return ((1 - pt).pow(2.0) * bce).mean([-1]).sum() / N;
        }),
        ["categorical_focal(from_logits=true)"] = ("onehot", (y, x) =>
        {
            var lp = x.log_softmax(-1);
            return ((1 - lp.exp()).pow(2.0) * -(y * lp)).sum(-1).sum() / N;
        }),
        ["hinge"] = ("logits", (y, x) => (1 - (y * 2 - 1) * x).clamp_min(0).mean([-1]).sum() / N),
        ["squared_hinge"] = ("logits", (y, x) => (1 - (y * 2 - 1) * x).clamp_min(0).square().mean([-1]).sum() / N),
        ["categorical_hinge"] = ("onehot", (y, x) => ((((1 - y) * x).amax(-1)) - (y * x).sum(-1) + 1).clamp_min(0).sum() / N),
        ["exponential"] = ("logits", (y, x) => (-(y * 2 - 1) * x).exp().mean([-1]).sum() / N),
        ["kl_divergence"] = ("dist", (y, x) => { var t = y.clamp(Eps, 1); return (t * (t / x.clamp(Eps, 1)).log()).sum(-1).sum() / N; }),
        ["soft_f1"] = ("probs", (y, x) => { var tp = (x * y).sum(); return 1 - 2 * tp / (x.sum() + y.sum() + Eps); }),
        ["soft_fbeta(beta=2)"] = ("probs", (y, x) =>
        {
            var tp = (x * y).sum(); var fp = x.sum() - tp; var fn = y.sum() - tp;
            return 1 - 5 * tp / (5 * tp + 4 * fn + fp + Eps);
        }),
        ["dice"] = ("probs", (y, x) => { var tp = (x * y).sum(); return 1 - 2 * tp / (x.sum() + y.sum() + Eps); }),
        ["tversky(alpha=0.3, beta=0.7)"] = ("probs", (y, x) =>
        {
            var tp = (x * y).sum(); var fp = x.sum() - tp; var fn = y.sum() - tp;
            return 1 - tp / (tp + 0.3 * fp + 0.7 * fn + Eps);
        }),
        ["lovasz_hinge"] = ("logits", (y, x) =>
        {
            var f = x.reshape(-1); var t = y.reshape(-1);
            var (sorted, perm) = (1 - f * (2 * t - 1)).sort(0, descending: true);
            var gt = t[perm]; var gts = gt.sum();
            var jac = 1 - (gts - gt.cumsum(0)) / (gts + (1 - gt).cumsum(0));
            var grad = cat([jac[..1], jac[1..] - jac[..^1]]);
            return (sorted.clamp_min(0) * grad.detach()).sum();
        }),
        ["pairwise_auc"] = ("flat", (y, x) =>
        {
            var pos = y.gt(0.5);
            var fp = x.index_select(0, pos.nonzero().reshape(-1)); var fn = x.index_select(0, pos.logical_not().nonzero().reshape(-1));
            var i = randint(fp.shape[0], [PairwiseAuc.DefaultMaxPairs], generator: DirectGen);
            var j = randint(fn.shape[0], [PairwiseAuc.DefaultMaxPairs], generator: DirectGen);
            return (fn.index_select(0, j) - fp.index_select(0, i)).sigmoid().mean();
        }),
    };

    private static Generator DirectGen = null!;

    public static IEnumerable<string> Specs => Cases.Keys;

    [ParamsSource(nameof(Specs))]
    public string Loss { get; set; } = "mse";

    private Tensor _y = null!, _x = null!;
    private Loss _loss = null!, _unchecked = null!;
    private Func<Tensor, Tensor, Tensor> _direct = null!;

    [GlobalSetup]
    public void Setup()
    {
        global::Plumb.Native.TorchNativeFix.Ensure();
        random.manual_seed(42);
        DirectGen = new Generator(0);
        var (data, direct) = Cases[Loss];
        _direct = direct;
        Tensor labels = rand(N, K).gt(0.7).to_type(ScalarType.Float32);
        (_y, Tensor x) = data switch
        {
            "real" => (randn(N, K) + 2, randn(N, K) + 2),
            "pos" => (rand(N, K) * 5, rand(N, K) * 5 + 0.1),
            "lograte" => (rand(N, K) * 5, randn(N, K) * 0.5),
            "logits" => (labels, randn(N, K) * 2),
            "probs" => (labels, randn(N, K).sigmoid()),
            "onehot" => (nn.functional.one_hot(randint(K, [N]), K).to_type(ScalarType.Float32), randn(N, K) * 2),
            "index" => (randint(K, [N]), randn(N, K) * 2),
            "dist" => (randn(N, K).softmax(-1), randn(N, K).softmax(-1)),
            "flat" => (labels.reshape(-1), randn(N * K)),
            _ => throw new InvalidOperationException(data),
        };
        _x = x.detach().requires_grad_(true);
        _loss = LossRegistry.Create(Loss);
        _unchecked = UncheckedCopy(Loss);
        // The direct formula must be the same quantity (sampled pairs aside).
        using (no_grad())
        {
            double a = _direct(_y, _x).to_type(ScalarType.Float64).item<double>(), b = _loss.Call(_y, _x).to_type(ScalarType.Float64).item<double>();
            if (Loss != "pairwise_auc" && Math.Abs(a - b) > 1e-4 * Math.Max(1, Math.Abs(a)))
                throw new InvalidOperationException($"{Loss}: direct {a} != Plumb {b}");
        }
    }

    private static Loss UncheckedCopy(string spec)
    {
        // Same spec with input checks off (CheckInputs is init-only; the factory does not expose it).
        Loss l = LossRegistry.Create(spec);
        typeof(Loss).GetProperty(nameof(Losses.Loss.CheckInputs))!.SetValue(l, false);
        return l;
    }

    private float Run(Func<Tensor> f)
    {
        using var scope = NewDisposeScope();
        Tensor l = f();
        var g = autograd.grad([l], [_x]);
        return g.Count;
    }

    [Benchmark(Baseline = true)]
    public float Direct() => Run(() =>
    {
        // Free intermediates as soon as the loss is built, as Plumb's Call does (and as TorchSharp recommends):
        // on CPU that lets the allocator reuse hot memory, which is worth far more than Plumb's own overhead.
        using var inner = NewDisposeScope();
        return _direct(_y, _x).MoveToOuterDisposeScope();
    });

    [Benchmark]
    public float PlumbChecked() => Run(() => _loss.Call(_y, _x));

    [Benchmark]
    public float PlumbUnchecked() => Run(() => _unchecked.Call(_y, _x));
}
