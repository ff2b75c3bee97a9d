using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Infrastructure.Marketplaces.Wildberries;

/// <summary>
/// Wildberries through its four hosts (docs/marketplaces.md): cards by cursor, FBO stock from the analytics stock report,
/// FBS stock per seller warehouse by chrtId, and orders from statistics by <c>lastChangeDate</c>.
/// </summary>
internal sealed partial class WildberriesMarketplaceClient(
    MarketplaceHttp http,
    IOptions<MarketplaceOptions> options,
    IOptions<StockOptions> stock,
    ILogger<WildberriesMarketplaceClient> logger) : IMarketplaceClient
{
    /// <summary>Supplies on their way: planned, shipment allowed, being accepted, unloaded at the gate (docs/marketplaces.md).</summary>
    public static readonly int[] InTransitStatuses = [2, 3, 4, 6];

    public const int SuppliesPageSize = 1000;

    public const int CardsPageSize = 100;
    public const int ChrtIdsPerCall = 1000;

    /// <summary>The zone of WB statistics dates, which carry no offset: Moscow time.</summary>
    internal static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public Marketplace Marketplace => Marketplace.Wildberries;

    public async Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken) =>
        (await CardsAsync(key, after: null, cancellationToken)).Cards;

    /// <summary>
    /// The cards sorted by <c>updatedAt</c> ascending, from <paramref name="changedSince"/> (the <c>updatedAt|nmID</c> of
    /// the last card a check read) when given: a card changed since then comes after it (WB's incremental sync, D51).
    /// Then the whole trash, which the list leaves out.
    /// </summary>
    public async Task<ProductListing> ListProductsAsync(MarketplaceKey key, string? changedSince, CancellationToken cancellationToken)
    {
        var after = changedSince is null ? null : ParseCardsCursor(changedSince);
        var (cards, last) = await CardsAsync(key, after, cancellationToken);
        var trashed = await TrashAsync(key, cancellationToken);
        var cursor = (last ?? after) is { UpdatedAt: { } updatedAt, NmId: { } nmId } ? $"{updatedAt}|{nmId.ToString(CultureInfo.InvariantCulture)}" : null;
        return new ProductListing(cards, Complete: after is null, trashed, cursor);
    }

    private async Task<(List<MarketplaceProduct> Cards, WbCursor? Last)> CardsAsync(MarketplaceKey key, WbCursor? after, CancellationToken cancellationToken)
    {
        var products = new List<MarketplaceProduct>();
        var cursor = after is null ? new WbCursor(CardsPageSize) : new WbCursor(CardsPageSize, after.UpdatedAt, after.NmId);
        WbCursor? last = null;
        while (true)
        {
            var request = new WbCardsRequest(new WbCardsSettings(new WbSort(true), new WbFilter(-1), cursor));
            var page = await http.SendAsync<WbCardsResponse>(WildberriesEndpoints.Cards, key, request, cancellationToken);
            foreach (var card in page.Cards ?? [])
            {
                var sizes = (card.Sizes ?? []).Select(s => s.ChrtId).Where(id => id > 0).ToArray();
                products.Add(new MarketplaceProduct(Sku.From(Marketplace.Wildberries, card.NmId, card.VendorCode), card.Title ?? card.VendorCode ?? string.Empty, sizes));
            }

            if (page.Cards is { Count: > 0 } && page.Cursor is { UpdatedAt: { Length: > 0 }, NmId: > 0 } reached)
            {
                last = reached;
            }

            if (page.Cursor is not { } next || (next.Total ?? 0) < CardsPageSize || page.Cards is not { Count: > 0 })
            {
                return (products, last);
            }

            cursor = new WbCursor(CardsPageSize, next.UpdatedAt, next.NmId);
        }
    }

    /// <summary>The nmIDs of the cards in the trash, by its own cursor (<c>trashedAt</c> and <c>nmID</c>).</summary>
    private async Task<IReadOnlySet<string>> TrashAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        var trashed = new HashSet<string>(StringComparer.Ordinal);
        var cursor = new WbTrashCursor(CardsPageSize);
        while (true)
        {
            var page = await http.SendAsync<WbTrashResponse>(
                WildberriesEndpoints.Trash, key, new WbTrashRequest(new WbTrashSettings(new WbSort(true), cursor)), cancellationToken);
            foreach (var card in page.Cards ?? [])
            {
                trashed.Add(card.NmId.ToString(CultureInfo.InvariantCulture));
            }

            if (page.Cursor is not { } next || (next.Total ?? 0) < CardsPageSize || page.Cards is not { Count: > 0 })
            {
                return trashed;
            }

            cursor = new WbTrashCursor(CardsPageSize, next.TrashedAt, next.NmId);
        }
    }

    private static WbCursor ParseCardsCursor(string cursor)
    {
        var bar = cursor.LastIndexOf('|');
        return bar > 0 && long.TryParse(cursor.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var nmId)
            ? new WbCursor(CardsPageSize, cursor[..bar], nmId)
            : throw new FormatException($"'{cursor}' is not a Wildberries cards cursor (updatedAt|nmID).");
    }

    public async Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.WildberriesStockPageSize;
        var ids = new SkuIds(products);
        var stock = new Dictionary<string, int>();
        for (long offset = 0; ; offset += pageSize)
        {
            var page = await http.SendAsync<WbStockReportResponse>(WildberriesEndpoints.FboStock, key, new WbStockReportRequest(pageSize, offset), cancellationToken);
            var rows = page.Data?.Items ?? [];
            foreach (var row in rows)
            {
                StockTally.Add(stock, ids[row.NmId], row.Quantity);
            }

            if (rows.Count < pageSize)
            {
                return FboStock.Of(stock) with { InTransit = await InTransitAsync(key, cancellationToken) };
            }
        }
    }

    /// <summary>
    /// Units on their way to WB's warehouses per nmID: <c>quantity - acceptedQuantity</c> (not below 0) of every supply
    /// not yet accepted. A token without the supplies category (WB scopes tokens) reads none: the check goes on
    /// without it (D47), said once in the log.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, int>> InTransitAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        var transit = new Dictionary<string, int>();
        try
        {
            for (var offset = 0; ; offset += SuppliesPageSize)
            {
                var supplies = await http.SendAsync<List<WbSupply>>(
                    WildberriesEndpoints.Supplies, key, new WbSuppliesRequest(InTransitStatuses), cancellationToken, query: $"?limit={SuppliesPageSize}&offset={offset}");
                foreach (var supply in supplies.Where(s => InTransitStatuses.Contains(s.StatusId)))
                {
                    await AddGoodsAsync(key, supply, transit, cancellationToken);
                }

                if (supplies.Count < SuppliesPageSize)
                {
                    return transit;
                }
            }
        }
        catch (MarketplaceException ex) when (ex.Failure == MarketplaceFailure.Unauthorized)
        {
            LogNoSupplies(ex.StatusCode);
            return new Dictionary<string, int>();
        }
    }

    private async Task AddGoodsAsync(MarketplaceKey key, WbSupply supply, Dictionary<string, int> transit, CancellationToken cancellationToken)
    {
        var (id, preorder) = supply.SupplyId is { } supplyId and > 0 ? (supplyId, false) : (supply.PreorderId ?? 0, true);
        if (id <= 0)
        {
            return;
        }

        for (var offset = 0; ; offset += SuppliesPageSize)
        {
            var goods = await http.SendAsync<List<WbSupplyGood>>(
                WildberriesEndpoints.SupplyGoods,
                key,
                body: null,
                cancellationToken,
                path: $"api/v1/supplies/{id.ToString(CultureInfo.InvariantCulture)}/goods",
                query: $"?limit={SuppliesPageSize}&offset={offset}&isPreorderID={(preorder ? "true" : "false")}");
            foreach (var good in goods)
            {
                StockTally.Add(transit, good.NmId.ToString(CultureInfo.InvariantCulture), Math.Max(0, (good.Quantity ?? 0) - (good.AcceptedQuantity ?? 0)));
            }

            if (goods.Count < SuppliesPageSize)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "wb: the token may not read FBW supplies (HTTP {Status}); stock in transit is taken as none")]
    private partial void LogNoSupplies(int? status);

    public async Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var nmIdOfSize = products
            .SelectMany(p => p.StockUnitIds.Select(size => (size, p.Sku.Id)))
            .DistinctBy(s => s.size)
            .ToDictionary(s => s.size, s => s.Id);
        var stock = new Dictionary<string, int>();
        if (nmIdOfSize.Count == 0)
        {
            return stock;
        }

        var warehouses = await http.SendAsync<List<WbWarehouse>>(WildberriesEndpoints.Warehouses, key, null, cancellationToken);
        var calls = warehouses.Where(w => !w.IsDeleting)
            .SelectMany(w => nmIdOfSize.Keys.Chunk(ChrtIdsPerCall).Select(chunk => (Warehouse: w.Id, ChrtIds: chunk)));
        await Batches.FoldAsync(
            calls,
            (call, ct) => http.SendAsync<WbFbsStockResponse>(
                WildberriesEndpoints.FbsStock,
                key,
                new WbFbsStockRequest([.. call.ChrtIds]),
                ct,
                path: WildberriesEndpoints.FbsStock.Path.Replace("{warehouseId}", call.Warehouse.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            answer =>
            {
                foreach (var row in answer.Stocks ?? [])
                {
                    if (nmIdOfSize.TryGetValue(row.ChrtId, out var nmId))
                    {
                        StockTally.Add(stock, nmId, row.Amount);
                    }
                }
            },
            cancellationToken);
        return stock;
    }

    /// <summary>
    /// <c>supplier/orders</c> with <c>flag=0</c>: rows whose <c>lastChangeDate</c> is at or after <c>dateFrom</c>, in
    /// that order, up to 80,000 a page; the next page starts at the last row's <c>lastChangeDate</c>, so the rows at that
    /// instant come again and are skipped by their <c>srid</c>. Each page is read as a stream and folded into units per
    /// card and business date as it arrives. The cursor is that instant and those srids.
    /// </summary>
    public async IAsyncEnumerable<OrdersPage> ReadDailyOrdersAsync(MarketplaceKey key, DateOnly since, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = stock.Value.BusinessTimeZone;
        var (dateFrom, counted) = after is null ? (since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new HashSet<string>(StringComparer.Ordinal)) : ParseCursor(after);
        while (true)
        {
            var units = new Dictionary<(long NmId, DateOnly Date), int>();
            var fresh = 0;
            string? last = null;
            var atLast = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var order in http.StreamArrayAsync<WbOrder>(WildberriesEndpoints.Orders, key, cancellationToken, query: $"?dateFrom={Uri.EscapeDataString(dateFrom)}&flag=0"))
            {
                if (order.LastChangeDate == dateFrom && counted.Contains(order.Srid))
                {
                    continue;
                }

                fresh++;
                if (order.LastChangeDate != last)
                {
                    last = order.LastChangeDate;
                    atLast.Clear();
                }

                atLast.Add(order.Srid);
                if (!order.IsCancel && BusinessDateOf(order.Date, zone) is var date && date >= since)
                {
                    units[(order.NmId, date)] = units.GetValueOrDefault((order.NmId, date)) + 1;
                }
            }

            if (fresh == 0 || last is null)
            {
                yield break;
            }

            if (last == dateFrom)
            {
                counted.UnionWith(atLast);
            }
            else
            {
                counted = atLast;
            }

            dateFrom = last;
            yield return new OrdersPage(
                [.. units.Select(u => new DailyOrders(u.Key.NmId.ToString(CultureInfo.InvariantCulture), u.Key.Date, u.Value))],
                dateFrom + "|" + string.Join(',', counted));
        }
    }

    private static (string DateFrom, HashSet<string> Counted) ParseCursor(string cursor)
    {
        var bar = cursor.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? (cursor, new HashSet<string>(StringComparer.Ordinal))
            : (cursor[..bar], new HashSet<string>(cursor[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal));
    }

    private static DateOnly BusinessDateOf(string moscowWallClock, TimeZoneInfo zone)
    {
        if (!DateTime.TryParse(moscowWallClock, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new MarketplaceException(Marketplace.Wildberries, WildberriesEndpoints.Orders.Display, MarketplaceFailure.MalformedResponse, 200, $"an order date '{moscowWallClock}' is not a date");
        }

        var instant = new DateTimeOffset(local, Moscow.GetUtcOffset(local));
        return BusinessCalendar.DateOf(instant, zone);
    }

}
