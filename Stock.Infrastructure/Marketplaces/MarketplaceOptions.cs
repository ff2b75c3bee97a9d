namespace Stock.Infrastructure.Marketplaces;

/// <summary>Where the marketplace APIs are and how politely to call them, bound from <c>Stock:Marketplaces</c>.</summary>
public sealed class MarketplaceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Marketplaces";

    /// <summary>The Wildberries hosts.</summary>
    public WildberriesHosts Wildberries { get; set; } = new();

    /// <summary>The Ozon host.</summary>
    public OzonHosts Ozon { get; set; } = new();

    /// <summary>How long one attempt may take (60 s: statistics and analytics answers can be slow).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one call may take with every retry and wait (10 minutes).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after the first attempt, for 5xx, 408, 429 and network errors only (4).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off delay when the server says nothing; doubled each retry, with jitter (1 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait a 429 may ask for before the call gives up instead (2 minutes).</summary>
    public TimeSpan MaxServerDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Client-side rate limits by bucket name (<c>wb.cards</c>, <c>wb.fbo</c>, <c>wb.marketplace</c>, <c>wb.orders</c>,
    /// <c>ozon.products</c>, <c>ozon.fbo</c>, <c>ozon.fbs</c>, <c>ozon.analytics</c>), overriding the documented ones.
    /// </summary>
    public Dictionary<string, RateLimit> RateLimits { get; set; } = [];

    /// <summary>Rows per page asked of the WB analytics stock report (250 000, its maximum).</summary>
    public int WildberriesStockPageSize { get; set; } = 250_000;
}

/// <summary>The Wildberries API hosts.</summary>
public sealed class WildberriesHosts
{
    /// <summary>Product cards.</summary>
    public Uri ContentBaseUrl { get; set; } = new("https://content-api.wildberries.ru");

    /// <summary>Orders (statistics).</summary>
    public Uri StatisticsBaseUrl { get; set; } = new("https://statistics-api.wildberries.ru");

    /// <summary>Seller warehouses and FBS stock.</summary>
    public Uri MarketplaceBaseUrl { get; set; } = new("https://marketplace-api.wildberries.ru");

    /// <summary>FBO stock report.</summary>
    public Uri AnalyticsBaseUrl { get; set; } = new("https://seller-analytics-api.wildberries.ru");

    /// <summary>FBW supplies: stock in transit to WB's warehouses.</summary>
    public Uri SuppliesBaseUrl { get; set; } = new("https://supplies-api.wildberries.ru");
}

/// <summary>The Ozon Seller API host.</summary>
public sealed class OzonHosts
{
    /// <summary>The one host of the Seller API.</summary>
    public Uri BaseUrl { get; set; } = new("https://api-seller.ozon.ru");

    /// <summary>Where daily orders come from: the posting lists (default), or <c>/v1/analytics/data</c> (1 request a minute).</summary>
    public OzonSalesSource SalesSource { get; set; } = OzonSalesSource.Postings;
}

/// <summary>The source of Ozon's daily orders (docs/marketplaces.md).</summary>
public enum OzonSalesSource
{
    /// <summary><c>/v3/posting/fbo/list</c> and <c>/v4/posting/fbs/list</c>: cursor-paged, within Ozon's per-second budget.</summary>
    Postings = 0,

    /// <summary><c>/v1/analytics/data</c> by sku and day: one request a minute.</summary>
    Analytics = 1,
}

/// <summary>A token bucket: <see cref="Limit"/> requests per <see cref="Period"/>, at most <see cref="Burst"/> at once.</summary>
public sealed class RateLimit
{
    /// <summary>Requests per period.</summary>
    public int Limit { get; set; }

    /// <summary>The period.</summary>
    public TimeSpan Period { get; set; }

    /// <summary>Requests available at once when the bucket is full.</summary>
    public int Burst { get; set; }

    /// <summary>Creates a limit.</summary>
    public static RateLimit Of(int limit, TimeSpan period, int burst) => new() { Limit = limit, Period = period, Burst = burst };
}
