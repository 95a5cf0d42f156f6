namespace Plumb.Cli;

/// <summary>Bad input from the user: reported as one line on stderr with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The first line of an exception's message, without .NET's " (Parameter 'x')" suffix.</summary>
    public static string MessageOf(Exception e)
    {
        string m = e.Message.Split('\n')[0].Trim();
        if (e is ArgumentException { ParamName: { } p }) m = m.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal);
        return m;
    }
}
