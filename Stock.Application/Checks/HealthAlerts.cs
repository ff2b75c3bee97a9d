using Microsoft.Extensions.Logging;
using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Health;

namespace Stock.Application.Checks;

/// <summary>
/// What a check records about a key rather than a product: health events, each written to the outbox on its own (the
/// relay after the check publishes it, deduplicated per window, D24), and how each marketplace's check ended. A
/// failure to write either is logged: it never turns into another failure of the check.
/// </summary>
internal sealed partial class HealthAlerts(IUnitOfWorkFactory units, MarketplaceRegistry marketplaces, TimeProvider time, StockMetrics metrics, ILogger<HealthAlerts> logger)
{
    public async Task RaiseAsync(IHealthEvent health, LegalEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            unit.Outbox.Add([HealthMessages.From(health, entity.Name.Value, marketplaces.Definition(health.Marketplace).DisplayName, time.GetUtcNow())]);
            await unit.CommitAsync(cancellationToken);
            metrics.Raised(health.EventType, 1);
            LogHealth(entity.Name.Value, health.Marketplace, health.EventType);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotWritten(ex, entity.Name.Value, health.EventType);
        }
    }

    public async Task RecordFailureAsync(LegalEntity entity, Marketplace marketplace, string error, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            await unit.LegalEntities.RecordCheckAsync(entity.Id, marketplace, time.GetUtcNow(), error, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotWritten(ex, entity.Name.Value, "the failure record");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LegalEntity} {Marketplace}: {EventType} raised")]
    private partial void LogHealth(string legalEntity, Marketplace marketplace, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{LegalEntity}: {EventType} could not be written to the outbox")]
    private partial void LogNotWritten(Exception exception, string legalEntity, string eventType);
}
