using System.Net;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// What <see cref="MarketplaceHttp"/> needs to know of one marketplace: its hosts, how a key authorizes a request,
/// the documented limits of its rate-limit buckets, and the answers it gives that mean something other than their
/// status. Each marketplace's folder holds its protocol, endpoints, wire types and client, and registers them
/// together (docs/architecture.md, "Add a marketplace").
/// </summary>
internal abstract class MarketplaceProtocol
{
    /// <summary>The marketplace.</summary>
    public abstract Marketplace Marketplace { get; }

    /// <summary>The HTTP client name of each host, and where its base URL is configured.</summary>
    public abstract IReadOnlyDictionary<string, Func<MarketplaceOptions, Uri>> Hosts { get; }

    /// <summary>The documented limits of the buckets (docs/marketplaces.md): each fills at Limit/Period, Burst at once.</summary>
    public abstract IReadOnlyDictionary<string, RateLimit> DocumentedLimits { get; }

    /// <summary>Adds the key's headers to <paramref name="request"/>.</summary>
    /// <exception cref="InvalidOperationException">The key is another marketplace's: its headers never go here.</exception>
    public void Authorize(HttpRequestMessage request, MarketplaceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Marketplace != Marketplace)
        {
            throw new InvalidOperationException($"A {key.Marketplace.Code} key cannot authorize a {Marketplace.Code} request.");
        }

        AddHeaders(request, key);
    }

    /// <summary>
    /// What a failed answer means: 401 and 403 a key the marketplace refuses, 429 its limit, 408 and 5xx an outage,
    /// any other 4xx a rejected request; a marketplace overrides it where its answers say otherwise.
    /// </summary>
    public virtual MarketplaceFailure Classify(HttpStatusCode status, string body) => (int)status switch
    {
        401 or 403 => MarketplaceFailure.Unauthorized,
        429 => MarketplaceFailure.RateLimited,
        408 or >= 500 => MarketplaceFailure.Unavailable,
        _ => MarketplaceFailure.Rejected,
    };

    /// <summary>Adds the headers of a key of this marketplace.</summary>
    protected abstract void AddHeaders(HttpRequestMessage request, MarketplaceKey key);
}
