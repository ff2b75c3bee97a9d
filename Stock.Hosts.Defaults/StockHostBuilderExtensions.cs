using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Stock.Application;
using Stock.Application.Messaging;
using Stock.Hosts.Defaults;

namespace Stock;

/// <summary>How every Stock host composes itself: the HTTP function and the console alike.</summary>
public static class StockHostBuilderExtensions
{
    /// <summary>
    /// Registers Stock (<see cref="StockServiceCollectionExtensions.AddStock"/>) on a .NET host, with what a host adds:
    /// logs as Google Cloud Logging JSON on Cloud Run (<c>K_SERVICE</c> or <c>CLOUD_RUN_JOB</c> set), and OpenTelemetry
    /// metrics and traces of <see cref="StockTelemetry.Name"/> exported by OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or its metrics or traces variant) is set, off otherwise. Options are
    /// validated when the host starts.
    /// </summary>
    public static MessageRegistry AddStockHost(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registry = builder.Services.AddStock(builder.Configuration);
        if (CloudLogging.IsCloudRun(builder.Configuration))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o =>
            {
                o.FormatterName = CloudLoggingFormatter.Name;
                o.LogToStandardErrorThreshold = LogLevel.Trace; // stdout stays the command's own output
            });
            builder.Logging.AddConsoleFormatter<CloudLoggingFormatter, CloudLoggingFormatterOptions>(o =>
                o.ProjectId = builder.Configuration["Stock:PubSub:ProjectId"] is { Length: > 0 } project ? project : builder.Configuration["PROJECT_ID"] ?? string.Empty);
        }

        if (OtlpConfigured(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "stock"))
                .WithMetrics(metrics => metrics.AddMeter(StockTelemetry.Name).AddOtlpExporter())
                .WithTracing(tracing => tracing.AddSource(StockTelemetry.Name).AddOtlpExporter());
        }

        return registry;
    }

    private static readonly string[] _otlpEndpoints = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    private static bool OtlpConfigured(IConfiguration configuration) =>
        _otlpEndpoints.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
}
