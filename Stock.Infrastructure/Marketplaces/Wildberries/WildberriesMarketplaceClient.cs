using System.Globalization;
using Microsoft.Extensions.Options;
using Stock.Application;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Infrastructure.Marketplaces.Wildberries;

/// <summary>
/// Wildberries through its four hosts (MARKETPLACES.md): cards by cursor, FBO stock from the analytics stock report,
/// FBS stock per seller warehouse by chrtId, and orders from statistics by <c>lastChangeDate</c>.
/// </summary>
internal sealed class WildberriesMarketplaceClient(
    MarketplaceHttp http,
    IOptions<MarketplaceOptions> options,
    IOptions<StockOptions> stock) : IMarketplaceClient
{
    public const int CardsPageSize = 100;
    public const int ChrtIdsPerCall = 1000;

    /// <summary>The zone of WB statistics dates, which carry no offset: Moscow time.</summary>
    internal static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public Marketplace Marketplace => Marketplace.Wildberries;

    public async Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        var products = new List<MarketplaceProduct>();
        var cursor = new WbCursor(CardsPageSize);
        while (true)
        {
            var request = new WbCardsRequest(new WbCardsSettings(new WbSort(true), new WbFilter(-1), cursor));
            var page = await http.SendAsync<WbCardsResponse>(Endpoints.WbCards, key, request, cancellationToken);
            foreach (var card in page.Cards ?? [])
            {
                var sizes = (card.Sizes ?? []).Select(s => s.ChrtId).Where(id => id > 0).ToArray();
                products.Add(new MarketplaceProduct(Sku.From(Marketplace.Wildberries, card.NmId, card.VendorCode), card.Title ?? card.VendorCode ?? string.Empty, sizes));
            }

            if (page.Cursor is not { } next || (next.Total ?? 0) < CardsPageSize || page.Cards is not { Count: > 0 })
            {
                return products;
            }

            cursor = new WbCursor(CardsPageSize, next.UpdatedAt, next.NmId);
        }
    }

    public async Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.WildberriesStockPageSize;
        var stock = new Dictionary<string, int>();
        for (long offset = 0; ; offset += pageSize)
        {
            var page = await http.SendAsync<WbStockReportResponse>(Endpoints.WbFboStock, key, new WbStockReportRequest(pageSize, offset), cancellationToken);
            var rows = page.Data?.Items ?? [];
            foreach (var row in rows)
            {
                StockTally.Add(stock, row.NmId.ToString(CultureInfo.InvariantCulture), row.Quantity);
            }

            if (rows.Count < pageSize)
            {
                return FboStock.Of(stock);
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var nmIdOfSize = products
            .SelectMany(p => p.SizeIds.Select(size => (size, p.Sku.Id)))
            .DistinctBy(s => s.size)
            .ToDictionary(s => s.size, s => s.Id);
        var stock = new Dictionary<string, int>();
        if (nmIdOfSize.Count == 0)
        {
            return stock;
        }

        var warehouses = await http.SendAsync<List<WbWarehouse>>(Endpoints.WbWarehouses, key, null, cancellationToken);
        foreach (var warehouse in warehouses.Where(w => !w.IsDeleting))
        {
            foreach (var chunk in nmIdOfSize.Keys.Chunk(ChrtIdsPerCall))
            {
                var answer = await http.SendAsync<WbFbsStockResponse>(
                    Endpoints.WbFbsStock,
                    key,
                    new WbFbsStockRequest([.. chunk]),
                    cancellationToken,
                    path: Endpoints.WbFbsStock.Path.Replace("{warehouseId}", warehouse.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                foreach (var row in answer.Stocks ?? [])
                {
                    if (nmIdOfSize.TryGetValue(row.ChrtId, out var nmId))
                    {
                        StockTally.Add(stock, nmId, row.Amount);
                    }
                }
            }
        }

        return stock;
    }

    public async Task<IReadOnlyList<DailyOrders>> GetDailyOrdersAsync(MarketplaceKey key, DateOnly since, CancellationToken cancellationToken)
    {
        // flag=0 returns rows whose lastChangeDate >= dateFrom; page on by the last row's lastChangeDate until [].
        // A row can come back updated (isCancel flipping): the latest version of each srid wins.
        var latest = new Dictionary<string, WbOrder>(StringComparer.Ordinal);
        var dateFrom = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        while (true)
        {
            var page = await http.SendAsync<List<WbOrder>>(Endpoints.WbOrders, key, null, cancellationToken, query: $"?dateFrom={Uri.EscapeDataString(dateFrom)}&flag=0");
            var fresh = 0;
            foreach (var order in page)
            {
                if (!latest.TryGetValue(order.Srid, out var known) || string.CompareOrdinal(order.LastChangeDate, known.LastChangeDate) >= 0)
                {
                    fresh += known is null || known != order ? 1 : 0;
                    latest[order.Srid] = order;
                }
            }

            if (page.Count == 0 || fresh == 0)
            {
                break;
            }

            dateFrom = page[^1].LastChangeDate;
        }

        var zone = stock.Value.BusinessTimeZone;
        return latest.Values
            .Where(o => !o.IsCancel)
            .Select(o => (Sku: o.NmId.ToString(CultureInfo.InvariantCulture), Date: BusinessDateOf(o.Date, zone)))
            .Where(o => o.Date >= since)
            .GroupBy(o => o)
            .Select(g => new DailyOrders(g.Key.Sku, g.Key.Date, g.Count()))
            .ToArray();
    }

    private static DateOnly BusinessDateOf(string moscowWallClock, TimeZoneInfo zone)
    {
        if (!DateTime.TryParse(moscowWallClock, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new MarketplaceException(Marketplace.Wildberries, Endpoints.WbOrders.Display, MarketplaceFailure.MalformedResponse, 200, $"an order date '{moscowWallClock}' is not a date");
        }

        var instant = new DateTimeOffset(local, Moscow.GetUtcOffset(local));
        return BusinessCalendar.DateOf(instant, zone);
    }

}
