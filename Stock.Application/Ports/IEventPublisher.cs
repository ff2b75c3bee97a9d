namespace Stock.Application.Ports;

/// <summary>Delivers outbox messages to their topics (Pub/Sub, or a JSON-lines file by default).</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the messages and returns the event ids that the transport acknowledged. An id that is not
    /// returned was not delivered and stays pending. Throws when the transport cannot be reached at all.
    /// </summary>
    Task<IReadOnlySet<Guid>> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>The outcome of a deduplication claim.</summary>
public enum DedupOutcome
{
    /// <summary>The key was free and is now held by this event.</summary>
    Claimed = 1,

    /// <summary>The key is held by this same event (a retry after a crash): publish again, consumers dedupe on the id.</summary>
    HeldBySameEvent = 2,

    /// <summary>The key is held by another event: suppress this one.</summary>
    HeldByOther = 3,
}

/// <summary>A deduplication claim's outcome and, when held, by which event.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Holder">The event id that holds the key.</param>
public readonly record struct DedupClaim(DedupOutcome Outcome, Guid Holder);

/// <summary>Claims deduplication keys for a window (Redis <c>SET NX EX</c>, or the database).</summary>
public interface IDedupStore
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="eventId"/> for <paramref name="window"/>, unless another event holds it.</summary>
    Task<DedupClaim> ClaimAsync(string key, Guid eventId, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Claims many keys at once, each as <see cref="ClaimAsync"/> would (the keys are distinct): a relay's batch in a
    /// few round trips rather than one per event. The claims come back in the order asked.
    /// </summary>
    async Task<IReadOnlyList<DedupClaim>> ClaimManyAsync(IReadOnlyList<DedupRequest> requests, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var claims = new List<DedupClaim>(requests.Count);
        foreach (var request in requests)
        {
            claims.Add(await ClaimAsync(request.Key, request.EventId, window, cancellationToken));
        }

        return claims;
    }
}

/// <summary>A deduplication key to claim for an event.</summary>
/// <param name="Key">The deduplication key.</param>
/// <param name="EventId">The event that claims it.</param>
public sealed record DedupRequest(string Key, Guid EventId);

/// <summary>An exclusive lease with a short time to live, renewed while its work runs; dispose it to release.</summary>
/// <remarks>Disposing releases it and never throws: a lease that cannot be released (its store is down) expires by itself.</remarks>
public interface ILease : IAsyncDisposable
{
    /// <summary>The name leased.</summary>
    string Name { get; }

    /// <summary>Extends the lease to <paramref name="ttl"/> from now while it is still this holder's; false when it is not any more.</summary>
    Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken);
}

/// <summary>Who holds a lease, and until when unless renewed.</summary>
/// <param name="Holder">The holder's description: host, process and what it runs.</param>
/// <param name="Until">When the lease expires unless its holder renews it.</param>
public sealed record LeaseHolder(string Holder, DateTimeOffset Until);

/// <summary>Exclusive, expiring leases by name (Redis, or the database), so that a crashed holder blocks only until its lease expires.</summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease named <paramref name="name"/> for <paramref name="ttl"/> in the name of <paramref name="holder"/>,
    /// or returns null when someone else holds it.
    /// </summary>
    Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Who holds the lease named <paramref name="name"/> now, or null when nobody does.</summary>
    Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken);
}
