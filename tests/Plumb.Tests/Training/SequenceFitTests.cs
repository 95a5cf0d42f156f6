using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>
/// Fit on sequence outputs [B, T, K] with class indices [B, T] and per-timestep weights [B, T]: every timestep is a
/// sample for the loss (Keras 3's reduction, checked against PyTorch in RankNLossTests) and for the metrics.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class SequenceFitTests
{
    [Fact]
    public void Per_timestep_weights_reach_the_loss_and_the_metrics()
    {
        manual_seed(3);
        var x = randn(6, 4, 5);
        var y = randint(0, 3, [6, 4], dtype: ScalarType.Int64);
        var w = rand(6, 4);
        using var model = new Model(nn.Linear(5, 3));
        model.Compile("sgd", 1e-12, "sparse_categorical_crossentropy(from_logits=true)", ["accuracy"], weightedMetrics: ["accuracy"]);
        var h = model.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, sampleWeight: w, verbose: 0);

        // With a learning rate of 1e-12 the weights do not move: the epoch's values are those of the initial model.
        using var logits = model.Predict(x);
        double[] z = logits.to_type(ScalarType.Float64).data<double>().ToArray();
        long[] labels = y.data<long>().ToArray();
        double[] weight = w.to_type(ScalarType.Float64).data<double>().ToArray();
        double weightedLoss = 0, hits = 0, weightedHits = 0, total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = z.AsSpan(i * 3, 3);
            double max = Math.Max(row[0], Math.Max(row[1], row[2]));
            double logSum = max + Math.Log(Math.Exp(row[0] - max) + Math.Exp(row[1] - max) + Math.Exp(row[2] - max));
            weightedLoss += weight[i] * (logSum - row[(int)labels[i]]);
            int argmax = row[0] >= row[1] && row[0] >= row[2] ? 0 : row[1] >= row[2] ? 1 : 2;
            if (argmax == labels[i]) { hits++; weightedHits += weight[i]; }
            total += weight[i];
        }
        // Keras: Σ w·ℓ over the 24 timesteps / 24 (batches of 4 and 2 rows weighted by their rows give the same).
        Assert.Equal(weightedLoss / 24, h["loss"][0], 5);
        Assert.Equal(hits / 24, h["accuracy"][0], 12);                  // metrics: unweighted (Keras)
        Assert.Equal(weightedHits / total, h["weighted_accuracy"][0], 12); // weighted metrics: per-timestep weights
    }
}
