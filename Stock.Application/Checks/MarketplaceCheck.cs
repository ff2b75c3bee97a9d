using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Health;
using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Application.Checks;

/// <summary>
/// The check of one marketplace of one legal entity, isolated from the other marketplace: fetch everything first (a
/// failed fetch stores no product and raises nothing; only a long sales sync stores its progress as it goes, so that a
/// cut sync resumes, D28), then merge in batches with bounded concurrency, each batch committing its products and the
/// events they raised to the outbox in one transaction; health events are written on their own (D24).
/// </summary>
internal sealed partial class MarketplaceCheck(
    IUnitOfWorkFactory units,
    IEnumerable<IMarketplaceClient> clients,
    IMessageBus bus,
    TimeProvider time,
    StockMetrics metrics,
    IOptions<StockOptions> options,
    ILogger<MarketplaceCheck> logger)
{
    // The (sku, date) counts a long sync holds unsaved at most (about 3 MB), whatever its save interval.
    private const int MaxUnsavedDays = 50_000;

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
                await RaiseHealthAsync(expiring, entity, cancellationToken);
            }

            var (fetched, longSync) = await FetchAsync(entity.Id, account, run.BusinessDate, cancellationToken);
            // Stored days expire by the day: the first check of a business day deletes those past the retention.
            var firstToday = account.SalesSyncedThrough != run.BusinessDate;
            var events = await StoreAsync(run, entity, fetched, firstToday, cancellationToken);

            await using (var unit = units.Begin())
            {
                await unit.LegalEntities.MarkSalesSyncedAsync(entity.Id, marketplace, run.BusinessDate, cancellationToken);
                if (longSync)
                {
                    unit.SyncProgress.Clear(entity.Id, marketplace);
                }
                await unit.LegalEntities.RecordCheckAsync(entity.Id, marketplace, time.GetUtcNow(), failure: null, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                await unit.CommitAsync(cancellationToken);
            }

            var result = new MarketplaceResult(marketplace, Error: null, fetched.Count, events);
            LogMarketplaceChecked(entity.Name.Value, marketplace, fetched.Count, events.Total);
            await bus.PublishAsync(new MarketplaceChecked(run.Id, entity.Id, result), cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var result = new MarketplaceResult(marketplace, ErrorText.OneLine(ex.Message), 0, EventCounts.None);
            LogMarketplaceFailed(ex, entity.Name.Value, result.Error!);
            await RecordFailureAsync(entity, marketplace, result.Error!, cancellationToken);
            if (ex is MarketplaceException { Failure: MarketplaceFailure.Unauthorized } rejected)
            {
                await RaiseHealthAsync(new MarketplaceAccessLost(entity.Id, marketplace, rejected.StatusCode, account.Key.Scrub(ErrorText.OneLine(rejected.Message)), run.BusinessDate), entity, cancellationToken);
            }

            await bus.PublishAsync(new MarketplaceChecked(run.Id, entity.Id, result), cancellationToken);
            return result;
        }
    }

    private async Task RecordFailureAsync(LegalEntity entity, Marketplace marketplace, string error, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            await unit.LegalEntities.RecordCheckAsync(entity.Id, marketplace, time.GetUtcNow(), error, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHealthFailed(ex, entity.Name.Value, "the failure record");
        }
    }

    /// <summary>
    /// Writes a health event to the outbox on its own (the relay after the check publishes it, deduplicated per window).
    /// A failure to write it is logged: it never turns into another failure of the check.
    /// </summary>
    private async Task RaiseHealthAsync(IHealthEvent health, LegalEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            unit.Outbox.Add([HealthMessages.From(health, entity.Name.Value, time.GetUtcNow())]);
            await unit.CommitAsync(cancellationToken);
            metrics.Raised(health.EventType, 1);
            LogHealth(entity.Name.Value, health.Marketplace, health.EventType);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHealthFailed(ex, entity.Name.Value, health.EventType);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marketplace}: resuming the sales sync from {Since} with {Units} stored day counts")]
    private partial void LogResumed(Marketplace marketplace, DateOnly since, int units);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LegalEntity} {Marketplace}: {EventType} raised")]
    private partial void LogHealth(string legalEntity, Marketplace marketplace, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{LegalEntity}: {EventType} could not be written to the outbox")]
    private partial void LogHealthFailed(Exception exception, string legalEntity, string eventType);

    /// <summary>What the marketplace has now, and whether it was a long sync (whose stored progress the commit forgets).</summary>
    private async Task<(IReadOnlyList<FetchedProduct> Products, bool LongSync)> FetchAsync(Guid legalEntityId, MarketplaceAccount account, DateOnly today, CancellationToken cancellationToken)
    {
        var client = clients.FirstOrDefault(c => c.Marketplace == account.Marketplace)
            ?? throw new InvalidOperationException($"No marketplace client is registered for {account.Marketplace.ToWire()}.");
        var rules = options.Value.Rules;
        var salesFrom = SalesSync.StartDate(account.SalesSyncedThrough, today, rules);

        // A long sync (the first, or after a gap) stores its progress as it goes and resumes from it.
        SyncProgress? progress = null;
        var resumable = today.DayNumber - salesFrom.DayNumber > rules.SalesSyncOverlapDays + 1;
        if (resumable)
        {
            await using var unit = units.Begin();
            progress = await unit.SyncProgress.FindAsync(legalEntityId, account.Marketplace, cancellationToken);
            if (progress is not null && progress.Since <= salesFrom)
            {
                salesFrom = progress.Since;
            }
            else
            {
                progress = null;
            }
        }

        // The orders do not depend on the catalogue: they are read from the start, beside the products and then their
        // stock (at the documented limits WB's orders alone take longer than its cards, which take minutes). The first
        // part to fail stops the others and is the failure the check reports.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var orders = ReadOrdersAsync(client, legalEntityId, account, salesFrom, today, resumable, progress, stop.Token);
        var catalogue = ReadCatalogueAsync(client, legalEntityId, account.Key, stop.Token);
        await FirstFailure.WhenAllAsync(stop, orders, catalogue);

        var (products, fbo, fbs) = await catalogue;
        return (FetchedCatalog.Assemble(products, fbo, fbs, await orders), resumable);
    }

    private async Task<(IReadOnlyList<MarketplaceProduct> Products, FboStock Fbo, IReadOnlyDictionary<string, int> Fbs)> ReadCatalogueAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceKey key, CancellationToken cancellationToken)
    {
        var products = await client.GetProductsAsync(key, cancellationToken);

        // A card the marketplace lists without FBO stock has none, and is not asked for it (Ozon: 100 skus a call, paced
        // a second apart), unless it was stored with some: then it is asked, so that running out is seen (D38).
        IReadOnlyList<MarketplaceProduct> askFbo = products;
        if (products.Any(p => p.HasFboStock == false))
        {
            var stocked = await SkusWithFboStockAsync(legalEntityId, client.Marketplace, cancellationToken);
            askFbo = [.. products.Where(p => p.HasFboStock != false || stocked.Contains(p.Sku.Id))];
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fbo = client.GetFboStockAsync(key, askFbo, stop.Token);
        var fbs = client.GetFbsStockAsync(key, products, stop.Token);
        await FirstFailure.WhenAllAsync(stop, fbo, fbs);
        return (products, await fbo, await fbs);
    }

    private async Task<IReadOnlySet<string>> SkusWithFboStockAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        return await unit.Products.SkusWithFboStockAsync(legalEntityId, marketplace, cancellationToken);
    }

    /// <summary>
    /// Folds the order pages into units per sku and date. A long sync stores the pages folded since its last save
    /// every <see cref="StockOptions.SyncSaveInterval"/>, with the cursor after them, so that a cut sync resumes there.
    /// </summary>
    private async Task<OrdersFold> ReadOrdersAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly since, DateOnly today, bool resumable, SyncProgress? progress, CancellationToken cancellationToken)
    {
        var total = new OrdersFold(since, today);
        if (progress is not null)
        {
            // What the sync stored before it was cut, folded as it is read.
            await using var unit = units.Begin();
            await foreach (var day in unit.SyncProgress.ReadUnitsAsync(legalEntityId, account.Marketplace, cancellationToken))
            {
                total.Add(day);
            }

            LogResumed(account.Marketplace, progress.Since, total.Count);
        }

        // What a long sync fetched since its last save, folded too: stored every SyncSaveInterval, or sooner when it
        // holds MaxUnsavedDays (sku, date) counts, so that memory stays bounded however fast pages come. A save is
        // written while the next pages are fetched (one at a time, in order: each stored cursor has its units stored).
        var unsaved = new OrdersFold(since, today);
        var saved = time.GetTimestamp();
        var saving = Task.CompletedTask;
        try
        {
            await foreach (var page in client.ReadDailyOrdersAsync(account.Key, since, progress?.Cursor, cancellationToken))
            {
                total.Add(page.Units);

                if (!resumable || page.Cursor is null)
                {
                    continue;
                }

                unsaved.Add(page.Units);
                if (time.GetElapsedTime(saved) >= options.Value.SyncSaveInterval || unsaved.Count >= MaxUnsavedDays)
                {
                    await saving;
                    saving = SaveProgressAsync(legalEntityId, account.Marketplace, since, page.Cursor, [.. unsaved.Days()], cancellationToken);
                    unsaved = new OrdersFold(since, today);
                    saved = time.GetTimestamp();
                }
            }
        }
        catch
        {
            // The fetch's failure is the one the check reports; the save under way still ends before it does.
            await SavedAnywayAsync(saving, account.Marketplace, cancellationToken);
            throw;
        }

        await saving;
        return total;
    }

    private async Task SaveProgressAsync(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, DailyOrders[] days, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        unit.SyncProgress.Stage(legalEntityId, marketplace, since, cursor, days);
        await unit.CommitAsync(cancellationToken);
    }

    private async Task SavedAnywayAsync(Task saving, Marketplace marketplace, CancellationToken cancellationToken)
    {
        try
        {
            await saving;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next check resumes from the save before this one.
            LogProgressNotSaved(ex, marketplace);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Marketplace}: the sales sync's progress could not be saved while its fetch failed")]
    private partial void LogProgressNotSaved(Exception exception, Marketplace marketplace);

    private async Task<EventCounts> StoreAsync(CheckRun run, LegalEntity entity, IReadOnlyList<FetchedProduct> fetched, bool forgetExpired, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var counts = new ConcurrentBag<EventCounts>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(fetched.Chunk(settings.BatchSize), parallel, async (batch, ct) =>
            counts.Add(await StoreBatchAsync(run, entity, batch, forgetExpired, ct)));
        return counts.Aggregate(EventCounts.None, (sum, c) => sum.Add(c));
    }

    private async Task<EventCounts> StoreBatchAsync(CheckRun run, LegalEntity entity, FetchedProduct[] batch, bool forgetExpired, CancellationToken cancellationToken)
    {
        var rules = options.Value.Rules;
        var today = run.BusinessDate;
        var raisedAt = time.GetUtcNow();
        var marketplace = batch[0].Sku.Marketplace;

        List<Product> products;
        List<IDomainEvent> events;
        await using (var unit = units.Begin())
        {
            var stored = await unit.Products.LoadAsync(
                entity.Id,
                marketplace,
                batch.Select(f => f.Sku.Id).ToArray(),
                HistoryFrom(batch, today, rules),
                cancellationToken);

            products = batch.Select(f => Merge(stored.GetValueOrDefault(f.Sku.Id), entity.Id, f, today, rules)).ToList();
            events = products.SelectMany(p => p.PullEvents()).ToList();

            unit.Products.Save(products);
            if (forgetExpired)
            {
                unit.Products.ForgetExpiredDays(products);
            }
            unit.Outbox.Add(events.Select(e => AlertMessages.From(e, entity.Name.Value, raisedAt)).ToArray());

            // A check that lost its lease (its token cancelled) stops here, before its next commit.
            cancellationToken.ThrowIfCancellationRequested();
            await unit.CommitAsync(cancellationToken);
        }

        // Committed: now in-process listeners may hear of it.
        foreach (var raised in events.GroupBy(e => e.EventType))
        {
            metrics.Raised(raised.Key, raised.Count());
        }

        foreach (var product in products)
        {
            product.MarkSaved();
            await bus.PublishAsync(
                new ProductFetched(run.Id, entity.Id, product.Sku, product.StockFbo, product.StockFbs, product.Status!.Value, product.Sales!.SalesQuantity),
                cancellationToken);
        }

        foreach (var domainEvent in events)
        {
            await bus.PublishAsync(domainEvent, cancellationToken);
        }

        return EventCounts.Of(events.Select(e => e.EventType));
    }

    // The rules read HistoryDaysNeeded complete days; the fetch may reach further back (a longer first sync), and every
    // day it touches must be loaded so that its merge starts from what is stored.
    private static DateOnly HistoryFrom(FetchedProduct[] batch, DateOnly today, RuleOptions rules)
    {
        var needed = today.AddDays(-rules.HistoryDaysNeeded);
        var fetched = batch.Min(f => f.SalesFrom);
        return fetched < needed ? fetched : needed;
    }

    private static Product Merge(Product? stored, Guid legalEntityId, FetchedProduct fetched, DateOnly today, RuleOptions rules)
    {
        if (stored is null)
        {
            return Product.Create(legalEntityId, fetched, today, rules);
        }

        stored.Merge(fetched, today, rules);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{LegalEntity} {Marketplace}: {Products} products merged, {Events} events raised")]
    private partial void LogMarketplaceChecked(string legalEntity, Marketplace marketplace, int products, int events);

    [LoggerMessage(Level = LogLevel.Error, Message = "{LegalEntity}: a marketplace check failed: {Error}")]
    private partial void LogMarketplaceFailed(Exception exception, string legalEntity, string error);
}
