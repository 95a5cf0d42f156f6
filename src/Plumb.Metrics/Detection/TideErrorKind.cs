namespace Plumb.Metrics.Detection;

/// <summary>
/// The six main error types of TIDE (Bolya et al., ECCV 2020), in TIDE's order; each false positive gets exactly
/// one of the first five, each ground truth no detection could have found gets <see cref="Missed"/>.
/// </summary>
public enum TideErrorKind
{
    /// <summary><c>Cls</c>: IoU ≥ foreground with a ground truth of another class (would be a TP with the right class).</summary>
    Classification,

    /// <summary><c>Loc</c>: background ≤ IoU ≤ foreground with a ground truth of its own class (would be a TP if better localised).</summary>
    Localization,

    /// <summary><c>Both</c>: none of the others (wrong class and poorly localised).</summary>
    Both,

    /// <summary><c>Dupe</c>: IoU ≥ foreground with a same-class ground truth that a higher-scoring detection took.</summary>
    Duplicate,

    /// <summary><c>Bkg</c>: IoU ≤ background with every ground truth (or the image has none).</summary>
    Background,

    /// <summary><c>Miss</c>: a ground truth not matched and not the target of any classification or localisation error.</summary>
    Missed,
}
