using System.Security.Cryptography;
using System.Text;

namespace Stock.Simulation;

/// <summary>A documented rate limit: <see cref="Limit"/> requests per <see cref="Period"/>, <see cref="Burst"/> at once.</summary>
/// <param name="Limit">Requests per period.</param>
/// <param name="Period">The period.</param>
/// <param name="Burst">Requests allowed at once (the bucket's size).</param>
/// <param name="Published">False for a limit the marketplace does not publish, kept because other clients report
/// 429s past it (Ozon's <c>/v1/analytics/stocks</c>): the benchmark shows the time it forces apart.</param>
public sealed record SimulatedLimit(int Limit, TimeSpan Period, int Burst, bool Published = true)
{
    /// <summary>The time between two requests once the burst is spent.</summary>
    public TimeSpan Interval => Period / Limit;

    /// <summary>The least time these limits force on <paramref name="requests"/> requests: those past the burst, one interval each.</summary>
    public TimeSpan Forced(long requests) => Interval * Math.Max(0, requests - Burst);
}

/// <summary>
/// The marketplaces' documented limits as the simulated marketplaces enforce them when asked: a token bucket per bucket
/// and account (WB token, Ozon Client-Id), on the simulation's clock. A request past its limit gets the marketplace's own
/// 429 (WB: <c>X-Ratelimit-Retry</c>; Ozon: <c>Retry-After</c> and code 8).
/// </summary>
internal sealed class SimulatedLimits(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = [];

    /// <summary>The buckets of a request: its method's, and Ozon's shared budget; empty for a path no limit covers.</summary>
    public static IReadOnlyList<string> BucketsOf(string host, string path) => (host, path) switch
    {
        ("wb-content", _) => ["wb.cards"],
        ("wb-analytics", _) => ["wb.fbo"],
        ("wb-marketplace", _) => ["wb.marketplace"],
        ("wb-statistics", _) => ["wb.orders"],
        ("wb-supplies", _) => ["wb.supplies"],
        ("ozon", "/v3/product/list" or "/v3/product/info/list") => ["ozon.products", "ozon"],
        ("ozon", "/v1/analytics/stocks") => ["ozon.fbo", "ozon"],
        ("ozon", "/v4/product/info/stocks") => ["ozon.fbs", "ozon"],
        ("ozon", "/v1/analytics/data") => ["ozon.analytics", "ozon"],
        ("ozon", "/v3/posting/fbo/list" or "/v4/posting/fbs/list") => ["ozon.postings", "ozon"],
        _ => [],
    };

    /// <summary>An account id that reveals nothing of the key.</summary>
    public static string AccountOf(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Client-Id", out var client) ? client
        : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(headers.GetValueOrDefault("Authorization") ?? string.Empty)).AsSpan(0, 8));

    /// <summary>Takes a token of every bucket of the request, or none and says how long to wait for them.</summary>
    public TimeSpan? TryTake(IReadOnlyList<string> buckets, string account)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var wait = TimeSpan.Zero;
            var filled = new List<(string Key, double Tokens)>();
            foreach (var bucket in buckets)
            {
                var limit = SimulatedMarketplaces.DocumentedLimits[bucket];
                var key = bucket + "|" + account;
                var (tokens, at) = _buckets.TryGetValue(key, out var state) ? state : (limit.Burst, now);
                tokens = Math.Min(limit.Burst, tokens + ((now - at) / limit.Interval));
                filled.Add((key, tokens));
                // A tenth of an interval of slack, as real gateways allow: a client's timer and the network jitter a little.
                if (tokens < 0.9)
                {
                    var missing = limit.Interval * (1 - tokens);
                    wait = missing > wait ? missing : wait;
                }
            }

            foreach (var (key, tokens) in filled)
            {
                _buckets[key] = (wait > TimeSpan.Zero ? tokens : Math.Max(0, tokens - 1), now);
            }

            return wait > TimeSpan.Zero ? wait : null;
        }
    }
}
