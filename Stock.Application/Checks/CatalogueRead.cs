using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Checks;

/// <summary>What a marketplace lists of a seller: the cards, and their stock on its warehouses and on the seller's.</summary>
/// <param name="Products">The listed cards, each once.</param>
/// <param name="Fbo">Stock on the marketplace's warehouses.</param>
/// <param name="Fbs">Stock on the seller's warehouses.</param>
/// <param name="Mark">What the check records of the read once its products are stored.</param>
/// <param name="FboNotAsked">The quiet products whose FBO stock was not asked: they keep what is stored (D52).</param>
internal sealed record Catalogue(IReadOnlyList<MarketplaceProduct> Products, FboStock Fbo, IReadOnlyDictionary<string, int> Fbs, CatalogueMark Mark, IReadOnlySet<string> FboNotAsked);

/// <summary>What a check records of its catalogue read, with its last commit: where to read the changes from next time, and the cards no longer listed.</summary>
/// <param name="Cursor">Where the catalogue was read up to; null where the marketplace cannot say.</param>
/// <param name="WholeOn">The business date, when the whole catalogue was read.</param>
/// <param name="Trashed">Stored cards now in the marketplace's trash.</param>
/// <param name="Gone">Stored cards now neither listed nor in the trash.</param>
internal sealed record CatalogueMark(string? Cursor, DateOnly? WholeOn, IReadOnlyCollection<string> Trashed, IReadOnlyCollection<string> Gone);

/// <summary>
/// The first part of a check: the cards (all of them, or those changed since the last check on top of the stored ones,
/// D51), then their FBO and FBS stock, read concurrently.
/// </summary>
internal sealed partial class CatalogueRead(IUnitOfWorkFactory units, IOptions<StockOptions> options, ILogger<CatalogueRead> logger)
{
    /// <summary>Reads the catalogue; <paramref name="sales"/> (read meanwhile) says which quiet products just sold.</summary>
    public async Task<Catalogue> ReadAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly today, Task<SalesRead> sales, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredCard> stored;
        await using (var unit = units.Begin())
        {
            stored = await unit.Products.CatalogueAsync(legalEntityId, client.Marketplace, cancellationToken);
        }

        var (products, mark) = await ListAsync(client, account, stored, today, cancellationToken);

        var (askFbo, notAsked) = await WhomToAskFboAsync(client, legalEntityId, products, today, sales, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fbo = client.GetFboStockAsync(account.Key, askFbo, stop.Token);
        var fbs = client.GetFbsStockAsync(account.Key, products, stop.Token);
        await FirstFailure.WhenAllAsync(stop, fbo, fbs);
        return new Catalogue(products, await fbo, await fbs, mark, notAsked);
    }

    /// <summary>
    /// The products to ask for FBO stock, and those not asked that keep their stored FBO stock. A card the marketplace
    /// lists without FBO stock has none, and is not asked for it, unless it was stored with some: then it is asked, so
    /// that running out is seen (D38). Where FBO stock is asked product by product, a quiet product (stored with FBO
    /// stock, listed with some, nothing in transit, no low cluster, nothing sold in the days the rules read) is
    /// asked once a week, on a day of its own, as nothing but a supply or a withdrawal moves its stock; one that sold in
    /// the orders this check read is asked at once (D52).
    /// </summary>
    private async Task<(IReadOnlyList<MarketplaceProduct> Ask, IReadOnlySet<string> NotAsked)> WhomToAskFboAsync(
        IMarketplaceClient client, Guid legalEntityId, IReadOnlyList<MarketplaceProduct> products, DateOnly today, Task<SalesRead> sales, CancellationToken cancellationToken)
    {
        IReadOnlySet<string> stocked = new HashSet<string>();
        var notAsked = new HashSet<string>(StringComparer.Ordinal);
        await using (var unit = units.Begin())
        {
            if (products.Any(p => p.HasFboStock == false))
            {
                stocked = await unit.Products.SkusWithFboStockAsync(legalEntityId, client.Marketplace, cancellationToken);
            }

            if (client.AsksFboStockPerProduct)
            {
                var quiet = await unit.Products.QuietSkusAsync(legalEntityId, client.Marketplace, today.AddDays(-options.Value.Rules.HistoryDaysNeeded), cancellationToken);
                notAsked.UnionWith(products.Where(p => p.HasFboStock != false && quiet.Contains(p.Sku.Id) && !RefreshedOn(p.Sku.Id, today)).Select(p => p.Sku.Id));
            }

            if (notAsked.Count > 0)
            {
                // Only then does the catalogue wait for the orders (a daily check's are a few pages).
                var sold = await (await sales).OfAsync(unit, legalEntityId, client.Marketplace, notAsked, cancellationToken);
                notAsked.RemoveWhere(sku => sold.Of(sku).IndexOfAnyExcept(0) >= 0);
            }
        }

        IReadOnlyList<MarketplaceProduct> ask = [.. products.Where(p => (p.HasFboStock != false || stocked.Contains(p.Sku.Id)) && !notAsked.Contains(p.Sku.Id))];
        return (ask, notAsked);
    }

    /// <summary>Whether <paramref name="today"/> is the weekly day a quiet product is asked on, spread by its sku id.</summary>
    internal static bool RefreshedOn(string skuId, DateOnly today)
    {
        var hash = 0u;
        foreach (var c in skuId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash % 7 == (uint)today.DayNumber % 7;
    }

    /// <summary>
    /// The listed cards. After a check that read the whole catalogue less than <see cref="StockOptions.CatalogueFullReadDays"/>
    /// days ago, only the cards changed since its cursor are read, over the stored ones; the trash says which left. A
    /// trashed card that is neither in the trash nor changed any more (restored, or deleted: only the whole list says)
    /// sends the check to the whole list.
    /// </summary>
    private async Task<(IReadOnlyList<MarketplaceProduct> Products, CatalogueMark Mark)> ListAsync(
        IMarketplaceClient client, MarketplaceAccount account, IReadOnlyList<StoredCard> stored, DateOnly today, CancellationToken cancellationToken)
    {
        var wholeEvery = options.Value.CatalogueFullReadDays;
        var since = account is { CatalogueCursor: { } cursor, CatalogueReadOn: { } whole } && stored.Count > 0 && today.DayNumber - whole.DayNumber < wholeEvery
            ? cursor
            : null;
        var listing = await client.ListProductsAsync(account.Key, since, cancellationToken);
        if (!listing.Complete)
        {
            var changed = listing.Products.DistinctBy(p => p.Sku.Id).ToDictionary(p => p.Sku.Id, StringComparer.Ordinal);
            var back = stored.FirstOrDefault(s => s.Listing == CardListing.Trashed && !listing.Trashed.Contains(s.Card.Sku.Id) && !changed.ContainsKey(s.Card.Sku.Id));
            if (back is null)
            {
                IReadOnlyList<MarketplaceProduct> products =
                [
                    .. stored.Where(s => s.Listing == CardListing.Listed && !changed.ContainsKey(s.Card.Sku.Id) && !listing.Trashed.Contains(s.Card.Sku.Id)).Select(s => s.Card),
                    .. changed.Values.Where(p => !listing.Trashed.Contains(p.Sku.Id)),
                ];
                LogChanges(account.Marketplace, changed.Count, products.Count);
                return (products, Mark(stored, products, listing, listing.Cursor ?? since, wholeOn: null));
            }

            LogWholeAgain(account.Marketplace, back.Card.Sku.Id);
            listing = await client.ListProductsAsync(account.Key, changedSince: null, cancellationToken);
        }

        IReadOnlyList<MarketplaceProduct> all = [.. listing.Products.DistinctBy(p => p.Sku.Id).Where(p => !listing.Trashed.Contains(p.Sku.Id))];
        return (all, Mark(stored, all, listing, listing.Cursor, wholeOn: today));
    }

    private static CatalogueMark Mark(IReadOnlyList<StoredCard> stored, IReadOnlyList<MarketplaceProduct> listed, ProductListing listing, string? cursor, DateOnly? wholeOn)
    {
        var ids = listed.Select(p => p.Sku.Id).ToHashSet(StringComparer.Ordinal);
        var unlisted = stored.Where(s => !ids.Contains(s.Card.Sku.Id)).ToArray();
        return new CatalogueMark(
            cursor,
            wholeOn,
            [.. unlisted.Where(s => s.Listing != CardListing.Trashed && listing.Trashed.Contains(s.Card.Sku.Id)).Select(s => s.Card.Sku.Id)],
            [.. unlisted.Where(s => s.Listing != CardListing.Gone && !listing.Trashed.Contains(s.Card.Sku.Id)).Select(s => s.Card.Sku.Id)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marketplace}: {Changed} cards changed since the last check, {Listed} listed")]
    private partial void LogChanges(Marketplace marketplace, int changed, int listed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marketplace}: the trashed card {Sku} left the trash unchanged (restored or deleted); the whole catalogue is read")]
    private partial void LogWholeAgain(Marketplace marketplace, string sku);
}
