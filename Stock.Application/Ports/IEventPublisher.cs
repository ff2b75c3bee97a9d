namespace Stock.Application.Ports;

/// <summary>Delivers outbox messages to their topics (Pub/Sub, or a JSON-lines file by default).</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the messages and returns the event ids that the transport acknowledged, and why it did not take the
    /// others. An id that is not acknowledged was not delivered and stays pending. Throws when the transport cannot be
    /// reached at all.
    /// </summary>
    Task<PublishResult> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>What a transport took.</summary>
/// <param name="Acknowledged">The event ids it acknowledged.</param>
/// <param name="Failure">Why it did not take the others (the first failure, one line, no secret); null when it took them all.</param>
public sealed record PublishResult(IReadOnlySet<Guid> Acknowledged, string? Failure = null);
