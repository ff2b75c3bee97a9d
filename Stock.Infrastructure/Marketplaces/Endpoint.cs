using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// One marketplace endpoint: which host, method and path, which rate-limit bucket it draws from, and the budget it
/// shares with the marketplace's other methods (Ozon: 50 requests a second per Client-Id across all methods).
/// </summary>
internal sealed record Endpoint(Marketplace Marketplace, string Host, HttpMethod Method, string Path, string Bucket, string? SharedBucket = null)
{
    /// <summary>Method and path, as errors and logs name it (never a host, query or key).</summary>
    public string Display => $"{Method.Method} /{Path}";
}

/// <summary>The endpoints Stock calls (docs/marketplaces.md) and the documented limits of their buckets.</summary>
internal static class Endpoints
{
    public const string WbContent = "wb-content";
    public const string WbStatistics = "wb-statistics";
    public const string WbMarketplace = "wb-marketplace";
    public const string WbAnalytics = "wb-analytics";
    public const string Ozon = "ozon";

    public static readonly Endpoint WbCards = new(Marketplace.Wildberries, WbContent, HttpMethod.Post, "content/v2/get/cards/list", "wb.cards");
    public static readonly Endpoint WbFboStock = new(Marketplace.Wildberries, WbAnalytics, HttpMethod.Post, "api/analytics/v1/stocks-report/wb-warehouses", "wb.fbo");
    public static readonly Endpoint WbWarehouses = new(Marketplace.Wildberries, WbMarketplace, HttpMethod.Get, "api/v3/warehouses", "wb.marketplace");
    public static readonly Endpoint WbFbsStock = new(Marketplace.Wildberries, WbMarketplace, HttpMethod.Post, "api/v3/stocks/{warehouseId}", "wb.marketplace");
    public static readonly Endpoint WbOrders = new(Marketplace.Wildberries, WbStatistics, HttpMethod.Get, "api/v1/supplier/orders", "wb.orders");

    public const string OzonBudget = "ozon";

    public static readonly Endpoint OzonProductList = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v3/product/list", "ozon.products", OzonBudget);
    public static readonly Endpoint OzonProductInfo = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v3/product/info/list", "ozon.products", OzonBudget);
    public static readonly Endpoint OzonFboStock = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v1/analytics/stocks", "ozon.fbo", OzonBudget);
    public static readonly Endpoint OzonFbsStock = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v4/product/info/stocks", "ozon.fbs", OzonBudget);
    public static readonly Endpoint OzonAnalytics = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v1/analytics/data", "ozon.analytics", OzonBudget);
    public static readonly Endpoint OzonFboPostings = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v3/posting/fbo/list", "ozon.postings", OzonBudget);
    public static readonly Endpoint OzonFbsPostings = new(Marketplace.Ozon, Ozon, HttpMethod.Post, "v4/posting/fbs/list", "ozon.postings", OzonBudget);

    /// <summary>The documented limits (reference sections 1.3-1.6, 2.2): the bucket fills at Limit/Period, Burst at once.</summary>
    public static IReadOnlyDictionary<string, RateLimit> DocumentedLimits { get; } = new Dictionary<string, RateLimit>
    {
        ["wb.cards"] = RateLimit.Of(100, TimeSpan.FromMinutes(1), 5),
        ["wb.fbo"] = RateLimit.Of(3, TimeSpan.FromMinutes(1), 1),
        ["wb.marketplace"] = RateLimit.Of(300, TimeSpan.FromMinutes(1), 20),
        ["wb.orders"] = RateLimit.Of(1, TimeSpan.FromMinutes(1), 10),
        ["ozon.products"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        ["ozon.fbo"] = RateLimit.Of(1, TimeSpan.FromSeconds(1), 1),
        ["ozon.fbs"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        ["ozon.analytics"] = RateLimit.Of(1, TimeSpan.FromMinutes(1), 1),
        ["ozon.postings"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        [OzonBudget] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
    };
}
