namespace Plumb.Losses;

/// <summary>A resolved loss spec as the catalogue's factories read it.</summary>
internal sealed class LossArgs(LossSpec spec)
{
    public LossSpec Spec { get; } = spec;

    public double Number(string key) => Spec.Number(key);

    public double? OptionalNumber(string key) => Spec.OptionalNumber(key);

    public long? OptionalInteger(string key) => Spec.OptionalInteger(key);

    public bool Bool(string key) => Spec.Flag(key);

    public bool FromLogits() => Spec.Flag("from_logits");

    public string Word(string key) => Spec.Choice(key)!;

    public LossReduction Reduction() => Spec.Choice("reduction") switch
    {
        "mean_with_sample_weight" => Losses.LossReduction.MeanWithSampleWeight,
        "sum" => Losses.LossReduction.Sum,
        "none" => Losses.LossReduction.None,
        _ => Losses.LossReduction.SumOverBatchSize,
    };

    public double[]? Numbers(string key) => Spec.Numbers(key);
}
