namespace Stock.Application.Messaging;

/// <summary>Error text as Stock reports it: one line, of bounded length.</summary>
public static class ErrorText
{
    /// <summary>
    /// <paramref name="text"/> on one line (line breaks and tabs folded into spaces), cut at <paramref name="maxLength"/>
    /// characters with an ellipsis.
    /// </summary>
    /// <param name="text">The text, perhaps an exception's message over several lines.</param>
    /// <param name="maxLength">The most characters kept (500).</param>
    public static string OneLine(string? text, int maxLength = 500)
    {
        var line = string.Join(' ', (text ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }
}
