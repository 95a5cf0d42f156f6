namespace Plumb.Metrics;

/// <summary>"Did you mean …?" for registry names (metrics here, losses in Plumb): the closest candidate by edit distance.</summary>
internal static class NameSuggestion
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by Levenshtein distance (case-insensitive), when the
    /// distance is at most max(2, length/3); otherwise null. Ties keep the first candidate.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string n = name.ToLowerInvariant();
        string? best = null;
        int bestD = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Levenshtein(n, c.ToLowerInvariant());
            if (d < bestD) (best, bestD) = (c, d);
        }
        return bestD <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>The number of single-character insertions, deletions and substitutions turning a into b.</summary>
    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
