using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stock.Application.Ports;

namespace Stock.Infrastructure.Redis;

/// <summary>One multiplexer for the process, connected on first use and reconnecting by itself after an outage.</summary>
internal sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public string Prefix => options.Value.KeyPrefix;

    /// <summary>
    /// Runs one Redis operation; a Redis that does not answer becomes a <see cref="ServiceUnavailableException"/>
    /// naming Redis and its address (never its password), in one line.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(await DatabaseAsync());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var reason = ex.Message.Split([";", ": ", "\n", " - "], 2, StringSplitOptions.None)[0].Trim().TrimEnd('.');
            throw new ServiceUnavailableException("Redis", $"Redis at {Address} does not answer: {reason}.", ex);
        }
    }

    private string Address => string.Join(",", ConfigurationOptions.Parse(options.Value.Configuration).EndPoints.Select(e => e switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => e.ToString(),
    }));

    public async Task<IDatabase> DatabaseAsync()
    {
        if (_multiplexer is null)
        {
            await _gate.WaitAsync();
            try
            {
                if (_multiplexer is null)
                {
                    var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
                    configuration.AbortOnConnectFail = false;
                    configuration.ConnectTimeout = 3000;
                    configuration.SyncTimeout = 3000;
                    configuration.AsyncTimeout = 3000;
                    _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        return _multiplexer.GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>
/// The deduplication claim (docs/contracts.md, Delivery): <c>SET stock:dedup:&lt;key&gt; &lt;event_id&gt; NX EX &lt;window&gt;</c>. A key held by the
/// same event id is a retry after a crash (publish again); held by another id, the event is suppressed.
/// </summary>
internal sealed class RedisDedupStore(RedisConnection redis) : IDedupStore
{
    public async Task<DedupClaim> ClaimAsync(string key, Guid eventId, TimeSpan window, CancellationToken cancellationToken)
    {
        var redisKey = Key(key);
        var id = eventId.ToString("D");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await redis.RunAsync(db => db.StringSetAsync(redisKey, id, window, When.NotExists)))
            {
                return new DedupClaim(DedupOutcome.Claimed, eventId);
            }

            var holder = await redis.RunAsync(db => db.StringGetAsync(redisKey));
            if (holder.HasValue && Guid.TryParse(holder.ToString(), out var held))
            {
                return new DedupClaim(held == eventId ? DedupOutcome.HeldBySameEvent : DedupOutcome.HeldByOther, held);
            }

            // Expired between the two calls: claim again.
        }

        throw new InvalidOperationException($"Could not claim deduplication key {key}: it kept changing hands.");
    }

    /// <summary>Every <c>SET NX</c> of the batch in flight at once (pipelined), then <see cref="ClaimAsync"/> for the keys already held.</summary>
    public async Task<IReadOnlyList<DedupClaim>> ClaimManyAsync(IReadOnlyList<DedupRequest> requests, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        var set = await redis.RunAsync(db => Task.WhenAll(requests.Select(r =>
            db.StringSetAsync(Key(r.Key), r.EventId.ToString("D"), window, When.NotExists))));
        var claims = new List<DedupClaim>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            claims.Add(set[i] ? new DedupClaim(DedupOutcome.Claimed, requests[i].EventId) : await ClaimAsync(requests[i].Key, requests[i].EventId, window, cancellationToken));
        }

        return claims;
    }

    private RedisKey Key(string key) => new(redis.Prefix + "dedup:" + key);
}

/// <summary>
/// Leases as <c>SET stock:lease:&lt;name&gt; &lt;token&gt;|&lt;holder&gt; NX PX &lt;ttl&gt;</c>, renewed (<c>PEXPIRE</c>) and released
/// (<c>DEL</c>) by scripts only while still the holder.
/// </summary>
internal sealed class RedisLeaseStore(RedisConnection redis, TimeProvider time) : ILeaseStore
{
    private const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private const string Renew = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    public async Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = Key(name);
        var value = $"{Guid.NewGuid():N}|{holder}";
        return await redis.RunAsync(db => db.StringSetAsync(key, value, ttl, When.NotExists)) ? new Lease(redis, key, name, value) : null;
    }

    public async Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = Key(name);
        var value = await redis.RunAsync(db => db.StringGetAsync(key));
        var ttl = await redis.RunAsync(db => db.KeyTimeToLiveAsync(key));
        return value.HasValue && ttl is { } left
            ? new LeaseHolder(value.ToString().Split('|', 2).ElementAtOrDefault(1) ?? "another process", time.GetUtcNow() + left)
            : null;
    }

    private RedisKey Key(string name) => new(redis.Prefix + "lease:" + name);

    private sealed class Lease(RedisConnection redis, RedisKey key, string name, string value) : ILease
    {
        public string Name => name;

        public async Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var renewed = await redis.RunAsync(db => db.ScriptEvaluateAsync(Renew, [key], [value, (long)ttl.TotalMilliseconds]));
            return (long)renewed == 1;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await redis.RunAsync(db => db.ScriptEvaluateAsync(Release, [key], [value]));
            }
            catch (ServiceUnavailableException)
            {
                // Redis is down: the lease expires by itself.
            }
        }
    }
}
