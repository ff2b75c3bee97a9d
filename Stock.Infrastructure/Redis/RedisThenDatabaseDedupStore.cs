using Stock.Application.Ports;

namespace Stock.Infrastructure.Redis;

/// <summary>
/// Deduplication with Redis as the fast path and the database as the memory (docs/contracts.md, Delivery; D49): a key
/// Redis holds is decided there; a key Redis calls free is claimed in the database too, which answers for an event
/// delivered within the window that Redis no longer knows (Memorystore Basic restarts empty on maintenance). A Redis
/// that lost its data costs a lookup, never a duplicate.
/// </summary>
internal sealed class RedisThenDatabaseDedupStore(IDedupStore redis, IDedupStore database) : IDedupStore
{
    public async Task<DedupClaim> ClaimAsync(string key, Guid eventId, TimeSpan window, CancellationToken cancellationToken) =>
        (await ClaimManyAsync([new DedupRequest(key, eventId)], window, cancellationToken))[0];

    public async Task<IReadOnlyList<DedupClaim>> ClaimManyAsync(IReadOnlyList<DedupRequest> requests, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var claims = (await redis.ClaimManyAsync(requests, window, cancellationToken)).ToArray();
        var fresh = Enumerable.Range(0, claims.Length).Where(i => claims[i].Outcome == DedupOutcome.Claimed).ToArray();
        if (fresh.Length == 0)
        {
            return claims;
        }

        var remembered = await database.ClaimManyAsync([.. fresh.Select(i => requests[i])], window, cancellationToken);
        for (var n = 0; n < fresh.Length; n++)
        {
            if (remembered[n].Outcome == DedupOutcome.HeldByOther)
            {
                claims[fresh[n]] = remembered[n];
            }
        }

        return claims;
    }
}
