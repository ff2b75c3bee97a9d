using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Stock.Hosts.Defaults;

/// <summary>
/// One log entry as Google Cloud Logging reads it from a container's output (structured logging): one JSON object per
/// line with <c>severity</c>, <c>message</c>, and, inside a trace, <c>logging.googleapis.com/trace</c>,
/// <c>logging.googleapis.com/spanId</c> and <c>logging.googleapis.com/trace_sampled</c>, so that logs group under
/// their request and their trace. Cloud Logging stamps the time itself.
/// </summary>
public static class CloudLogging
{
    private static readonly JsonWriterOptions _json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether this process runs on Cloud Run (a service sets <c>K_SERVICE</c>, a job <c>CLOUD_RUN_JOB</c>).</summary>
    public static bool IsCloudRun(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration["K_SERVICE"]) || !string.IsNullOrEmpty(configuration["CLOUD_RUN_JOB"]);
    }

    /// <summary>The JSON line of one entry (without the line break).</summary>
    /// <param name="level">The entry's level.</param>
    /// <param name="category">The logger's category.</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="exception">The exception logged with it, if any.</param>
    /// <param name="activity">The current span, if any.</param>
    /// <param name="projectId">The Google Cloud project, for the trace's resource name; empty: the bare trace id.</param>
    public static string Format(LogLevel level, string category, string message, Exception? exception, Activity? activity, string? projectId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, _json))
        {
            json.WriteStartObject();
            json.WriteString("severity", Severity(level));
            json.WriteString("message", exception is null ? message : $"{message}\n{exception}");
            json.WriteString("category", category);
            if (activity is not null && activity.TraceId != default)
            {
                var trace = activity.TraceId.ToHexString();
                json.WriteString("logging.googleapis.com/trace", string.IsNullOrEmpty(projectId) ? trace : $"projects/{projectId}/traces/{trace}");
                json.WriteString("logging.googleapis.com/spanId", activity.SpanId.ToHexString());
                json.WriteBoolean("logging.googleapis.com/trace_sampled", activity.Recorded);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Severity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "DEFAULT",
    };
}

/// <summary>Options of <see cref="CloudLoggingFormatter"/>.</summary>
internal sealed class CloudLoggingFormatterOptions : ConsoleFormatterOptions
{
    public string ProjectId { get; set; } = string.Empty;
}

/// <summary>The console formatter <c>cloud-logging</c>: <see cref="CloudLogging.Format"/> for the .NET console logger.</summary>
internal sealed class CloudLoggingFormatter(IOptionsMonitor<CloudLoggingFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "cloud-logging";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        textWriter.Write(CloudLogging.Format(logEntry.LogLevel, logEntry.Category, message, logEntry.Exception, Activity.Current, options.CurrentValue.ProjectId));
        textWriter.Write('\n');
    }
}
