using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stock.Application;

/// <summary>
/// The signals Stock emits (issue 12, README "What to watch"): one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both named <see cref="Name"/>. OpenTelemetry (or any listener) subscribes by that name.
/// </summary>
public static class StockTelemetry
{
    /// <summary>The name of Stock's activity source and meter.</summary>
    public const string Name = "Stock";

    /// <summary>Spans of checks, marketplace checks and relays.</summary>
    internal static ActivitySource Activities { get; } = new(Name);
}

internal static class StockMetricsRegistration
{
    /// <summary>Registers <see cref="StockMetrics"/> once, for the application and the adapters alike.</summary>
    public static IServiceCollection AddStockMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new StockMetrics(sp.GetService<IMeterFactory>()));
        return services;
    }
}

/// <summary>Stock's instruments; one per service provider, on a meter from its <see cref="IMeterFactory"/> when it has one.</summary>
internal sealed class StockMetrics : IDisposable
{
    private readonly Meter? _own;
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _raised;
    private readonly Counter<long> _published;
    private long _leasesLost;
    private long _pending;
    private double _oldestPendingSeconds;

    public StockMetrics(IMeterFactory? meters)
    {
        var meter = meters?.Create(StockTelemetry.Name) ?? (_own = new Meter(StockTelemetry.Name));
        _checks = meter.CreateCounter<long>("stock.checks", "{check}", "Checks of a legal entity, by outcome.");
        _checkDuration = meter.CreateHistogram<double>("stock.check.duration", "s", "How long a check of a legal entity took, by outcome.");
        _raised = meter.CreateCounter<long>("stock.events.raised", "{event}", "Events raised and written to the outbox, by type.");
        _published = meter.CreateCounter<long>("stock.events.published", "{event}", "Outbox events the relay published or suppressed as duplicates, by type and outcome.");
        meter.CreateObservableCounter("stock.lease.renewals_lost", () => Interlocked.Read(ref _leasesLost), "{lease}", "Leases whose renewal was lost, so that their work stopped.");
        meter.CreateObservableGauge("stock.outbox.pending", () => Interlocked.Read(ref _pending), "{event}", "Outbox events waiting to be published, as the last relay saw them.");
        meter.CreateObservableGauge("stock.outbox.oldest_pending_age", () => Volatile.Read(ref _oldestPendingSeconds), "s", "Age of the oldest pending outbox event, as the last relay saw it.");
    }

    public void Dispose() => _own?.Dispose();

    public void CheckEnded(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _checks.Add(1, tag);
        _checkDuration.Record(duration.TotalSeconds, tag);
    }

    public void Raised(string eventType, int count) => _raised.Add(count, new KeyValuePair<string, object?>("event_type", eventType));

    public void Published(string eventType, string outcome) =>
        _published.Add(1, new("event_type", eventType), new("outcome", outcome));

    public void LeaseLost() => Interlocked.Increment(ref _leasesLost);

    public void OutboxSeen(long pending, TimeSpan oldest)
    {
        Interlocked.Exchange(ref _pending, pending);
        Volatile.Write(ref _oldestPendingSeconds, oldest.TotalSeconds);
    }
}
