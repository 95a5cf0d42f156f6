using Plumb.Losses;
using static Plumb.Tests.Losses.LossTestKit;
using static TorchSharp.torch;

namespace Plumb.Tests.Losses;

/// <summary>Autograd gradients of every loss agree with central finite differences in float64 (inputs away from kinks).</summary>
public class GradientCheckTests
{
    // Regression data: no error exactly 0 or ±δ (kinks of mae, huber, quantile).
    private static readonly double[,] RealY = { { 0.5, -1.2 }, { 2.0, 3.3 }, { -0.7, 1.1 } };
    private static readonly double[,] RealP = { { 0.8, -0.4 }, { 1.1, 4.0 }, { -2.5, 1.0 } };
    private static readonly double[,] PosY = { { 0.0, 1.0, 2.0 }, { 3.0, 0.5, 4.0 } };
    private static readonly double[,] PosP = { { 0.5, 1.2, 1.5 }, { 2.0, 0.1, 5.0 } };
    private static readonly double[,] BinY = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
    private static readonly double[,] Logits = { { 2.5, -1.0 }, { 0.3, -3.0 }, { -0.8, 4.0 } };
    private static readonly double[,] Probs = { { 0.7, 0.2 }, { 0.45, 0.9 }, { 0.3, 0.6 } };
    private static readonly double[,] Margins = { { 0.3, -2.0 }, { 0.5, 0.2 }, { 1.7, -0.4 } }; // no y·f = 1
    private static readonly double[,] OneHot = { { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 }, { 0, 0, 1 } };
    private static readonly double[,] ClassLogits = { { 2.3, 1.0, -1.0 }, { 0.5, 0.2, 3.0 }, { -2.0, 4.0, 0.0 }, { 1.0, 1.3, 0.9 } };
    private static readonly double[,] ClassProbs = { { 0.6, 0.3, 0.1 }, { 0.2, 0.2, 0.6 }, { 0.1, 0.7, 0.2 }, { 0.3, 0.5, 0.2 } };
    private static readonly double[,] Dist = { { 0.2, 0.3, 0.5 }, { 0.1, 0.6, 0.3 }, { 0.3, 0.3, 0.4 }, { 0.5, 0.25, 0.25 } };
    private static readonly double[] Bin1 = [1, 0, 1, 1, 0, 0];
    private static readonly double[] Score1 = [1.5, -0.3, 0.2, -2.0, 0.9, 0.4];
    private static readonly double[] Prob1 = [0.8, 0.4, 0.6, 0.3, 0.1, 0.7];
    // Padded query lists (−1 = padding): graded, one query without a relevant item; no pair difference exactly 1.
    private static readonly double[,] RankY = { { 2, 0, 1, -1 }, { 0, 3, 1, 2 }, { 0, 0, -1, -1 } };
    private static readonly double[,] RankBinaryY = { { 1, 0, 1, -1 }, { 0, 1, 0, 0 }, { 0, 0, -1, -1 } };
    private static readonly double[,] RankS = { { 0.3, -0.5, 1.2, 0.7 }, { 1.1, 0.2, -0.4, 0.9 }, { 0.5, -0.2, 0.0, 3.0 } };

    public static TheoryData<string, int> Cases() => new()
    {
        { "mse", 0 }, { "mae", 0 }, { "huber", 0 }, { "huber(delta=1.5)", 0 }, { "log_cosh", 0 }, { "quantile(alpha=0.9)", 0 },
        { "cosine_similarity", 0 }, { "tweedie(power=0)", 0 },
        { "msle", 1 }, { "mape", 0 }, { "poisson", 1 }, { "tweedie(power=1)", 1 }, { "tweedie(power=1.5)", 1 }, { "tweedie(power=2)", 2 },
        { "tweedie(power=3)", 2 }, { "poisson_nll", 1 }, { "poisson_nll(log_input=false, full=true)", 1 },
        { "bce(from_logits=true)", 3 }, { "bce", 4 }, { "bce(from_logits=true, label_smoothing=0.2, pos_weight=3)", 3 },
        { "focal(from_logits=true)", 3 }, { "focal(gamma=2, alpha=0.25)", 4 }, { "focal(gamma=0.5, from_logits=true)", 3 },
        { "hinge", 5 }, { "squared_hinge", 5 }, { "exponential", 5 },
        { "categorical_crossentropy(from_logits=true, label_smoothing=0.1)", 6 }, { "categorical_crossentropy", 7 },
        { "categorical_crossentropy(from_logits=true, class_weights=1|2|0.5)", 6 },
        { "scce(from_logits=true)", 8 }, { "scce(from_logits=true, ignore_index=2)", 8 }, { "scce", 9 },
        { "categorical_focal(from_logits=true)", 6 }, { "categorical_focal(alpha=0.25)", 7 }, { "categorical_hinge", 6 },
        { "kl_divergence", 10 },
        { "soft_f1", 11 }, { "soft_f1(from_logits=true)", 12 }, { "soft_f1(macro=true)", 4 }, { "soft_fbeta(beta=2)", 11 },
        { "dice(smooth=1)", 11 }, { "tversky(alpha=0.3, beta=0.7)", 11 }, { "lovasz_hinge", 12 },
        { "pairwise_auc", 12 }, { "pairwise_auc(surrogate=hinge)", 12 },
        { "pairwise_logistic", 13 }, { "pairwise_hinge", 13 }, { "pairwise_hinge(margin=0.25)", 13 }, { "listnet", 13 },
        { "sigmoid_cross_entropy", 14 }, { "approx_ndcg", 13 }, { "approx_ndcg(temperature=1, gain=linear)", 13 },
        { "lambda_rank", 13 }, { "lambda_rank(gain=linear)", 13 },
    };

    internal static (Tensor Y, Tensor P) Data(int kind) => kind switch
    {
        0 => (T(RealY), T(RealP)),
        1 => (T(PosY), T(PosP)),
        2 => (T(PosY) + 0.25, T(PosP)),
        3 => (T(BinY), T(Logits)),
        4 => (T(BinY), T(Probs)),
        5 => (T(BinY), T(Margins)),
        6 => (T(OneHot), T(ClassLogits)),
        7 => (T(OneHot), T(ClassProbs)),
        8 => (L([0, 2, 1, 2]), T(ClassLogits)),
        9 => (L([0, 2, 1, 2]), T(ClassProbs)),
        10 => (T(Dist), T(ClassProbs)),
        11 => (T(Bin1), T(Prob1)),
        12 => (T(Bin1), T(Score1)),
        13 => (T(RankY), T(RankS)),
        14 => (T(RankBinaryY), T(RankS)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Autograd_matches_finite_differences(string spec, int data)
    {
        Loss loss = LossRegistry.Create(spec);
        var (y, p) = Data(data);
        double err = GradientError(loss, y, p);
        Assert.True(err < 1e-6, $"{spec}: max relative gradient error {err:E2}");
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("bce(from_logits=true)")]
    [InlineData("soft_f1")]
    [InlineData("pairwise_auc")]
    [InlineData("pairwise_logistic")]
    [InlineData("listnet")]
    [InlineData("approx_ndcg")]
    [InlineData("lambda_rank")]
    public void Weighted_gradients_match_finite_differences(string spec)
    {
        Loss loss = LossRegistry.Create(spec);
        var (y, p) = Data(spec switch { "mse" => 0, "bce(from_logits=true)" => 3, "soft_f1" => 11, "pairwise_auc" => 12, _ => 13 });
        Tensor w = spec is "soft_f1" or "pairwise_auc" ? T([1.0, 2.0, 0.5, 1.0, 1.0, 3.0]) : T([0.5, 2.0, 1.0]); // ranking: one weight per query
        Assert.True(GradientError(loss, y, p, w) < 1e-6);
    }
}
