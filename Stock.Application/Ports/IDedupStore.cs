namespace Stock.Application.Ports;

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
