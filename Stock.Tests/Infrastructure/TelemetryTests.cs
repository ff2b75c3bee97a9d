using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Stock.Application;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Hosts.Defaults;
using Stock.Infrastructure.Persistence;
using Stock.Simulation;

namespace Stock.Tests.Infrastructure;

/// <summary>The signals of issue 12, read back through OpenTelemetry's in-memory exporters after a real check.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task ACheckAndItsRelay_EmitEverySignal()
    {
        await using var sim = await SimulatedMarketplaces.StartAsync();
        var seller = sim.AddSeller("ООО Амодекор", "wb-telemetry-token-0001", "123456", "ozon-telemetry-key");
        seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка", fbo: 3, fbs: 2, DateTimeOffset.UtcNow.AddDays(-100));
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211111111, sim.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 2);
        }

        sim.AddFault("/content/v2/get/cards/list", SimulatedFault.RateLimited, retryAfterSeconds: 1);
        var dir = Directory.CreateTempSubdirectory("stock-telemetry-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(sim.ConfigurationValues()).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(dir, "stock.db")};Pooling=False",
            ["Stock:Events:File"] = Path.Combine(dir, "events.jsonl"),
        }).Build();
        var metrics = new List<MetricSnapshot>();
        var spans = new List<Activity>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddStock(configuration);
        services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(StockTelemetry.Name).AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddSource(StockTelemetry.Name).AddInMemoryExporter(spans));
        await using (var provider = services.BuildServiceProvider())
        {
            var meterProvider = provider.GetRequiredService<MeterProvider>();
            var tracerProvider = provider.GetRequiredService<TracerProvider>();
            await provider.GetRequiredService<IStockDatabase>().MigrateAsync(default);
            await using (var scope = provider.CreateAsyncScope())
            {
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                await bus.SendAsync(new SetMarketplaceKey("ООО Амодекор", "wb", Token: "wb-telemetry-token-0001"), default);
                (await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks("ООО Амодекор"), default)).Relay!.Published.Should().Be(3, "a LowOnStock, and a ship and a reorder SupplyDue");
            }

            meterProvider.ForceFlush();
            tracerProvider.ForceFlush();
        }

        // The meter is matched by name, so checks of tests running beside this one may add to the sums: at least this one's.
        Points(metrics, "stock.checks").Should().Contain(p => Tag(p, "outcome") == "succeeded" && p.GetSumLong() >= 1);
        Points(metrics, "stock.check.duration").Should().Contain(p => Tag(p, "outcome") == "succeeded" && p.GetHistogramCount() >= 1);
        var requests = Points(metrics, "stock.marketplace.requests");
        requests.Should().Contain(p => Tag(p, "endpoint") == "POST /content/v2/get/cards/list" && Tag(p, "status") == "429" && p.GetSumLong() >= 1, "the limited attempt counts");
        requests.Should().Contain(p => Tag(p, "endpoint") == "POST /content/v2/get/cards/list" && Tag(p, "status") == "200");
        Points(metrics, "stock.events.raised").Should().Contain(p => Tag(p, "event_type") == "LowOnStock" && p.GetSumLong() >= 1);
        Points(metrics, "stock.events.published").Should().Contain(p => Tag(p, "event_type") == "LowOnStock" && Tag(p, "outcome") == "published");
        Points(metrics, "stock.outbox.pending").Should().NotBeEmpty();
        Points(metrics, "stock.outbox.oldest_pending_age").Should().NotBeEmpty();
        Points(metrics, "stock.lease.renewals_lost").Should().NotBeEmpty();
        spans.Select(s => s.DisplayName).Should().Contain(["check", "check wb", "relay"]);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void CloudLoggingLine_HasSeverityMessageAndTheTraceOfItsSpan()
    {
        using var activity = new Activity("check").SetIdFormat(ActivityIdFormat.W3C).Start();

        var line = CloudLogging.Format(LogLevel.Warning, "Stock.Check", "wb: 1 product", new InvalidOperationException("boom"), activity, "my-project");

        var json = JsonDocument.Parse(line).RootElement;
        json.GetProperty("severity").GetString().Should().Be("WARNING");
        json.GetProperty("message").GetString().Should().StartWith("wb: 1 product\nSystem.InvalidOperationException: boom");
        json.GetProperty("logging.googleapis.com/trace").GetString().Should().Be($"projects/my-project/traces/{activity.TraceId.ToHexString()}");
        json.GetProperty("logging.googleapis.com/spanId").GetString().Should().Be(activity.SpanId.ToHexString());
        line.Should().NotContain("\n", "one entry is one line");
    }

    // Snapshots, not the live metrics: the exporter's own points are reset by the next collection.
    private static List<MetricPoint> Points(List<MetricSnapshot> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).ToList();

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
