using System.Collections;
using Plumb.Losses;
using Plumb.Metrics;

namespace Plumb.Training;

/// <summary>
/// A user's own losses and metrics by the name a saved model recorded them under (Keras' <c>custom_objects</c>), for
/// <see cref="Model.Load(string, TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, string?, CustomObjects?)"/>.
/// </summary>
/// <remarks>
/// <code>
/// model.Compile("adam", new AsymmetricMse(), [() =&gt; new AsymmetricError()]);
/// model.Save("model.json");
/// using var loaded = Model.Load("model.json", module, customObjects: new CustomObjects
/// {
///     { "asymmetric_mse", () =&gt; new AsymmetricMse() },
///     { "asymmetric_error", () =&gt; new AsymmetricError() },
/// });
/// </code>
/// A loss or metric registered with <c>LossRegistry.Register</c> / <c>MetricRegistry.Register</c> needs no entry here.
/// </remarks>
public sealed class CustomObjects : IEnumerable<string>
{
    private readonly Dictionary<string, Func<Loss>> _losses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IStreamingMetric>> _metrics = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A loss by the name it was saved under (its <see cref="Loss.Name"/>).</summary>
    public void Add(string name, Func<Loss> loss)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _losses[name] = loss ?? throw new ArgumentNullException(nameof(loss));
    }

    /// <summary>A metric by the name it was saved under (its <see cref="IStreamingMetric.Name"/>).</summary>
    public void Add(string name, Func<IStreamingMetric> metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _metrics[name] = metric ?? throw new ArgumentNullException(nameof(metric));
    }

    /// <summary>The names held, losses first.</summary>
    public IEnumerator<string> GetEnumerator() => _losses.Keys.Concat(_metrics.Keys).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The saved loss: a custom object of that name, else the registry's.</summary>
    /// <exception cref="InvalidDataException">Neither knows it; the message says how to pass it.</exception>
    internal LossRef Loss(string spec, string path)
    {
        string name = SpecSyntax.Parse(spec, "loss").Name;
        if (_losses.TryGetValue(name, out var make)) return make();
        if (LossRegistry.Find(name) is not null) return spec;
        throw new InvalidDataException(
            $"'{path}' was compiled with the loss '{name}', which is neither one of Plumb's losses nor registered. Pass it as a custom object: " +
            $"Model.Load(path, module, customObjects: new CustomObjects {{ {{ \"{name}\", () => new YourLoss() }} }}), or register it once with LossRegistry.Register");
    }

    /// <summary>The saved metric: a custom object of that name, else the registry's.</summary>
    /// <exception cref="InvalidDataException">Neither knows it; the message says how to pass it.</exception>
    internal MetricRef Metric(string spec, string path)
    {
        if (_metrics.TryGetValue(spec, out var make)) return make;
        string name;
        try { name = SpecSyntax.Parse(spec).Name; }
        catch (FormatException e) { throw new InvalidDataException($"'{path}': saved metric '{spec}' is not a spec: {e.Message}", e); }
        if (MetricRegistry.Find(name) is not null) return spec;
        throw new InvalidDataException(
            $"'{path}' was compiled with the metric '{spec}', which is neither one of Plumb's metrics nor registered. Pass it as a custom object: " +
            $"Model.Load(path, module, customObjects: new CustomObjects {{ {{ \"{spec}\", () => new YourMetric() }} }}), or register it once with MetricRegistry.Register");
    }
}
