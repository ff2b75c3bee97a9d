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
/// Ozon through the Seller API (docs/marketplaces.md): products by <c>last_id</c> then their info by id, FBO stock from
/// <c>/v1/analytics/stocks</c> in batches of 100 skus, FBS stock from <c>/v4/product/info/stocks</c> by cursor, and
/// ordered units per sku and day from the FBO and FBS posting lists by cursor (or, opted in, <c>/v1/analytics/data</c>).
/// </summary>
internal sealed class OzonMarketplaceClient(MarketplaceHttp http, TimeProvider time, IOptions<StockOptions> stock, IOptions<MarketplaceOptions> marketplaces) : IMarketplaceClient
{
    public const int PostingPageSize = 100;

    // The cursor of a posting list read to its end.
    private const string Done = "done";

    // The posting lists daily orders come from, read side by side; their names are the parts of a resume cursor.
    private static readonly (string Name, Endpoint Endpoint)[] PostingLists = [("fbo", OzonEndpoints.FboPostings), ("fbs", OzonEndpoints.FbsPostings)];

    // The slices a long window of postings is read in at most: with both lists, 16 cursors at once.
    private const int MaxPostingSlices = 8;

    public const int ProductPageSize = 1000;
    public const int InfoBatchSize = 1000;
    public const int FboBatchSize = 100;
    public const int StocksPageSize = 1000;
    public const int AnalyticsPageSize = 1000;

    public Marketplace Marketplace => Marketplace.Ozon;

    // /v1/analytics/stocks: 100 skus a call, a call a second (D52).
    public bool AsksFboStockPerProduct => true;

    public async Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        // Per product id listed: whether the list says it holds FBO stock (absent: not said).
        var listed = new Dictionary<long, bool?>();
        var lastId = string.Empty;
        while (true)
        {
            var page = await http.SendAsync<OzonProductListResponse>(
                OzonEndpoints.ProductList, key, new OzonProductListRequest(new OzonVisibilityFilter("ALL"), lastId, ProductPageSize), cancellationToken);
            var items = page.Result?.Items ?? [];
            foreach (var item in items)
            {
                listed[item.ProductId] = item.HasFboStocks;
            }

            if (items.Count < ProductPageSize || string.IsNullOrEmpty(page.Result?.LastId))
            {
                break;
            }

            lastId = page.Result.LastId;
        }

        var infos = await Batches.FetchAsync(
            listed.Keys.Chunk(InfoBatchSize),
            (chunk, ct) => http.SendAsync<OzonProductInfoResponse>(OzonEndpoints.ProductInfo, key, new OzonProductInfoRequest([], [.. chunk.Select(Text)], []), ct),
            cancellationToken);
        // A product not yet on the storefront has no sku: nothing to watch.
        return [.. infos.SelectMany(info => info.Items ?? []).Where(i => i.Sku > 0).Select(i =>
            new MarketplaceProduct(Sku.From(Marketplace.Ozon, i.Sku, i.OfferId), i.Name ?? i.OfferId ?? string.Empty, [], HasFboStock: listed.GetValueOrDefault(i.Id)))];
    }

    /// <summary>
    /// Rows per sku x cluster x warehouse: units are <c>available_stock_count</c> summed per sku and, per cluster, with
    /// the cluster's <c>ads_cluster</c> (the same on every row of one cluster); in transit, <c>transit_stock_count</c> and
    /// <c>requested_stock_count</c> summed per sku (docs/marketplaces.md).
    /// </summary>
    public async Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var ids = new SkuIds(products);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var stock = new Dictionary<string, int>();
        var transit = new Dictionary<string, int>();
        var clusters = new Dictionary<string, IReadOnlyList<ClusterStock>>();
        await Batches.FoldAsync(
            products.Select(p => p.Sku.Id).Distinct().Chunk(FboBatchSize),
            (chunk, ct) => http.SendAsync<OzonFboStockResponse>(OzonEndpoints.FboStock, key, new OzonFboStockRequest([.. chunk]), ct),
            answer =>
            {
                var rows = answer.Items ?? [];
                foreach (var row in rows)
                {
                    StockTally.Add(stock, ids[row.Sku], row.AvailableStockCount);
                    if ((row.TransitStockCount ?? 0) + (row.RequestedStockCount ?? 0) is var coming and > 0)
                    {
                        StockTally.Add(transit, ids[row.Sku], coming);
                    }
                }

                foreach (var sku in rows.GroupBy(r => r.Sku))
                {
                    clusters[ids[sku.Key]] = sku.GroupBy(r => r.ClusterId).Select(c => Cluster(c, names)).ToArray();
                }
            },
            cancellationToken);

        return new FboStock(stock, clusters) { InTransit = transit };
    }

    // A cluster's name is held once however many skus it stocks.
    private static ClusterStock Cluster(IGrouping<long, OzonFboStockRow> rows, Dictionary<string, string> names)
    {
        var ads = rows.Max(r => r.AdsCluster ?? 0);
        var name = rows.Select(r => r.ClusterName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        return new ClusterStock(
            rows.Key,
            name is null ? null : names.TryAdd(name, name) ? name : names[name],
            StockTally.Sum(rows.Select(r => (long)r.AvailableStockCount)),
            double.IsFinite(ads) && ads > 0 ? Math.Round((decimal)ads, 2) : 0);
    }

    public async Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        var ids = new SkuIds(products);
        var stock = new Dictionary<string, int>();
        var cursor = string.Empty;
        while (true)
        {
            var page = await http.SendAsync<OzonStocksResponse>(
                OzonEndpoints.FbsStock, key, new OzonStocksRequest(cursor, new OzonVisibilityFilter("ALL"), StocksPageSize), cancellationToken);
            foreach (var row in (page.Items ?? []).SelectMany(i => i.Stocks ?? []).Where(s => s.Type is "fbs" or "rfbs"))
            {
                StockTally.Add(stock, ids[row.Sku], row.Present - row.Reserved);
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
    /// lists, cancelled postings excluded, one folded page at a time. A window of several days is read in slices of
    /// whole business days, every list over every slice side by side (each part by its own cursor, all under the
    /// Client-Id's budget, which the rate limiter models): a cursor is one request after another, and 60 days of a large
    /// seller are thousands of pages (D35). The cursor names where each part stands after the pages yielded so far.
    /// </summary>
    private async IAsyncEnumerable<OrdersPage> ReadPostingOrdersAsync(
        MarketplaceKey key, DateOnly since, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = stock.Value.BusinessTimeZone;
        var now = time.GetUtcNow();
        var plan = PostingPlan.Of(after, since, BusinessCalendar.DateOf(now, zone), now.AddMinutes(1), zone);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<PostingPage>(new BoundedChannelOptions(4) { SingleReader = true });
        var readers = Task.WhenAll(plan.Parts
            .Where(part => plan.Positions[part.Name] != Done)
            .Select(part => ReadPostingListAsync(key, part, plan.Positions[part.Name], since, pages.Writer, stop)));
        var completed = CompleteAsync(readers, pages.Writer);
        try
        {
            // WaitToReadAsync rethrows the first reader's failure as it was thrown (a MarketplaceException).
            while (await pages.Reader.WaitToReadAsync(cancellationToken))
            {
                while (pages.Reader.TryRead(out var page))
                {
                    plan.Positions[page.Part] = page.Next;
                    yield return new OrdersPage(page.Units, plan.Cursor());
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

    /// <summary>A folded page of one part, and where that part stands after it.</summary>
    private sealed record PostingPage(string Part, IReadOnlyList<DailyOrders> Units, string Next);

    /// <summary>One posting list over one slice of the window.</summary>
    private sealed record PostingPart(string Name, Endpoint Endpoint, DateTimeOffset From, DateTimeOffset To);

    /// <summary>
    /// The parts a sync reads and where each stands. A window of one business day is one part per list, named by the list
    /// (<c>fbo:&lt;cursor&gt;;fbs:&lt;cursor&gt;</c>, as before slices); a longer one is cut into at most
    /// <see cref="MaxPostingSlices"/> slices of whole days, and its cursor starts with the slice length, which a resumed
    /// sync keeps (<c>8|fbo.0:done;fbo.1:&lt;cursor&gt;;...</c>). An empty position is a part's start.
    /// </summary>
    private sealed class PostingPlan
    {
        private readonly int _sliceDays;

        private PostingPlan(int sliceDays, PostingPart[] parts, Dictionary<string, string> positions)
        {
            _sliceDays = sliceDays;
            Parts = parts;
            Positions = positions;
        }

        public PostingPart[] Parts { get; }

        public Dictionary<string, string> Positions { get; }

        public static PostingPlan Of(string? after, DateOnly since, DateOnly today, DateTimeOffset to, TimeZoneInfo zone)
        {
            var days = Math.Max(1, today.DayNumber - since.DayNumber + 1);
            var bar = after?.IndexOf('|', StringComparison.Ordinal) ?? -1;
            var sliceDays = after is null
                ? (days == 1 ? 0 : (days + MaxPostingSlices - 1) / MaxPostingSlices)
                : bar < 0 ? 0 : SliceDays(after[..bar]);
            var parts = sliceDays == 0
                ? PostingLists.Select(l => new PostingPart(l.Name, l.Endpoint, Midnight(since, zone), to)).ToArray()
                : Slices(since, days, sliceDays, to, zone).ToArray();

            var positions = parts.ToDictionary(p => p.Name, _ => string.Empty);
            var stored = (bar < 0 ? after : after![(bar + 1)..])?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? [];
            foreach (var part in stored)
            {
                if (part.Split(':', 2) is [var name, var position] && positions.ContainsKey(name))
                {
                    positions[name] = position;
                }
            }

            // A cursor stored before the lists were read side by side named only the list being read, FBO first.
            if (sliceDays == 0 && stored is [var only] && only.StartsWith("fbs:", StringComparison.Ordinal))
            {
                positions["fbo"] = Done;
            }

            return new PostingPlan(sliceDays, parts, positions);
        }

        // A stored cursor's units are already counted: one that cannot be read must stop the sync, not restart it.
        private static int SliceDays(string stored) =>
            int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0
                ? days
                : throw new InvalidOperationException($"The stored progress of the Ozon posting sync starts with '{stored}', not with a slice length in days.");

        public string Cursor()
        {
            var positions = string.Join(';', Parts.Select(p => $"{p.Name}:{Positions[p.Name]}"));
            return _sliceDays == 0 ? positions : $"{_sliceDays.ToString(CultureInfo.InvariantCulture)}|{positions}";
        }

        // Every list over every slice: slice i is the business days since + i * sliceDays on, the last one up to now.
        private static IEnumerable<PostingPart> Slices(DateOnly since, int days, int sliceDays, DateTimeOffset to, TimeZoneInfo zone)
        {
            var slices = (days + sliceDays - 1) / sliceDays;
            foreach (var (name, endpoint) in PostingLists)
            {
                for (var i = 0; i < slices; i++)
                {
                    var end = i == slices - 1 ? to : Midnight(since.AddDays((i + 1) * sliceDays), zone);
                    yield return new PostingPart($"{name}.{i.ToString(CultureInfo.InvariantCulture)}", endpoint, Midnight(since.AddDays(i * sliceDays), zone), end);
                }
            }
        }

        private static DateTimeOffset Midnight(DateOnly date, TimeZoneInfo zone)
        {
            var local = date.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
    }

    /// <summary>One part from <paramref name="cursor"/> to its end, each page folded; a failure ends every part.</summary>
    private async Task ReadPostingListAsync(
        MarketplaceKey key,
        PostingPart part,
        string cursor,
        DateOnly since,
        ChannelWriter<PostingPage> pages,
        CancellationTokenSource stop)
    {
        var zone = stock.Value.BusinessTimeZone;
        try
        {
            while (true)
            {
                var request = new OzonPostingListRequest(cursor, new OzonPostingFilter(Instant(part.From), Instant(part.To), []), PostingPageSize, "ASC", new OzonPostingWith(false, false));
                var page = (await http.SendAsync<OzonPostingListResponse>(part.Endpoint, key, request, stop.Token)).Page;
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
                    new PostingPage(part.Name, [.. units.Where(u => u.Value > 0).Select(u => new DailyOrders(u.Key.Sku, u.Key.Date, u.Value))], last ? Done : page.Cursor!),
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
            // The first failure is the one the check reports; the other parts stop.
            pages.TryComplete(ex);
            await stop.CancelAsync();
        }
    }

    /// <summary>
    /// <c>/v1/analytics/data</c> by offset, sorted by units. Pages fetched a minute apart shift while the counts change,
    /// so one (sku, day) can come twice: the later row wins, never the sum (docs/marketplaces.md).
    /// </summary>
    private async IAsyncEnumerable<OrdersPage> ReadAnalyticsOrdersAsync(MarketplaceKey key, DateOnly since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var today = BusinessCalendar.DateOf(time.GetUtcNow(), stock.Value.BusinessTimeZone);
        var orders = new Dictionary<(string Sku, DateOnly Date), int>();
        for (var offset = 0; ; offset += AnalyticsPageSize)
        {
            var request = new OzonAnalyticsRequest(
                Date(since), Date(today), ["sku", "day"], ["ordered_units"], [], [new OzonSort("ordered_units", "DESC")], AnalyticsPageSize, offset);
            var page = await http.SendAsync<OzonAnalyticsResponse>(OzonEndpoints.Analytics, key, request, cancellationToken);
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
            throw new MarketplaceException(Marketplace.Ozon, OzonEndpoints.Analytics.Display, MarketplaceFailure.MalformedResponse, 200, "a row lacks its sku, day or ordered_units");
        }

        return new DailyOrders(dimensions[0].Id!, day, (int)Math.Max(0, metrics[0]));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

}
