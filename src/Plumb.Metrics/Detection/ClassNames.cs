namespace Plumb.Metrics.Detection;

/// <summary>A class names file (darknet <c>obj.names</c>, VOC class lists): one name per line, line i = class i; blank lines skipped at the end.</summary>
public static class ClassNames
{
    /// <summary>Reads the names.</summary>
    /// <exception cref="InvalidDataException">Unreadable, empty, or a repeated name (the message names the line).</exception>
    public static string[] Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"{path}: {e.Message}"); }
        var names = lines.Select(l => l.Trim()).ToList();
        while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
        if (names.Count == 0) throw new InvalidDataException($"{path}: no class names");
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0) throw new InvalidDataException($"{path}:{i + 1}: empty class name");
            if (!seen.TryAdd(names[i], i)) throw new InvalidDataException($"{path}:{i + 1}: class '{names[i]}' repeats line {seen[names[i]] + 1}");
        }
        return [.. names];
    }
}
