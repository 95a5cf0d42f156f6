using System.Net;
using System.Text;
using Plumb.IO;

namespace Plumb.Cli.Reports;

/// <summary>Writes a self-contained HTML report (PNGs embedded), atomically; in a run folder also the PNG files.</summary>
internal static class HtmlReport
{
    /// <summary>
    /// Renders <paramref name="data"/> to <paramref name="htmlPath"/>. With <paramref name="plotFiles"/> (only for a
    /// folder Plumb owns: a run's staging folder) the PNGs also go to a <c>plots/</c> folder beside it.
    /// </summary>
    public static IReadOnlyList<PlotImage> Write(ReportData data, string htmlPath, bool plotFiles = true)
    {
        var images = Plots.All(data).ToList();
        if (plotFiles)
        {
            string plotDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!, "plots");
            Directory.CreateDirectory(plotDir);
            foreach (var img in images) AtomicFile.WriteAllBytes(Path.Combine(plotDir, img.FileName), img.Png);
        }
        AtomicFile.WriteAllText(htmlPath, Render(data, images));
        return images;
    }

    internal static string Render(ReportData data, IReadOnlyList<PlotImage> images)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E(data.Title)}</title>");
        sb.Append("""
            <style>
            body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:2rem auto;max-width:1480px;color:#222;padding:0 1rem}
            h1{margin-bottom:.2rem} .summary{color:#555;margin:.1rem 0}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1.5rem;margin-top:1.5rem}
            figure{margin:0;border:1px solid #ddd;border-radius:6px;padding:.5rem;background:#fff}
            figure img{width:100%;height:auto} figcaption{font-weight:600;margin:.3rem 0}
            .reading{color:#444;margin:0 0 .3rem 0}
            table{border-collapse:collapse;margin:1rem 1rem 0 0;display:inline-table;vertical-align:top}
            td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left} th{background:#f4f4f4}
            </style></head><body>
            """);
        sb.Append($"<h1>{E(data.Title)}</h1>");
        foreach (var line in data.Summary) sb.Append($"<p class=\"summary\">{E(line)}</p>");
        foreach (var (title, rows) in data.Tables)
        {
            sb.Append($"<table><tr><th colspan=\"2\">{E(title)}</th></tr>");
            foreach (var (k, v) in rows) sb.Append($"<tr><td>{E(k)}</td><td>{E(v)}</td></tr>");
            sb.Append("</table>");
        }
        sb.Append("<div class=\"grid\">");
        foreach (var img in images)
        {
            sb.Append("<figure>");
            sb.Append($"<figcaption>{E(img.Caption)}</figcaption>");
            sb.Append($"<p class=\"reading\">{E(img.Reading)}</p>");
            sb.Append($"<img alt=\"{E(img.Caption)}\" data-plot=\"{E(img.FileName)}\" src=\"data:image/png;base64,{Convert.ToBase64String(img.Png)}\">");
            sb.Append("</figure>");
        }
        sb.Append("</div>");
        // Lets a headless browser check (CI) that every image decoded.
        sb.Append("""
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var ok = imgs.every(function (i) { return i.complete && i.naturalWidth > 0; });
              document.body.setAttribute('data-images', imgs.length + (ok ? ' ok' : ' broken'));
            });
            </script>
            """);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }
}
