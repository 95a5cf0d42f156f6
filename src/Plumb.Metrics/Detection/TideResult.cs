namespace Plumb.Metrics.Detection;

/// <summary>
/// TIDE's error breakdown (Bolya et al., ECCV 2020, <c>tidecv</c> 1.0.1): the AP at the foreground IoU, how many
/// errors of each type, and ΔAP — how much AP rises when the errors of one type are fixed by TIDE's oracle.
/// </summary>
/// <remarks>
/// <para>Values are fractions (0–1); <c>tidecv</c> prints the same numbers × 100. ΔAP of a main error is
/// max(AP(fixed) − AP, 0), each type fixed on its own against the unfixed AP (TIDE's default, not progressive).
/// <see cref="FalsePositiveDeltaAp"/> and <see cref="FalseNegativeDeltaAp"/> are TIDE's two special errors
/// (perfect precision / perfect recall), not clamped. See <c>docs/detection.md</c> for every convention.</para>
/// <code>
/// TideResult t = metric.ComputeTide();
/// double cls = t.DeltaAp[TideErrorKind.Classification];   // AP gained if every class confusion were fixed
/// </code>
/// </remarks>
public sealed class TideResult
{
    /// <summary>TIDE's short names in TIDE's order (<c>cls, loc, both, dupe, bkg, miss</c>), the JSON keys.</summary>
    public static readonly string[] ShortNames = ["cls", "loc", "both", "dupe", "bkg", "miss"];

    internal TideResult(double fg, double bg, double ap, double[] delta, int[] counts, double fp, double fn)
    {
        ForegroundIou = fg; BackgroundIou = bg; Ap = ap;
        var d = new Dictionary<TideErrorKind, double>();
        var c = new Dictionary<TideErrorKind, int>();
        for (int i = 0; i < 6; i++) { d[(TideErrorKind)i] = delta[i]; c[(TideErrorKind)i] = counts[i]; }
        DeltaAp = d; Counts = c; FalsePositiveDeltaAp = fp; FalseNegativeDeltaAp = fn;
    }

    /// <summary>The foreground IoU (a match needs IoU ≥ this; 0.5).</summary>
    public double ForegroundIou { get; }

    /// <summary>The background IoU (a detection with IoU ≤ this to every ground truth is background; 0.1).</summary>
    public double BackgroundIou { get; }

    /// <summary>TIDE's mAP at the foreground IoU (101 recall points; see the docs for how it differs from COCO's AP50).</summary>
    public double Ap { get; }

    /// <summary>ΔAP of fixing each main error type.</summary>
    public IReadOnlyDictionary<TideErrorKind, double> DeltaAp { get; }

    /// <summary>Number of errors of each main type.</summary>
    public IReadOnlyDictionary<TideErrorKind, int> Counts { get; }

    /// <summary>Special error <c>FalsePos</c>: AP gained by scoring every TP above every FP (recall unchanged).</summary>
    public double FalsePositiveDeltaAp { get; }

    /// <summary>Special error <c>FalseNeg</c>: AP gained by removing every unmatched ground truth (precision unchanged).</summary>
    public double FalseNegativeDeltaAp { get; }
}
