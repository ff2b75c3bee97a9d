using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stock.Simulation;

/// <summary>The Ozon Seller API endpoints Stock calls, with Ozon's auth errors, limits, paging and rpcStatus error bodies.</summary>
internal static class OzonSimulator
{
    public static void Map(IEndpointRouteBuilder app, SimulatedMarketplaces sim)
    {
        app.MapPost("/ozon/v3/product/list", context => Authorized(context, sim, (seller, body) => ProductListAsync(context, seller, body)));
        app.MapPost("/ozon/v3/product/info/list", context => Authorized(context, sim, (seller, body) => ProductInfoAsync(context, seller, body)));
        app.MapPost("/ozon/v1/analytics/stocks", context => Authorized(context, sim, (seller, body) => FboAsync(context, seller, body, sim)));
        app.MapPost("/ozon/v4/product/info/stocks", context => Authorized(context, sim, (seller, body) => FbsAsync(context, seller, body)));
        app.MapPost("/ozon/v1/analytics/data", context => Authorized(context, sim, (seller, body) => AnalyticsAsync(context, seller, body, sim)));
        app.MapPost("/ozon/v3/posting/fbo/list", context => Authorized(context, sim, (seller, body) => PostingsAsync(context, seller, body, fbs: false)));
        app.MapPost("/ozon/v4/posting/fbs/list", context => Authorized(context, sim, (seller, body) => PostingsAsync(context, seller, body, fbs: true)));
        // Retired methods, and anything else.
        app.Map("/ozon/{**rest}", context => Faults.OzonError(context, 404, 5, "Not Found"));
    }

    private static async Task Authorized(HttpContext context, SimulatedMarketplaces sim, Func<SimulatedSeller, JsonElement, Task> handle)
    {
        var clientId = context.Request.Headers["Client-Id"].ToString();
        var apiKey = context.Request.Headers["Api-Key"].ToString();
        if (clientId.Length == 0 || apiKey.Length == 0)
        {
            await Faults.OzonError(context, 401, 16, "Client-Id and Api-Key headers are required");
            return;
        }

        if (!long.TryParse(clientId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            await Faults.OzonError(context, 400, 3, "Client-Id header value should be positive integer");
            return;
        }

        var seller = sim.OzonSeller(clientId, apiKey);
        if (seller is null)
        {
            await Faults.OzonError(context, 404, 5, "Invalid Api-Key, please check the key and try again");
            return;
        }

        var body = await WildberriesSimulator.BodyAsync(context);
        if (body is null)
        {
            await InvalidBody(context);
            return;
        }

        await handle(seller, body.Value);
    }

    private static async Task ProductListAsync(HttpContext context, SimulatedSeller seller, JsonElement body)
    {
        var limit = Int(body, "limit") ?? 0;
        if (limit is < 1 or > 1000)
        {
            await InvalidBody(context);
            return;
        }

        var after = DecodeCursor(body.TryGetProperty("last_id", out var last) ? last.GetString() : null);
        var catalog = seller.OzonCatalog().OrderBy(p => p.ProductId).ToList();
        var page = catalog.Where(p => p.ProductId > after).Take(limit).ToList();
        var fbo = seller.OzonFbo();
        await Json(context, new
        {
            result = new
            {
                items = page.Select(p => new { archived = false, has_fbo_stocks = fbo.GetValueOrDefault(p.Sku) > 0, has_fbs_stocks = true, is_discounted = false, offer_id = p.OfferId, product_id = p.ProductId, quants = Array.Empty<object>() }),
                total = catalog.Count,
                last_id = page.Count == 0 ? "" : EncodeCursor(page[^1].ProductId),
            },
        });
    }

    private static async Task ProductInfoAsync(HttpContext context, SimulatedSeller seller, JsonElement body)
    {
        var productIds = Strings(body, "product_id");
        var offerIds = Strings(body, "offer_id");
        var skus = Strings(body, "sku");
        if (productIds.Count + offerIds.Count + skus.Count is 0 or > 1000)
        {
            await InvalidBody(context);
            return;
        }

        var fbo = seller.OzonFbo();
        var fbs = seller.OzonFbs();
        var items = seller.OzonCatalog()
            .Where(p => productIds.Contains(Text(p.ProductId)) || offerIds.Contains(p.OfferId) || skus.Contains(Text(p.Sku)))
            .Select(p => new
            {
                id = p.ProductId,
                offer_id = p.OfferId,
                sku = p.Sku,
                name = p.Name,
                barcodes = Enumerable.Repeat("OZN" + Text(p.Sku), 1),
                is_archived = false,
                is_autoarchived = false,
                statuses = new { status = "price_sent", status_name = "Продается", moderate_status = "approved", validation_status = "success" },
                stocks = new
                {
                    has_stock = fbo.GetValueOrDefault(p.Sku) + fbs.GetValueOrDefault(p.Sku).Present > 0,
                    stocks = new[]
                    {
                        new { present = fbo.GetValueOrDefault(p.Sku), reserved = 0, sku = p.Sku, source = "fbo" },
                        new { present = fbs.GetValueOrDefault(p.Sku).Present, reserved = fbs.GetValueOrDefault(p.Sku).Reserved, sku = p.Sku, source = "fbs" },
                    },
                },
                sources = new[] { new { sku = p.Sku, source = "SDS", shipment_type = "SHIPMENT_TYPE_GENERAL", created_at = "2026-03-01T10:00:00Z", quant_code = "" } },
                created_at = "2026-03-01T10:00:00Z",
                updated_at = "2026-09-20T08:00:00Z",
            });
        await Json(context, new { items });
    }

    private static async Task FboAsync(HttpContext context, SimulatedSeller seller, JsonElement body, SimulatedMarketplaces sim)
    {
        var skus = Strings(body, "skus");
        if (skus.Count is 0 or > 100)
        {
            await Faults.OzonError(context, 400, 3, "skus: value must contain between 1 and 100 items");
            return;
        }

        // One row per sku x cluster x warehouse (one warehouse per cluster here); skus without stock have no row.
        var clusters = seller.OzonClusters(skus.Select(s => long.TryParse(s, out var sku) ? sku : 0), sim.Today);
        var items = seller.OzonCatalog()
            .Where(p => clusters.ContainsKey(p.Sku))
            .SelectMany(p => clusters[p.Sku].Select(c => (Product: p, Cluster: c)))
            .Select(row => new
            {
                sku = row.Product.Sku,
                offer_id = row.Product.OfferId,
                name = row.Product.Name,
                cluster_id = row.Cluster.ClusterId,
                cluster_name = row.Cluster.Name,
                macrolocal_cluster_id = 0,
                warehouse_id = 15431806189000 + row.Cluster.ClusterId,
                warehouse_name = row.Cluster.ClusterId == SimulatedCluster.Default.ClusterId ? "ХОРУГВИНО_РФЦ" : row.Cluster.Name.ToUpperInvariant() + "_РФЦ",
                available_stock_count = row.Cluster.Stock,
                valid_stock_count = 0,
                // One warehouse per cluster here: the sku's units on their way are reported on its first cluster's row.
                transit_stock_count = row.Cluster == clusters[row.Product.Sku][0] ? seller.OzonTransit(row.Product.Sku).Transit : 0,
                requested_stock_count = row.Cluster == clusters[row.Product.Sku][0] ? seller.OzonTransit(row.Product.Sku).Requested : 0,
                return_from_customer_stock_count = 0,
                return_to_seller_stock_count = 0,
                excess_stock_count = 0,
                expiring_stock_count = 0,
                other_stock_count = 0,
                stock_defect_stock_count = 0,
                transit_defect_stock_count = 0,
                waiting_docs_stock_count = 0,
                ads = Math.Round(clusters[row.Product.Sku].Sum(c => c.AdsCluster), 2),
                ads_cluster = row.Cluster.AdsCluster,
                idc = 0.0,
                idc_cluster = row.Cluster.AdsCluster > 0 ? Math.Round(row.Cluster.Stock / row.Cluster.AdsCluster, 1) : 0,
                days_without_sales = 0,
                days_without_sales_cluster = 0,
                turnover_grade = "POPULAR",
                turnover_grade_cluster = row.Cluster.AdsCluster > 0 && row.Cluster.Stock < row.Cluster.AdsCluster * 7 ? "DEFICIT" : "POPULAR",
                item_tags = Enumerable.Repeat("ITEM_ATTRIBUTE_NONE", 1),
            });
        await Json(context, new { items });
    }

    private static async Task FbsAsync(HttpContext context, SimulatedSeller seller, JsonElement body)
    {
        var limit = Int(body, "limit") ?? 0;
        if (limit is < 1 or > 1000 || !body.TryGetProperty("filter", out _))
        {
            await InvalidBody(context);
            return;
        }

        var offset = DecodeCursor(body.TryGetProperty("cursor", out var c) ? c.GetString() : null);
        var fbs = seller.OzonFbs();
        var catalog = seller.OzonCatalog().OrderBy(p => p.ProductId).ToList();
        var page = catalog.Skip((int)offset).Take(limit).ToList();
        var next = offset + page.Count;
        await Json(context, new
        {
            cursor = page.Count == 0 || next >= catalog.Count ? "" : EncodeCursor(next),
            items = page.Select(p => new
            {
                offer_id = p.OfferId,
                product_id = p.ProductId,
                stocks = new[]
                {
                    new { present = fbs.GetValueOrDefault(p.Sku).Present, reserved = fbs.GetValueOrDefault(p.Sku).Reserved, shipment_type = "SHIPMENT_TYPE_GENERAL", sku = p.Sku, type = "fbs" },
                },
            }),
            total = catalog.Count,
        });
    }

    private static async Task AnalyticsAsync(HttpContext context, SimulatedSeller seller, JsonElement body, SimulatedMarketplaces sim)
    {
        var limit = Int(body, "limit") ?? 0;
        var offset = Int(body, "offset") ?? 0;
        var dimensions = Strings(body, "dimension");
        var metrics = Strings(body, "metrics");
        if (limit is < 1 or > 1000 || offset < 0 || metrics.Count is 0 or > 14 || dimensions.Count == 0
            || !DateOnly.TryParse(body.TryGetProperty("date_from", out var f) ? f.GetString() : null, CultureInfo.InvariantCulture, out var from)
            || !DateOnly.TryParse(body.TryGetProperty("date_to", out var t) ? t.GetString() : null, CultureInfo.InvariantCulture, out var to))
        {
            await Faults.OzonError(context, 400, 3, "InvalidArgument");
            return;
        }

        // Without Premium Plus only the last 3 months are served.
        var earliest = sim.Today.AddMonths(-3);
        var names = seller.OzonCatalog().ToDictionary(p => p.Sku, p => p.Name);
        var rows = seller.OzonOrders()
            .Where(o => o.Key.Day >= from && o.Key.Day <= to && o.Key.Day >= earliest && names.ContainsKey(o.Key.Sku))
            .OrderByDescending(o => o.Value).ThenBy(o => o.Key.Sku).ThenBy(o => o.Key.Day)
            .ToList();
        var data = rows.Skip(offset).Take(limit).Select(o => new
        {
            dimensions = dimensions.Select(d => d == "day"
                ? new { id = o.Key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name = "" }
                : new { id = Text(o.Key.Sku), name = names[o.Key.Sku] }),
            metrics = metrics.Select(m => m == "revenue" ? o.Value * 900m : o.Value),
        });
        await Json(context, new
        {
            result = new { data, totals = metrics.Select(m => m == "revenue" ? rows.Sum(r => r.Value) * 900m : rows.Sum(r => r.Value)) },
            timestamp = sim.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// <c>/v3/posting/fbo/list</c> (top-level envelope) and <c>/v4/posting/fbs/list</c> (under <c>result</c>, the other
    /// shape seen in the wild): postings in process within <c>filter.since</c>..<c>filter.to</c>, by cursor, at most 100.
    /// </summary>
    private static async Task PostingsAsync(HttpContext context, SimulatedSeller seller, JsonElement body, bool fbs)
    {
        var limit = Int(body, "limit") ?? 0;
        var filter = body.TryGetProperty("filter", out var f) ? f : default;
        if (limit is < 1 or > 100 || filter.ValueKind != JsonValueKind.Object
            || !DateTimeOffset.TryParse(filter.TryGetProperty("since", out var s) ? s.GetString() : null, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            || !DateTimeOffset.TryParse(filter.TryGetProperty("to", out var t) ? t.GetString() : null, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to))
        {
            await Faults.OzonError(context, 400, 3, "filter.since, filter.to and limit (1..100) are required");
            return;
        }

        var (postings, names) = seller.OzonPostingIndex(fbs);
        var first = FirstAtOrAfter(postings, since);
        var end = FirstAtOrAfter(postings, to);
        var after = DecodeCursor(body.TryGetProperty("cursor", out var c) ? c.GetString() : null);
        var start = (int)Math.Min(end, first + after);
        var taken = Math.Min(limit, end - start);
        var page = postings.Skip(start).Take(taken).Where(p => names.ContainsKey(p.Sku)).ToList();
        var hasNext = start + taken < end;
        var items = page.Select(p => new
        {
            posting_number = p.Number,
            order_id = 35_500_000_000L + p.Number.GetHashCode(StringComparison.Ordinal) % 1000,
            order_number = p.Number[..p.Number.LastIndexOf('-')],
            status = p.Cancelled ? "cancelled" : fbs ? "awaiting_packaging" : "delivering",
            substatus = p.Cancelled ? "posting_canceled" : "posting_created",
            created_at = p.InProcessAt.AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            in_process_at = p.InProcessAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            products = new[]
            {
                new { sku = p.Sku, offer_id = names[p.Sku].OfferId, name = names[p.Sku].Name, quantity = p.Quantity, price = new { amount = "900.00", currency = "RUB" } },
            },
        }).ToList();
        var cursor = hasNext ? EncodeCursor(start + taken - first) : "";
        await (fbs
            ? Json(context, new { result = new { postings = items, has_next = hasNext, cursor } })
            : Json(context, new { cursor, has_next = hasNext, postings = items }));
    }

    // The index of the first posting in process at or after the instant, in postings sorted by that instant.
    private static int FirstAtOrAfter(OzonPosting[] postings, DateTimeOffset instant)
    {
        int low = 0, high = postings.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (postings[middle].InProcessAt < instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static Task InvalidBody(HttpContext context) => Faults.OzonError(context, 400, 3, "Invalid request body");

    private static Task Json(HttpContext context, object value) => context.Response.WriteAsJsonAsync(value, SimulatedMarketplaces.Json);

    private static int? Int(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    private static HashSet<string> Strings(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString()).ToHashSet(StringComparer.Ordinal)
            : [];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string EncodeCursor(long value) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"[{Text(value)}]"));

    private static long DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            return long.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Trim('[', ']'), CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
