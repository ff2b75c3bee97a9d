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

    /// <summary>
    /// What <paramref name="exception"/> says, on one line: its own message, or, where it only points at its inner
    /// exception ("An error occurred while saving the entity changes. See the inner exception for details."), the inner
    /// one's, down to the first that says what happened ("SQLite Error 13: 'database or disk is full'.").
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="maxLength">The most characters kept (500).</param>
    public static string Of(Exception exception, int maxLength = 500)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var said = exception;
        while (said.InnerException is { } inner && said.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase))
        {
            said = inner;
        }

        return OneLine(said.Message, maxLength);
    }
}
