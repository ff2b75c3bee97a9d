using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Application.Checks;

/// <summary>
/// The last part of a check: merges what was fetched into the stored products in batches, with bounded concurrency.
/// Each batch is one unit of work, whose commit writes the products and the events they raised to the outbox together;
/// only then do in-process listeners hear of them.
/// </summary>
internal sealed class ProductStore(IUnitOfWorkFactory units, IMessageBus bus, StockMetrics metrics, IOptions<StockOptions> options)
{
    /// <summary>
    /// Merges and stores what was read of <paramref name="catalogue"/> and <paramref name="sales"/>, a batch at a time:
    /// each batch's products are assembled from them (with a long sync's units read back for that batch alone) as it is
    /// stored, so that a check holds the fetched form of a few batches, never of the catalogue (D28).
    /// <paramref name="forgetExpired"/> on the first check of a business day.
    /// </summary>
    public async Task<EventCounts> StoreAsync(CheckRun run, Catalogue catalogue, SalesRead sales, bool forgetExpired, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var counts = new ConcurrentBag<EventCounts>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(catalogue.Products.Chunk(settings.BatchSize), parallel, async (batch, ct) =>
            counts.Add(await StoreBatchAsync(run, catalogue, sales, batch, forgetExpired, ct)));
        return counts.Aggregate(EventCounts.None, (sum, c) => sum.Add(c));
    }

    private async Task<EventCounts> StoreBatchAsync(CheckRun run, Catalogue catalogue, SalesRead sales, MarketplaceProduct[] cards, bool forgetExpired, CancellationToken cancellationToken)
    {
        var rules = options.Value.Rules;
        var today = run.BusinessDate;
        List<Product> products;
        IReadOnlyList<Domain.Events.IDomainEvent> events;
        await using (var unit = units.Begin())
        {
            var skus = cards.Select(c => c.Sku.Id).ToArray();
            var orders = await sales.OfAsync(unit, run.LegalEntityId, cards[0].Sku.Marketplace, skus, cancellationToken);
            var batch = FetchedCatalog.Assemble(cards, catalogue.Fbo, catalogue.Fbs, orders, catalogue.FboNotAsked).ToArray();
            var stored = await unit.Products.LoadAsync(
                run.LegalEntityId,
                batch[0].Sku.Marketplace,
                batch.Select(f => f.Sku.Id).ToArray(),
                HistoryFrom(batch, today, rules),
                cancellationToken);
            products = batch.Select(f => Merge(stored.GetValueOrDefault(f.Sku.Id), run.LegalEntityId, f, today, rules)).ToList();

            unit.Products.Save(products);
            if (forgetExpired)
            {
                unit.Products.ForgetExpiredDays(products);
            }

            // A check that lost its lease (its token cancelled) stops here, before its next commit.
            cancellationToken.ThrowIfCancellationRequested();
            events = await unit.CommitAsync(cancellationToken);
        }

        // Committed: now in-process listeners may hear of it.
        foreach (var raised in events.GroupBy(e => e.EventType))
        {
            metrics.Raised(raised.Key, raised.Count());
        }

        foreach (var product in products)
        {
            await bus.PublishAsync(
                new ProductFetched(run.Id, run.LegalEntityId, product.Sku, product.StockFbo, product.StockFbs, product.Status!.Value, product.Sales!.SalesQuantity),
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
}
