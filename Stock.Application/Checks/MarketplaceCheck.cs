using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Health;

namespace Stock.Application.Checks;

/// <summary>
/// The check of one marketplace of one legal entity, isolated from the other marketplaces, as a pipeline
/// (docs/architecture.md): <see cref="CatalogueRead"/> and <see cref="OrdersRead"/> concurrently, then
/// <see cref="ProductStore"/>, then the sync's mark. Where the process holds one catalogue at a time
/// (<see cref="CatalogueGate"/>), the orders come first and the catalogue is read and stored on its turn (D53). A
/// failed read stores no product and raises nothing (only a long sales sync stores its progress as it goes, so that a
/// cut sync resumes, D28); <see cref="HealthAlerts"/> records what it says about the key.
/// </summary>
internal sealed partial class MarketplaceCheck(
    IUnitOfWorkFactory units,
    MarketplaceRegistry marketplaces,
    CatalogueRead catalogueRead,
    OrdersRead ordersRead,
    ProductStore store,
    CatalogueGate gate,
    HealthAlerts health,
    IMessageBus bus,
    TimeProvider time,
    IOptions<StockOptions> options,
    ILogger<MarketplaceCheck> logger)
{
    public async Task<MarketplaceResult> RunAsync(CheckRun run, LegalEntity entity, MarketplaceAccount account, CancellationToken cancellationToken)
    {
        var marketplace = account.Marketplace;
        using var activity = StockTelemetry.Activities.StartActivity("check " + marketplace.ToWire());
        try
        {
            await bus.PublishAsync(new CheckStarted(run.Id, entity.Id, entity.Name.Value, marketplace, run.BusinessDate), cancellationToken);
            if (account.Key.ExpiresAt is { } expiresAt
                && MarketplaceKeyExpiring.Warn(entity.Id, marketplace, expiresAt, time.GetUtcNow(), options.Value.Rules.KeyExpiryWarningDays, run.BusinessDate) is { } expiring)
            {
                await health.RaiseAsync(expiring, entity, cancellationToken);
            }

            var client = marketplaces.Client(marketplace);
            var (events, products, mark, longSync) = await ReadAndStoreAsync(run, client, entity.Id, account, cancellationToken);
            await MarkSyncedAsync(run, entity, marketplace, longSync, mark, cancellationToken);

            var result = new MarketplaceResult(marketplace, Error: null, products, events);
            LogChecked(entity.Name.Value, marketplace, products, events.Total);
            await bus.PublishAsync(new MarketplaceChecked(run.Id, entity.Id, result), cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var result = new MarketplaceResult(marketplace, ErrorText.Of(ex), 0, EventCounts.None);
            LogFailed(ex, entity.Name.Value, result.Error!);
            await health.RecordFailureAsync(entity, marketplace, result.Error!, cancellationToken);
            if (ex is MarketplaceException { Failure: MarketplaceFailure.Unauthorized } rejected)
            {
                var lost = new MarketplaceAccessLost(entity.Id, marketplace, rejected.StatusCode, account.Key.Scrub(ErrorText.OneLine(rejected.Message)), run.BusinessDate);
                await health.RaiseAsync(lost, entity, cancellationToken);
            }

            await bus.PublishAsync(new MarketplaceChecked(run.Id, entity.Id, result), cancellationToken);
            return result;
        }
    }

    /// <summary>
    /// Reads the catalogue and the orders, and stores the products, on the catalogue's turn: what is left of the
    /// catalogue afterwards is its mark, so that the next turn's catalogue is not held beside this one.
    /// </summary>
    private async Task<(EventCounts Events, int Products, CatalogueMark Mark, bool LongSync)> ReadAndStoreAsync(
        CheckRun run, IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, CancellationToken cancellationToken)
    {
        var (catalogue, sales, turn) = await ReadAsync(client, legalEntityId, account, run.BusinessDate, cancellationToken);
        using (turn)
        {
            // Stored days expire by the day: the first check of a business day deletes those past the retention.
            var events = await store.StoreAsync(run, catalogue, sales, forgetExpired: account.SalesSyncedThrough != run.BusinessDate, cancellationToken);
            return (events, catalogue.Products.Count, catalogue.Mark, sales.LongSync);
        }
    }

    /// <summary>
    /// The catalogue and the orders, read concurrently: the orders do not depend on the catalogue (at the documented
    /// limits WB's orders alone take longer than its cards). The first part to fail stops the other and is the failure
    /// the check reports. Where catalogues take turns, the orders are read first, so that no turn waits on a long sales
    /// sync (hours of WB's orders at 100,000 products), and the catalogue on the turn the result holds.
    /// </summary>
    private async Task<(Catalogue Catalogue, SalesRead Sales, IDisposable Turn)> ReadAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly today, CancellationToken cancellationToken)
    {
        if (gate.Bounded)
        {
            var sales = await ordersRead.ReadAsync(client, legalEntityId, account, today, cancellationToken);
            var turn = await gate.TakeTurnAsync(cancellationToken);
            try
            {
                return (await catalogueRead.ReadAsync(client, legalEntityId, account, today, Task.FromResult(sales), cancellationToken), sales, turn);
            }
            catch
            {
                turn.Dispose();
                throw;
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var orders = ordersRead.ReadAsync(client, legalEntityId, account, today, stop.Token);
        var catalogue = catalogueRead.ReadAsync(client, legalEntityId, account, today, orders, stop.Token);
        await FirstFailure.WhenAllAsync(stop, orders, catalogue);
        return (await catalogue, await orders, await gate.TakeTurnAsync(cancellationToken));
    }

    /// <summary>
    /// Records that the sales are synced through the business date (forgetting a long sync's stored progress), where the
    /// catalogue was read up to, and the cards no longer listed.
    /// </summary>
    private async Task MarkSyncedAsync(CheckRun run, LegalEntity entity, Marketplace marketplace, bool longSync, CatalogueMark catalogue, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        await unit.LegalEntities.MarkSalesSyncedAsync(entity.Id, marketplace, run.BusinessDate, cancellationToken);
        await unit.LegalEntities.MarkCatalogueReadAsync(entity.Id, marketplace, catalogue.Cursor, catalogue.WholeOn, cancellationToken);
        unit.Products.Delist(entity.Id, marketplace, catalogue.Trashed, CardListing.Trashed);
        unit.Products.Delist(entity.Id, marketplace, catalogue.Gone, CardListing.Gone);
        if (longSync)
        {
            unit.SyncProgress.Clear(entity.Id, marketplace);
        }

        await unit.LegalEntities.RecordCheckAsync(entity.Id, marketplace, time.GetUtcNow(), failure: null, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await unit.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{LegalEntity} {Marketplace}: {Products} products merged, {Events} events raised")]
    private partial void LogChecked(string legalEntity, Marketplace marketplace, int products, int events);

    [LoggerMessage(Level = LogLevel.Error, Message = "{LegalEntity}: a marketplace check failed: {Error}")]
    private partial void LogFailed(Exception exception, string legalEntity, string error);
}
