using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Keeps each seller account under each endpoint's documented limit on the client side (a token bucket per bucket
/// and account), so that a check waits its turn instead of bouncing off 429s. Every attempt, retries included,
/// takes a permit.
/// </summary>
internal sealed class RateLimitingHandler(MarketplaceRateLimiters limiters) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> Partition = new("stock.rate-limit-partition");

    /// <summary>The partition of the budget the endpoint shares with the marketplace's other methods, if any.</summary>
    public static readonly HttpRequestOptionsKey<string> SharedPartition = new("stock.rate-limit-shared-partition");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The method's own bucket first, then the shared budget, so that a call waiting on a slow method (analytics,
        // one a minute) does not hold a permit of the shared one meanwhile.
        if (request.Options.TryGetValue(Partition, out var partition))
        {
            using var lease = await limiters.For(partition).AcquireAsync(1, cancellationToken);
        }

        if (request.Options.TryGetValue(SharedPartition, out var shared))
        {
            using var lease = await limiters.For(shared).AcquireAsync(1, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The token buckets, one per bucket name and seller account, created on first use.</summary>
internal sealed class MarketplaceRateLimiters(IOptions<MarketplaceOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>The partition key of a request: the bucket and an account id that is not a secret.</summary>
    public static string PartitionOf(string bucket, string account) => $"{bucket}|{account}";

    public RateLimiter For(string partition) => _limiters.GetOrAdd(partition, Create);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private TokenBucketRateLimiter Create(string partition)
    {
        var bucket = partition[..partition.IndexOf('|', StringComparison.Ordinal)];
        var limit = options.Value.RateLimits.GetValueOrDefault(bucket) ?? Endpoints.DocumentedLimits[bucket];
        var interval = limit.Period / Math.Max(1, limit.Limit);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = interval > TimeSpan.Zero ? interval : TimeSpan.FromMilliseconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
