using System.Net;
using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces.Ozon;

/// <summary>Ozon's host, <c>Client-Id</c> and <c>Api-Key</c> headers, documented limits and its 404 for a bad key (docs/marketplaces.md).</summary>
internal sealed class OzonProtocol : MarketplaceProtocol
{
    public const string Host = "ozon";

    /// <summary>The budget every Seller API method shares: 50 requests a second per Client-Id.</summary>
    public const string Budget = "ozon";

    private OzonProtocol()
    {
    }

    public static OzonProtocol Instance { get; } = new();

    /// <summary>What the application knows of Ozon: its name and that its key is a client id and an API key.</summary>
    public static MarketplaceDefinition Definition { get; } = new(Domain.Marketplace.Ozon, "Ozon", KeyShape.ClientIdAndApiKey);

    public override Marketplace Marketplace => Domain.Marketplace.Ozon;

    public override IReadOnlyDictionary<string, Func<MarketplaceOptions, Uri>> Hosts { get; } = new Dictionary<string, Func<MarketplaceOptions, Uri>>
    {
        [Host] = o => o.Ozon.BaseUrl,
    };

    public override IReadOnlyDictionary<string, RateLimit> DocumentedLimits { get; } = new Dictionary<string, RateLimit>
    {
        ["ozon.products"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        // Not published: Ozon documents no limit of /v1/analytics/stocks but its budget; other clients report 429s on
        // bursts and pace it a second apart, and so does this one (docs/decisions.md, D52).
        ["ozon.fbo"] = RateLimit.Of(1, TimeSpan.FromSeconds(1), 1),
        ["ozon.fbs"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        ["ozon.analytics"] = RateLimit.Of(1, TimeSpan.FromMinutes(1), 1),
        ["ozon.postings"] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
        [Budget] = RateLimit.Of(50, TimeSpan.FromSeconds(1), 50),
    };

    // Ozon answers an unknown Api-Key with 404 {"code":5,"message":"Invalid Api-Key, ..."}.
    public override MarketplaceFailure Classify(HttpStatusCode status, string body) =>
        status == HttpStatusCode.NotFound && body.Contains("Api-Key", StringComparison.OrdinalIgnoreCase)
            ? MarketplaceFailure.Unauthorized
            : base.Classify(status, body);

    protected override void AddHeaders(HttpRequestMessage request, MarketplaceKey key)
    {
        request.Headers.TryAddWithoutValidation("Client-Id", key.ClientId);
        request.Headers.TryAddWithoutValidation("Api-Key", key.Secret);
    }
}

/// <summary>The Ozon endpoints Stock calls.</summary>
internal static class OzonEndpoints
{
    private static readonly OzonProtocol Ozon = OzonProtocol.Instance;

    public static readonly Endpoint ProductList = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v3/product/list", "ozon.products", OzonProtocol.Budget);
    public static readonly Endpoint ProductInfo = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v3/product/info/list", "ozon.products", OzonProtocol.Budget);
    public static readonly Endpoint FboStock = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v1/analytics/stocks", "ozon.fbo", OzonProtocol.Budget);
    public static readonly Endpoint FbsStock = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v4/product/info/stocks", "ozon.fbs", OzonProtocol.Budget);
    public static readonly Endpoint Analytics = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v1/analytics/data", "ozon.analytics", OzonProtocol.Budget);
    public static readonly Endpoint FboPostings = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v3/posting/fbo/list", "ozon.postings", OzonProtocol.Budget);
    public static readonly Endpoint FbsPostings = new(Ozon, OzonProtocol.Host, HttpMethod.Post, "v4/posting/fbs/list", "ozon.postings", OzonProtocol.Budget);
}
