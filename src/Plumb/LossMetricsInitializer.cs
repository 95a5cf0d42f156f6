using System.Runtime.CompilerServices;
using Plumb.Losses;

namespace Plumb;

/// <summary>Makes every loss usable as a metric (by name, in <c>MetricRegistry</c>) as soon as Plumb is loaded.</summary>
internal static class LossMetricsInitializer
{
#pragma warning disable CA2255 // registering losses as metrics must happen before any metric spec is resolved
    [ModuleInitializer]
    internal static void OnLoad() => LossRegistry.RegisterAsMetrics();
#pragma warning restore CA2255
}
