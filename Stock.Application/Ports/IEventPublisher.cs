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
