using System.Text;
using System.Text.RegularExpressions;

namespace Plumb.Cli;

/// <summary>
/// The one writer of <c>plumb:</c> error lines. Every message passes through <see cref="Format"/>: control characters
/// (ESC, NUL, newline…), bidirectional overrides and lone surrogates are shown escaped (<c>\x1b</c>, <c>\n</c>,
/// <c>\u202e</c>), so that nothing a data file holds can drive the terminal or break the one-line rule; each quoted
/// value is cut to <see cref="MaxValue"/> characters and the whole line to <see cref="MaxLine"/>, with an ellipsis.
/// </summary>
internal static partial class ErrorLine
{
    /// <summary>Longest quoted value shown.</summary>
    public const int MaxValue = 120;

    /// <summary>Longest line written.</summary>
    public const int MaxLine = 1000;

    /// <summary>The one-line, escaped, shortened form of <paramref name="message"/>.</summary>
    public static string Format(string message)
    {
        string s = Escape(message.Length > 4 * MaxLine ? ShortenQuoted(message, 4 * MaxLine) : message);
        s = Quoted().Replace(s, m => m.Groups[1].Value.Length <= MaxValue ? m.Value : $"'{Cut(m.Groups[1].Value, MaxValue)}'");
        return Cut(s, MaxLine);
    }

    /// <summary><paramref name="value"/> escaped and cut, in quotes — for messages built outside the choke point.</summary>
    public static string Quote(string value) => $"'{Cut(Escape(value), MaxValue)}'";

    /// <summary>Shows control characters, bidi controls and lone surrogates as escapes.</summary>
    public static string Escape(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            string? e = c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < 0x20 || c == 0x7f || c is >= '\u0080' and <= '\u009f' => $"\\x{(int)c:x2}",
                _ when c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u200e' or '\u200f' => $"\\u{(int)c:x4}",
                _ when char.IsHighSurrogate(c) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) => $"\\u{(int)c:x4}",
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1])) => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (e is null) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(s, 0, i, s.Length + 16);
            sb.Append(e);
        }
        return sb?.ToString() ?? s;
    }

    private static string Cut(string s, int max)
    {
        if (s.Length <= max) return s;
        int n = max - 1;
        if (char.IsHighSurrogate(s[n - 1])) n--;
        return s[..n] + "…";
    }

    /// <summary>Before escaping a huge message: cut its long quoted parts (the escaped form could be 4× longer).</summary>
    private static string ShortenQuoted(string message, int max)
    {
        string s = Quoted().Replace(message, m => m.Groups[1].Value.Length <= MaxValue ? m.Value : $"'{Cut(m.Groups[1].Value, MaxValue)}'");
        return s.Length <= max ? s : s[..max];
    }

    [GeneratedRegex("'([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
