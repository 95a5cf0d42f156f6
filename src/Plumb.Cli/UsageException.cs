namespace Plumb.Cli;

/// <summary>Bad input from the user: reported as one line on stderr with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>An exception's message without .NET's " (Parameter 'x')" suffix. Not cut at a newline: a newline may be
    /// inside a quoted value, and the error writer (<see cref="ErrorLine"/>) shows it escaped.</summary>
    public static string MessageOf(Exception e)
    {
        string m = e.Message.Trim();
        if (e is ArgumentException { ParamName: { } p }) m = m.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal);
        return m;
    }
}
