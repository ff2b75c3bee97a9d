using Microsoft.Extensions.Logging;

namespace Stock.Hosts.Console;

/// <summary>
/// Logs of the <c>stock</c> command: one line per entry on stderr (stdout carries only the command's output, so
/// <c>stock report --format json | jq</c> always works). An exception adds its type and message to the line; its stack
/// trace only with <c>Logging:Verbose=true</c>. Without it only critical entries are written: each command's own
/// line already says what failed, once. On Cloud Run (<paramref name="cloudProject"/> not null) every entry from
/// Information up is one JSON object in Cloud Logging's format, with its trace.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter error, bool verbose, string? cloudProject = null) : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly bool _verbose = verbose || cloudProject is not null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        if (cloudProject is not null)
        {
            var json = Stock.Hosts.Defaults.CloudLogging.Format(level, category, message, exception, System.Diagnostics.Activity.Current, cloudProject);
            lock (_lock)
            {
                error.WriteLine(json);
            }

            return;
        }

        var line = $"{Label(level)}: {category}: {message.ReplaceLineEndings(" ")}";
        if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
        {
            line += $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
        }

        lock (_lock)
        {
            error.WriteLine(line);
            if (_verbose && exception is not null)
            {
                error.WriteLine(exception.ToString());
            }
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(StderrLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (provider._verbose || logLevel >= LogLevel.Critical);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
