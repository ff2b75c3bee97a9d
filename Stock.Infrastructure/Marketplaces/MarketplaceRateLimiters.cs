using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Keeps each seller account under each endpoint's documented limit on the client side (a token bucket per bucket and
/// account, created on first use), so that a check waits its turn instead of bouncing off 429s. Every attempt, retries
/// included, takes a permit, in the resilience pipeline between the retry and the attempt timeout: the wait for a
/// permit never counts against the attempt.
/// </summary>
internal sealed class MarketplaceRateLimiters(IOptions<MarketplaceOptions> options, IEnumerable<MarketplaceProtocol> protocols) : IDisposable
{
    private readonly Dictionary<string, RateLimit> _documented = protocols.SelectMany(p => p.DocumentedLimits).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    /// <summary>The request's own bucket and account.</summary>
    public static readonly HttpRequestOptionsKey<string> Partition = new("stock.rate-limit-partition");

    /// <summary>The partition of the budget the endpoint shares with the marketplace's other methods, if any.</summary>
    public static readonly HttpRequestOptionsKey<string> SharedPartition = new("stock.rate-limit-shared-partition");

    private static readonly TimeSpan MinReplenishment = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for a permit of the request's own bucket, then of the shared budget (so that a call waiting on a slow
    /// method, analytics at one a minute, holds no permit of the shared one meanwhile).
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        RateLimitLease? lease = null;
        if (request is not null && request.Options.TryGetValue(Partition, out var partition))
        {
            lease = await For(partition).AcquireAsync(1, cancellationToken);
            if (!lease.IsAcquired)
            {
                return lease;
            }
        }

        if (request is not null && request.Options.TryGetValue(SharedPartition, out var shared))
        {
            // A token bucket's permit is spent when taken: releasing the first lease gives nothing back.
            lease?.Dispose();
            lease = await For(shared).AcquireAsync(1, cancellationToken);
        }

        return lease ?? new Granted();
    }

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
        var limit = options.Value.RateLimits.GetValueOrDefault(bucket) ?? _documented[bucket];
        // One token per interval, but never a timer faster than MinReplenishment: a 1 ms timer fires late under load
        // (a limit of 1,000 a second ran at about 250), so fast buckets get several tokens per tick instead.
        var interval = limit.Period / Math.Max(1, limit.Limit);
        var tokensPerTick = interval >= MinReplenishment ? 1 : (int)Math.Ceiling(MinReplenishment.Ticks / (double)Math.Max(interval.Ticks, 1));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = tokensPerTick,
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(interval.Ticks * tokensPerTick, TimeSpan.TicksPerMillisecond)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}

/// <summary>The lease of a request that draws from no bucket.</summary>
internal sealed class Granted : RateLimitLease
{
    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}
