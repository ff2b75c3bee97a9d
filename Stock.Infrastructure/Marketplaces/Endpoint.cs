namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// One marketplace endpoint: its marketplace's protocol, which host, method and path, which rate-limit bucket it draws
/// from, and the budget it shares with the marketplace's other methods (Ozon: 50 requests a second per Client-Id
/// across all methods).
/// </summary>
internal sealed record Endpoint(MarketplaceProtocol Protocol, string Host, HttpMethod Method, string Path, string Bucket, string? SharedBucket = null)
{
    /// <summary>Method and path, as errors and logs name it (never a host, query or key).</summary>
    public string Display => $"{Method.Method} /{Path}";

    /// <summary>The marketplace of the endpoint.</summary>
    public Domain.Marketplace Marketplace => Protocol.Marketplace;
}
