using System.Reflection;
using Plumb.Losses;

namespace Plumb.Training;

/// <summary>
/// The one place where the training loop reads what a loss expects: from its descriptor (Plumb's losses and
/// registered ones) or its <see cref="PlumbLossAttribute"/> (a custom loss object).
/// </summary>
internal static class LossResolver
{
    /// <summary>What <paramref name="loss"/> expects: the attribute on its type, else the descriptor of a registered loss.</summary>
    public static LossKind KindOf(Loss loss)
    {
        if (loss.GetType().GetCustomAttribute<PlumbLossAttribute>() is { } attr) return attr.Expects;
        return Registered(loss)?.Expects ?? LossKind.Unknown;
    }

    /// <summary>The descriptor of a loss object created by the registry or of one of Plumb's own loss types; null for a custom object.</summary>
    public static LossDescriptor? Registered(Loss loss) =>
        loss.Spec is not null || loss.GetType().Assembly == typeof(Loss).Assembly ? LossRegistry.Find(loss.Name) : null;

    /// <summary>Whether the loss reads raw scores (a public <c>bool FromLogits</c> property set to true).</summary>
    public static bool FromLogits(Loss loss) =>
        loss.GetType().GetProperty("FromLogits", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } p
        && t == typeof(bool) && (bool)p.GetValue(loss)!;

    /// <summary>A spec that rebuilds <paramref name="loss"/> (used by Save): the spec it was created from, else its name
    /// and <c>from_logits</c> (other constructor arguments of a loss built directly are not recoverable).</summary>
    public static string SpecOf(Loss loss) =>
        loss.Spec is { } spec ? spec
        : FromLogits(loss) && Registered(loss)?.Argument("from_logits") is not null ? $"{loss.Name}(from_logits=true)" : loss.Name;
}
