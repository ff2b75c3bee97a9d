using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces.Wildberries;

/// <summary>Wildberries' hosts, bearer token and documented limits (docs/marketplaces.md).</summary>
internal sealed class WildberriesProtocol : MarketplaceProtocol
{
    public const string Content = "wb-content";
    public const string Statistics = "wb-statistics";
    public const string MarketplaceHost = "wb-marketplace";
    public const string Analytics = "wb-analytics";
    public const string Supplies = "wb-supplies";

    private WildberriesProtocol()
    {
    }

    public static WildberriesProtocol Instance { get; } = new();

    /// <summary>What the application knows of Wildberries: its name and that its key is one token.</summary>
    public static MarketplaceDefinition Definition { get; } = new(Domain.Marketplace.Wildberries, "Wildberries", KeyShape.Token);

    public override Marketplace Marketplace => Domain.Marketplace.Wildberries;

    public override IReadOnlyDictionary<string, Func<MarketplaceOptions, Uri>> Hosts { get; } = new Dictionary<string, Func<MarketplaceOptions, Uri>>
    {
        [Content] = o => o.Wildberries.ContentBaseUrl,
        [Statistics] = o => o.Wildberries.StatisticsBaseUrl,
        [MarketplaceHost] = o => o.Wildberries.MarketplaceBaseUrl,
        [Analytics] = o => o.Wildberries.AnalyticsBaseUrl,
        [Supplies] = o => o.Wildberries.SuppliesBaseUrl,
    };

    public override IReadOnlyDictionary<string, RateLimit> DocumentedLimits { get; } = new Dictionary<string, RateLimit>
    {
        ["wb.cards"] = RateLimit.Of(100, TimeSpan.FromMinutes(1), 5),
        ["wb.fbo"] = RateLimit.Of(3, TimeSpan.FromMinutes(1), 1),
        ["wb.marketplace"] = RateLimit.Of(300, TimeSpan.FromMinutes(1), 20),
        ["wb.orders"] = RateLimit.Of(1, TimeSpan.FromMinutes(1), 10),
        ["wb.supplies"] = RateLimit.Of(30, TimeSpan.FromMinutes(1), 10),
    };

    protected override void AddHeaders(HttpRequestMessage request, MarketplaceKey key) =>
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
}

/// <summary>The Wildberries endpoints Stock calls.</summary>
internal static class WildberriesEndpoints
{
    private static readonly WildberriesProtocol Wb = WildberriesProtocol.Instance;

    public static readonly Endpoint Cards = new(Wb, WildberriesProtocol.Content, HttpMethod.Post, "content/v2/get/cards/list", "wb.cards");
    public static readonly Endpoint Trash = new(Wb, WildberriesProtocol.Content, HttpMethod.Post, "content/v2/get/cards/trash", "wb.cards");
    public static readonly Endpoint FboStock = new(Wb, WildberriesProtocol.Analytics, HttpMethod.Post, "api/analytics/v1/stocks-report/wb-warehouses", "wb.fbo");
    public static readonly Endpoint Warehouses = new(Wb, WildberriesProtocol.MarketplaceHost, HttpMethod.Get, "api/v3/warehouses", "wb.marketplace");
    public static readonly Endpoint FbsStock = new(Wb, WildberriesProtocol.MarketplaceHost, HttpMethod.Post, "api/v3/stocks/{warehouseId}", "wb.marketplace");
    public static readonly Endpoint Orders = new(Wb, WildberriesProtocol.Statistics, HttpMethod.Get, "api/v1/supplier/orders", "wb.orders");
    public static readonly Endpoint Supplies = new(Wb, WildberriesProtocol.Supplies, HttpMethod.Post, "api/v1/supplies", "wb.supplies");
    public static readonly Endpoint SupplyGoods = new(Wb, WildberriesProtocol.Supplies, HttpMethod.Get, "api/v1/supplies/{ID}/goods", "wb.supplies");
}
