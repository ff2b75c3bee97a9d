using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.Marketplaces.Ozon;
using Stock.Infrastructure.Marketplaces.Wildberries;

namespace Stock.Tests.Fixtures;

/// <summary>The documented rate limits of every adapter's buckets, as the adapters declare them.</summary>
internal static class AdapterLimits
{
    public static IReadOnlyDictionary<string, RateLimit> Documented { get; } =
        new MarketplaceProtocol[] { WildberriesProtocol.Instance, OzonProtocol.Instance }
            .SelectMany(p => p.DocumentedLimits)
            .ToDictionary(l => l.Key, l => l.Value);
}
