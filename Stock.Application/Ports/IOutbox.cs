namespace Stock.Application.Ports;

/// <summary>Where an outbox message stands.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be published.</summary>
    Pending = 0,

    /// <summary>Published and acknowledged.</summary>
    Sent = 1,

    /// <summary>Not published: another event held its deduplication key (the reason says which).</summary>
    Suppressed = 2,
}

/// <summary>An integration event waiting in the outbox: the wire payload of docs/events.md and its attributes.</summary>
/// <param name="EventId">The deterministic event id; unique in the outbox.</param>
/// <param name="EventType">An alert type of <see cref="Alerts.AlertCatalogue"/>, or a health event's type; picks the topic.</param>
/// <param name="DedupKey">The deduplication key (type, legal entity, marketplace, sku, band or direction).</param>
/// <param name="LegalEntityId">The legal entity the event is about.</param>
/// <param name="Payload">The UTF-8 JSON <c>data</c> of the message, exactly as consumers parse it.</param>
/// <param name="Attributes">The message attributes.</param>
/// <param name="CreatedAt">When the event was raised.</param>
public sealed record OutboxMessage(
    Guid EventId,
    string EventType,
    string DedupKey,
    Guid LegalEntityId,
    string Payload,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset CreatedAt)
{
    /// <summary>Where the message stands.</summary>
    public OutboxStatus Status { get; init; }

    /// <summary>When it was sent or suppressed.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>Why it was suppressed.</summary>
    public string? Reason { get; init; }
}

/// <summary>The pending part of the outbox.</summary>
/// <param name="Pending">Messages waiting to be published.</param>
/// <param name="OldestCreatedAt">When the oldest of them was raised; null when none waits.</param>
public sealed record OutboxBacklog(int Pending, DateTimeOffset? OldestCreatedAt);

/// <summary>The outbox: events are added in the same transaction as the state that raised them, and relayed later.</summary>
public interface IOutbox
{
    /// <summary>Stages adding messages; a message whose event id is already in the outbox is ignored (it is the same event).</summary>
    void Add(IReadOnlyCollection<OutboxMessage> messages);

    /// <summary>Up to <paramref name="max"/> pending messages, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Stages marking a message sent.</summary>
    void MarkSent(Guid eventId, DateTimeOffset at);

    /// <summary>Stages marking a message suppressed, with the reason.</summary>
    void MarkSuppressed(Guid eventId, string reason, DateTimeOffset at);

    /// <summary>
    /// Claims at once (not staged) up to <paramref name="max"/> pending messages, oldest first, that no other relay holds
    /// (or whose claim expired), for <paramref name="ttl"/> from <paramref name="now"/>, and reads them. Marking one
    /// ends its claim; the commit releases the claims of those left unmarked.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimPendingAsync(Guid relay, int max, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>How many messages are pending, and when the oldest of them was raised.</summary>
    Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken);

    /// <summary>Deletes at once (not staged) the sent and suppressed messages processed before <paramref name="processedBefore"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken);

    /// <summary>Messages of a legal entity raised since <paramref name="since"/>, oldest first (for reports).</summary>
    Task<IReadOnlyList<OutboxMessage>> SinceAsync(Guid legalEntityId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Messages of a legal entity, newest first (for reports).</summary>
    Task<IReadOnlyList<OutboxMessage>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken);
}
