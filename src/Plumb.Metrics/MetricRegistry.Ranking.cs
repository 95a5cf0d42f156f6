namespace Plumb.Metrics;

public static partial class MetricRegistry
{
    private static readonly ArgumentSchema RankCutArgument =
        ArgumentSchema.Integer("k", "only the top k items of each query count (default: the whole list)", null, 1, int.MaxValue);

    private static readonly ArgumentSchema GainArgument =
        ArgumentSchema.Choice("gain", "gain of a relevance grade: linear (scikit-learn) or exponential 2^y − 1 (TF-Ranking, LightGBM)",
            "linear", "linear", "exponential");

    static partial void RegisterRankingMetrics()
    {
        Ranking("ndcg", ["ndcg_score", "ndcg_at_k"], "normalised discounted cumulative gain per query (scikit-learn's ndcg_score)",
            "mean_q DCG@k / IDCG@k, DCG@k = Σ_{r≤k} gain(y_(r)) / log₂(r + 1), tied scores share their mean gain; 0 when IDCG = 0",
            (s, _) => new Ndcg(Cut(s), Gain(s)), RankCutArgument, GainArgument);
        Ranking("dcg", ["dcg_score", "dcg_at_k"], "discounted cumulative gain per query (scikit-learn's dcg_score)",
            "mean_q Σ_{r≤k} gain(y_(r)) / log_b(r + 1), tied scores share their mean gain",
            (s, _) => new Dcg(Cut(s), Gain(s), s.Number("log_base")), RankCutArgument, GainArgument,
            ArgumentSchema.Number("log_base", "base of the logarithmic discount", 2, 1.000001, 1e6));
        Ranking("map_at_k", ["map_k"], "mean average precision over the top k (TF-Ranking's MAP)",
            "mean_q Σ_{r≤k} P@r·rel(r) / Σ rel, rel = [y ≥ 1]; 0 without a relevant item", (s, _) => new MapAtK(Cut(s)), RankCutArgument);
        Ranking("mrr", ["mean_reciprocal_rank"], "mean reciprocal rank of the first relevant item (TF-Ranking's MRR)",
            "mean_q max_{r≤k} rel(r) / r, rel = [y ≥ 1]", (s, _) => new Mrr(Cut(s)), RankCutArgument);
        Ranking("precision_at_k", ["p_at_k"], "fraction of relevant items in the top k (TF-Ranking's precision)",
            "mean_q Σ_{r≤min(k,n)} rel(r) / min(k, n), rel = [y ≥ 1]", (s, _) => new PrecisionAtK(Cut(s)), RankCutArgument);
        Ranking("recall_at_k", ["r_at_k"], "fraction of a query's relevant items in its top k (TF-Ranking's recall)",
            "mean_q Σ_{r≤k} rel(r) / Σ rel, rel = [y ≥ 1]; 0 without a relevant item", (s, _) => new RecallAtK(Cut(s)), RankCutArgument);
        Ranking("hit_rate", ["hits", "hits_at_k"], "fraction of queries with a relevant item in the top k (TF-Ranking's hits@k)",
            "mean_q max_{r≤k} rel(r), rel = [y ≥ 1]", (s, _) => new HitRate(Cut(s)), RankCutArgument);
        Ranking("ordered_pair_accuracy", ["opa"], "fraction of differently-relevant pairs the scores order correctly (TF-Ranking's OPA)",
            "Σ [s_i > s_j]·[y_i > y_j] / Σ [y_i > y_j] over pairs within a query, pooled", (_, _) => new OrderedPairAccuracy());
    }

    private static void Ranking(string name, string[] aliases, string description, string formula, Factory factory,
        params ArgumentSchema[] arguments) =>
        Register(new MetricDescriptor
        {
            Name = name, Aliases = aliases, Family = MetricFamily.Ranking, Reads = MetricInputs.Relevance,
            Direction = MetricDirection.HigherIsBetter, Description = description, Formula = formula, Arguments = arguments,
            Tasks = [MetricTask.Ranking],
        }, factory);

    private static int? Cut(MetricSpec s) => s.OptionalInteger("k") is { } k ? (int)k : null;

    private static RankingGain Gain(MetricSpec s) => s.Choice("gain") == "exponential" ? RankingGain.Exponential : RankingGain.Linear;
}
