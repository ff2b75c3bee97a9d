using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Stock.Application;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Infrastructure.Marketplaces.Ozon;

/// <summary>
/// Ozon through the Seller API (MARKETPLACES.md): products by <c>last_id</c> then their info by id, FBO stock from
/// <c>/v1/analytics/stocks</c> in batches of 100 skus, FBS stock from <c>/v4/product/info/stocks</c> by cursor, and
/// ordered units per sku and day from the FBO and FBS posting lists by cursor (or, opted in, <c>/v1/analytics/data</c>).
/// </summary>
internal sealed class OzonMarketplaceClient(MarketplaceHttp http, TimeProvider time, IOptions<StockOptions> stock, IOptions<MarketplaceOptions> marketplaces) : IMarketplaceClient
{
    public const int PostingPageSize = 100;

    // The cursor of a posting list read to its end.
    private const string Done = "done";

    // The posting lists daily orders come from, read side by side; their names are the parts of a resume cursor.
    private static readonly (string Name, Endpoint Endpoint)[] PostingLists = [("fbo", Endpoints.OzonFboPostings), ("fbs", Endpoints.OzonFbsPostings)];

    public const int ProductPageSize = 1000;
    public const int InfoBatchSize = 1000;
    public const int FboBatchSize = 100;
    public const int StocksPageSize = 1000;
    public const int AnalyticsPageSize = 1000;

    public Marketplace Marketplace => Marketplace.Ozon;

    public async Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var lastId = string.Empty;
        while (true)
        {
            var page = await http.SendAsync<OzonProductListResponse>(
                Endpoints.OzonProductList, key, new OzonProductListRequest(new OzonVisibilityFilter("ALL"), lastId, ProductPageSize), cancellationToken);
            var items = page.Result?.Items ?? [];
            ids.AddRange(items.Select(i => i.ProductId));
            if (items.Count < ProductPageSize || string.IsNullOrEmpty(page.Result?.LastId))
            {
                break;
            }

            lastId = page.Result.LastId;
        }

        var infos = await Batches.FetchAsync(
            ids.Distinct().Chunk(InfoBatchSize),
            (chunk, ct) => http.SendAsync<OzonProductInfoResponse>(Endpoints.OzonProductInfo, key, new OzonProductInfoRequest([], [.. chunk.Select(Text)], []), ct),
            cancellationToken);
        // A product not yet on the storefront has no sku: nothing to watch.
        return [.. infos.SelectMany(info => info.Items ?? []).Where(i => i.Sku > 0).Select(i =>
            new MarketplaceProduct(Sku.From(Marketplace.Ozon, i.Sku, i.OfferId), i.Name ?? i.OfferId ?? string.Empty, []))];
    }

    /// <summary>
    /// Rows per sku x cluster x warehouse: units are <c>available_stock_count</c> summed per sku and, per cluster, with
    /// the cluster's <c>ads_cluster</c> (the same on every row of one cluster).
    /// </summary>
    public async Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var answers = await Batches.FetchAsync(
            products.Select(p => p.Sku.Id).Distinct().Chunk(FboBatchSize),
            (chunk, ct) => http.SendAsync<OzonFboStockResponse>(Endpoints.OzonFboStock, key, new OzonFboStockRequest([.. chunk]), ct),
            cancellationToken);
        var stock = new Dictionary<string, int>();
        var clusters = new Dictionary<string, IReadOnlyList<ClusterStock>>();
        foreach (var answer in answers)
        {
            var rows = answer.Items ?? [];
            foreach (var row in rows)
            {
                StockTally.Add(stock, Text(row.Sku), row.AvailableStockCount);
            }

            foreach (var sku in rows.GroupBy(r => r.Sku))
            {
                clusters[Text(sku.Key)] = sku.GroupBy(r => r.ClusterId).Select(Cluster).ToArray();
            }
        }

        return new FboStock(stock, clusters);
    }

    private static ClusterStock Cluster(IGrouping<long, OzonFboStockRow> rows)
    {
        var ads = rows.Max(r => r.AdsCluster ?? 0);
        return new ClusterStock(
            rows.Key,
            rows.Select(r => r.ClusterName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
            StockTally.Sum(rows.Select(r => (long)r.AvailableStockCount)),
            double.IsFinite(ads) && ads > 0 ? Math.Round((decimal)ads, 2) : 0);
    }

    public async Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var stock = new Dictionary<string, int>();
        var cursor = string.Empty;
        while (true)
        {
            var page = await http.SendAsync<OzonStocksResponse>(
                Endpoints.OzonFbsStock, key, new OzonStocksRequest(cursor, new OzonVisibilityFilter("ALL"), StocksPageSize), cancellationToken);
            foreach (var row in (page.Items ?? []).SelectMany(i => i.Stocks ?? []).Where(s => s.Type is "fbs" or "rfbs"))
            {
                StockTally.Add(stock, Text(row.Sku), row.Present - row.Reserved);
            }

            if (page.Items is not { Count: > 0 } || string.IsNullOrEmpty(page.Cursor) || page.Cursor == cursor)
            {
                return stock;
            }

            cursor = page.Cursor;
        }
    }

    public IAsyncEnumerable<OrdersPage> ReadDailyOrdersAsync(MarketplaceKey key, DateOnly since, string? after, CancellationToken cancellationToken) =>
        marketplaces.Value.Ozon.SalesSource == OzonSalesSource.Analytics
            ? ReadAnalyticsOrdersAsync(key, since, cancellationToken)
            : ReadPostingOrdersAsync(key, since, after, cancellationToken);

    /// <summary>
    /// Units per sku and business date of <c>in_process_at</c> (else <c>created_at</c>), from the FBO and the FBS posting
    /// lists read side by side (they share the Client-Id's budget, which the rate limiter models), cancelled postings
    /// excluded, one folded page at a time. The cursor names where each list stands after the pages yielded so far.
    /// </summary>
    private async IAsyncEnumerable<OrdersPage> ReadPostingOrdersAsync(
        MarketplaceKey key, DateOnly since, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = stock.Value.BusinessTimeZone;
        var from = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(since.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        var to = time.GetUtcNow().AddMinutes(1);
        var positions = PostingPositions(after);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<PostingPage>(new BoundedChannelOptions(4) { SingleReader = true });
        var readers = Task.WhenAll(PostingLists
            .Where(l => positions[l.Name] != Done)
            .Select(l => ReadPostingListAsync(key, l.Name, l.Endpoint, positions[l.Name], since, from, to, pages.Writer, stop)));
        var completed = CompleteAsync(readers, pages.Writer);
        try
        {
            // WaitToReadAsync rethrows the first reader's failure as it was thrown (a MarketplaceException).
            while (await pages.Reader.WaitToReadAsync(cancellationToken))
            {
                while (pages.Reader.TryRead(out var page))
                {
                    positions[page.List] = page.Next;
                    yield return new OrdersPage(page.Units, string.Join(';', PostingLists.Select(l => $"{l.Name}:{positions[l.Name]}")));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await completed;
        }
    }

    private static async Task CompleteAsync(Task readers, ChannelWriter<PostingPage> writer)
    {
        await readers;
        writer.TryComplete();
    }

    /// <summary>A folded page of one posting list, and where that list stands after it.</summary>
    private sealed record PostingPage(string List, IReadOnlyList<DailyOrders> Units, string Next);

    /// <summary>Where each posting list stands: <c>fbo:&lt;cursor&gt;;fbs:&lt;cursor&gt;</c> (an empty cursor is its start).</summary>
    private static Dictionary<string, string> PostingPositions(string? after)
    {
        var positions = PostingLists.ToDictionary(l => l.Name, _ => string.Empty);
        var parts = (after ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part.Split(':', 2) is [var list, var position] && positions.ContainsKey(list))
            {
                positions[list] = position;
            }
        }

        // A cursor stored before the lists were read side by side named only the list being read, FBO first.
        if (parts is [var only] && only.StartsWith("fbs:", StringComparison.Ordinal))
        {
            positions["fbo"] = Done;
        }

        return positions;
    }

    /// <summary>One posting list from <paramref name="cursor"/> to its end, each page folded; a failure ends every list.</summary>
    private async Task ReadPostingListAsync(
        MarketplaceKey key,
        string name,
        Endpoint endpoint,
        string cursor,
        DateOnly since,
        DateTimeOffset from,
        DateTimeOffset to,
        ChannelWriter<PostingPage> pages,
        CancellationTokenSource stop)
    {
        var zone = stock.Value.BusinessTimeZone;
        try
        {
            while (true)
            {
                var request = new OzonPostingListRequest(cursor, new OzonPostingFilter(Instant(from), Instant(to), []), PostingPageSize, "ASC", new OzonPostingWith(false, false));
                var page = (await http.SendAsync<OzonPostingListResponse>(endpoint, key, request, stop.Token)).Page;
                var units = new Dictionary<(string Sku, DateOnly Date), int>();
                foreach (var posting in page.Postings ?? [])
                {
                    if (string.Equals(posting.Status, "cancelled", StringComparison.OrdinalIgnoreCase) || (posting.InProcessAt ?? posting.CreatedAt) is not { } at)
                    {
                        continue;
                    }

                    var date = BusinessCalendar.DateOf(at, zone);
                    if (date < since)
                    {
                        continue;
                    }

                    foreach (var product in posting.Products ?? [])
                    {
                        var sku = Text(product.Sku);
                        units[(sku, date)] = units.GetValueOrDefault((sku, date)) + Math.Max(0, product.Quantity);
                    }
                }

                var last = page.HasNext != true || page.Postings is not { Count: > 0 } || string.IsNullOrEmpty(page.Cursor) || page.Cursor == cursor;
                await pages.WriteAsync(
                    new PostingPage(name, [.. units.Where(u => u.Value > 0).Select(u => new DailyOrders(u.Key.Sku, u.Key.Date, u.Value))], last ? Done : page.Cursor!),
                    stop.Token);
                if (last)
                {
                    return;
                }

                cursor = page.Cursor!;
            }
        }
        catch (Exception ex)
        {
            // The first failure is the one the check reports; the other list stops.
            pages.TryComplete(ex);
            await stop.CancelAsync();
        }
    }

    /// <summary>
    /// <c>/v1/analytics/data</c> by offset, sorted by units. Pages fetched a minute apart shift while the counts change,
    /// so one (sku, day) can come twice: the later row wins, never the sum (MARKETPLACES.md).
    /// </summary>
    private async IAsyncEnumerable<OrdersPage> ReadAnalyticsOrdersAsync(MarketplaceKey key, DateOnly since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var today = BusinessCalendar.DateOf(time.GetUtcNow(), stock.Value.BusinessTimeZone);
        var orders = new Dictionary<(string Sku, DateOnly Date), int>();
        for (var offset = 0; ; offset += AnalyticsPageSize)
        {
            var request = new OzonAnalyticsRequest(
                Date(since), Date(today), ["sku", "day"], ["ordered_units"], [], [new OzonSort("ordered_units", "DESC")], AnalyticsPageSize, offset);
            var page = await http.SendAsync<OzonAnalyticsResponse>(Endpoints.OzonAnalytics, key, request, cancellationToken);
            var rows = page.Result?.Data ?? [];
            foreach (var row in rows.Select(Parse))
            {
                orders[(row.SkuId, row.Date)] = row.Quantity;
            }

            if (rows.Count < AnalyticsPageSize)
            {
                // Rows replace each other across pages, so the whole report is one page, which cannot resume.
                yield return new OrdersPage([.. orders.Where(o => o.Key.Date >= since && o.Value > 0).Select(o => new DailyOrders(o.Key.Sku, o.Key.Date, o.Value))], Cursor: null);
                yield break;
            }
        }
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // The day dimension is a calendar date ("YYYY-MM-DD"), taken as the business date (docs/decisions.md).
    private static DailyOrders Parse(OzonAnalyticsRow row)
    {
        var dimensions = row.Dimensions ?? [];
        var metrics = row.Metrics ?? [];
        if (dimensions.Count < 2 || metrics.Count < 1
            || string.IsNullOrEmpty(dimensions[0].Id)
            || !DateOnly.TryParseExact(dimensions[1].Id, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new MarketplaceException(Marketplace.Ozon, Endpoints.OzonAnalytics.Display, MarketplaceFailure.MalformedResponse, 200, "a row lacks its sku, day or ordered_units");
        }

        return new DailyOrders(dimensions[0].Id!, day, (int)Math.Max(0, metrics[0]));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

}
