using System.Globalization;
using Plumb.Losses;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Judges the model's output by its values at the first batch — range, row sums, sign, row logsumexp — against what
/// the loss declares it reads (probabilities, log-probabilities, logits), whatever the module's type. Catches what no
/// declared activation shows: a hand-written <c>forward</c> ending in <c>log_softmax</c>, logits fed to a
/// probability loss, sigmoid rows fed to a categorical one.
/// </summary>
internal static class OutputCheck
{
    /// <summary>Tolerance for "≤ 0", "in [0, 1]" and "rows sum to 1 / logsumexp 0" (float32 softmax rows are exact to ~1e-6).</summary>
    private const double Tolerance = 1e-4;

    /// <summary>What the first batch's output looks like.</summary>
    private readonly record struct Shape(double Min, double Max, int Columns, double RowSumError, double LogSumExpError)
    {
        public bool InUnitInterval => Min >= -Tolerance && Max <= 1 + Tolerance;
        public bool ProbabilityRows => Columns > 1 && InUnitInterval && RowSumError <= Tolerance;
        public bool LogProbabilityRows => Columns > 1 && Max <= Tolerance && LogSumExpError <= Tolerance;
        public string Range => $"[{Fmt(Min)}, {Fmt(Max)}]";
    }

    /// <summary>Throws <see cref="CompileCheckException"/> when <paramref name="pred"/> is not what the loss reads.</summary>
    public static void Run(Loss loss, LossKind kind, bool fromLogits, Tensor pred)
    {
        bool probabilityLoss = kind is LossKind.BinaryProbability or LossKind.CategoricalProbability or LossKind.Probability;
        if (!probabilityLoss && kind != LossKind.LogProbabilities) return;
        if (!pred.is_floating_point() || pred.numel() == 0 || pred.dim() == 0) return;
        Shape s = Measure(pred);
        if (double.IsNaN(s.Min) || double.IsNaN(s.Max)) return; // NaN outputs are TerminateOnNaN's business
        string name = loss.Name;

        if (kind == LossKind.LogProbabilities)
        {
            if (s.LogProbabilityRows || (s.Columns == 1 && s.Max <= Tolerance)) return;
            string what = s.ProbabilityRows
                ? $"rows of probabilities (in [0, 1], summing to 1), not log-probabilities; take their log with a log_softmax output instead of softmax, or keep them and use sparse_categorical_crossentropy"
                : $"not log-probabilities (values in {s.Range}; rows of log-probabilities are ≤ 0 with logsumexp 0): they look like logits. " +
                  "End the model with log_softmax, or keep the logits and use sparse_categorical_crossentropy(from_logits=true)";
            throw new CompileCheckException("nll_on_non_log_probabilities",
                $"loss '{name}' reads log-probabilities (the output of log_softmax), but the model's output at the first batch is {what}");
        }

        if (fromLogits)
        {
            if (s.ProbabilityRows)
                throw new CompileCheckException("from_logits_on_probabilities",
                    $"loss '{name}' has from_logits=true but the model's output rows at the first batch are already probabilities (in [0, 1], " +
                    "summing to 1): the loss would apply softmax a second time, which flattens the gradients and distorts the loss. " +
                    "Remove the final softmax and keep from_logits=true (more stable), or keep it and set from_logits=false");
            return;
        }

        if (s.LogProbabilityRows)
            throw new CompileCheckException("probability_loss_on_log_probabilities",
                $"loss '{name}' expects probabilities in [0, 1], but the model's output at the first batch is log-probabilities " +
                $"(all ≤ 0, each row's logsumexp is 0: a log_softmax output; values in {s.Range}). The loss would treat them as " +
                "probabilities and train towards the wrong class. Use the loss 'nll' (negative log-likelihood, PyTorch's NLLLoss) on " +
                "this output, or remove the log_softmax and set from_logits=true on the loss");
        if (!s.InUnitInterval)
            throw new CompileCheckException("probability_loss_on_unbounded_output",
                $"loss '{name}' expects probabilities in [0, 1], but the model's output at the first batch has values in {s.Range}, " +
                "outside [0, 1]: these are logits (or another unbounded activation), which the loss would clip and renormalise, " +
                $"giving wrong gradients. Keep the output and set from_logits=true on the loss, or end the model with " +
                $"{(s.Columns > 1 && kind != LossKind.BinaryProbability ? "softmax" : "sigmoid")}" +
                (s.Max <= Tolerance ? "; if these are log-probabilities, use the loss 'nll'" : ""));
        if (kind == LossKind.CategoricalProbability && s.Columns > 1 && s.RowSumError > Tolerance)
            throw new CompileCheckException("probability_rows_do_not_sum_to_one",
                $"loss '{name}' expects each row to be a probability distribution over the {s.Columns} classes, but the model's output " +
                $"rows at the first batch sum to values up to {Fmt(s.RowSumError)} away from 1 (independent sigmoid scores?). " +
                "The loss would renormalise them and train something else. End the model with softmax, or remove the activation " +
                "and set from_logits=true; for independent labels use binary_crossentropy");
    }

    private static Shape Measure(Tensor pred)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var p = pred.detach().to_type(ScalarType.Float64);
        var (mn, mx) = p.aminmax();
        int k = p.dim() > 1 ? (int)p.shape[^1] : 1;
        double rowSum = 0, lse = 0;
        if (k > 1)
        {
            var rows = p.reshape(-1, k);
            rowSum = (rows.sum(1) - 1).abs().max().item<double>();
            lse = rows.logsumexp(1).abs().max().item<double>();
        }
        return new Shape(mn.item<double>(), mx.item<double>(), k, rowSum, lse);
    }

    private static string Fmt(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
