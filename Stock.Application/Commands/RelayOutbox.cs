using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Application.Commands;

/// <summary>Publish pending outbox messages, oldest first, until none is left (or <see cref="MaxMessages"/> were handled).</summary>
/// <param name="MaxMessages">The most messages this relay handles; unbounded by default.</param>
public sealed record RelayOutbox(int MaxMessages = int.MaxValue) : ICommand<RelayReport>;

/// <summary>What a relay did.</summary>
/// <param name="Published">Messages published and marked sent.</param>
/// <param name="Suppressed">Messages marked suppressed: another event held their deduplication key.</param>
/// <param name="Error">Why the relay stopped early (the rest stays pending), or null.</param>
public sealed record RelayReport(int Published, int Suppressed, string? Error)
{
    /// <summary>Messages left pending when the relay stopped on an error (they wait for the next relay); 0 otherwise; -1 when unknown.</summary>
    public int Pending { get; init; }

    /// <summary>Sent and suppressed messages older than the retention that this relay deleted.</summary>
    public int Purged { get; init; }

    /// <summary>A relay that failed before it could do anything.</summary>
    public static RelayReport Failed(string error) => new(0, 0, error);

    /// <summary>Whether the relay ended without an error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>What a failed relay left behind and why, in one line, as every host says it (docs/contracts.md, Delivery).</summary>
    public string PendingLine => Pending switch
    {
        < 0 => $"events wait in the outbox for the next relay: {Error}",
        1 => $"1 event waits in the outbox for the next relay: {Error}",
        var n => $"{n} events wait in the outbox for the next relay: {Error}",
    };
}

/// <summary>
/// The relay (docs/contracts.md, Delivery). Relays claim rows instead of taking one lock: each claims a page of pending
/// rows that nobody else holds (a claim lives <see cref="StockOptions.LeaseTtl"/>, so a crashed relay's rows are taken
/// by the next one), claims each deduplication key, publishes the claimed ones, and marks sent only what the transport
/// acknowledged; rows it could not publish are released at once. Any number of relays may run at once; none publishes
/// a row another one holds, and each runs until no pending row is left, whoever's check raised it. A key held by
/// another event marks the message suppressed with the reason. A failure stops the relay and leaves the rest pending.
/// </summary>
internal sealed partial class RelayOutboxHandler(
    IUnitOfWorkFactory units,
    IDedupStore dedup,
    IEventPublisher publisher,
    TimeProvider time,
    StockMetrics metrics,
    IOptions<StockOptions> options,
    ILogger<RelayOutboxHandler> logger) : ICommandHandler<RelayOutbox, RelayReport>
{
    public async Task<RelayReport> HandleAsync(RelayOutbox command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var relay = Guid.NewGuid();
        using var activity = StockTelemetry.Activities.StartActivity("relay");
        var (published, suppressed) = (0, 0);
        while (published + suppressed < command.MaxMessages)
        {
            var page = Math.Min(settings.RelayBatchSize, command.MaxMessages - published - suppressed);
            var (sent, held, error, claimed) = await RelayPageAsync(relay, page, settings, cancellationToken);
            published += sent;
            suppressed += held;
            if (error is not null)
            {
                var pending = await ObserveBacklogAsync(cancellationToken);
                LogFailed(error, published, suppressed, pending);
                activity?.SetTag("stock.outcome", "failed");
                return new RelayReport(published, suppressed, error) { Pending = pending };
            }

            if (claimed == 0)
            {
                break;
            }
        }

        var purged = await PurgeAsync(settings.OutboxRetentionDays, cancellationToken);
        await ObserveBacklogAsync(cancellationToken);
        LogRelayed(published, suppressed, purged);
        return new RelayReport(published, suppressed, null) { Purged = purged };
    }

    /// <summary>How many rows are pending now (-1 when the database cannot say); also what the outbox gauges report.</summary>
    private async Task<int> ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            var backlog = await unit.Outbox.BacklogAsync(cancellationToken);
            metrics.OutboxSeen(backlog.Pending, backlog.OldestCreatedAt is { } oldest ? time.GetUtcNow() - oldest : TimeSpan.Zero);
            return backlog.Pending;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
    }

    // Housekeeping after the relay's work is done: a purge that fails (a deadlock with another relay, an outage) fails
    // nothing that was relayed, and the next relay purges.
    private async Task<int> PurgeAsync(int retentionDays, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            return await unit.Outbox.PurgeAsync(time.GetUtcNow().AddDays(-retentionDays), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPurgeFailed(ErrorText.Of(ex));
            return 0;
        }
    }

    private async Task<(int Sent, int Suppressed, string? Error, int Claimed)> RelayPageAsync(Guid relay, int size, StockOptions settings, CancellationToken cancellationToken)
    {
        IUnitOfWork unit;
        IReadOnlyList<OutboxMessage> claimed;
        try
        {
            unit = units.Begin();
            claimed = await unit.Outbox.ClaimPendingAsync(relay, size, time.GetUtcNow(), settings.LeaseTtl, cancellationToken);
        }
        catch (ServiceUnavailableException ex)
        {
            return (0, 0, ErrorText.Of(ex), 0);
        }

        await using var _ = unit;
        var toPublish = new List<OutboxMessage>(claimed.Count);
        var suppressed = 0;
        string? error = null;
        try
        {
            // One claim per distinct key, all at once; a later event of a key already decided in this batch is
            // decided by that claim (the first event of the key holds it).
            var first = claimed.GroupBy(m => m.DedupKey, StringComparer.Ordinal).Select(g => g.First()).ToList();
            var claims = await dedup.ClaimManyAsync([.. first.Select(m => new DedupRequest(m.DedupKey, m.EventId))], settings.Rules.DedupWindow, cancellationToken);
            var holders = first.Zip(claims).ToDictionary(c => c.First.DedupKey, c => c.Second.Holder, StringComparer.Ordinal);
            foreach (var message in claimed)
            {
                var holder = holders[message.DedupKey];
                if (holder != message.EventId)
                {
                    unit.Outbox.MarkSuppressed(message.EventId, $"Deduplicated: key {message.DedupKey} is held by event {holder:D}.", time.GetUtcNow());
                    metrics.Published(message.EventType, "suppressed");
                    suppressed++;
                }
                else
                {
                    toPublish.Add(message);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = ex is ServiceUnavailableException ? ErrorText.Of(ex) : $"Deduplication store failed: {ErrorText.Of(ex)}";
        }

        var sent = 0;
        if (error is null && toPublish.Count > 0)
        {
            try
            {
                var published = await publisher.PublishAsync(toPublish, cancellationToken);
                var acknowledged = published.Acknowledged;
                var sentAt = time.GetUtcNow(); // one moment for the batch: one statement marks it
                foreach (var message in toPublish.Where(m => acknowledged.Contains(m.EventId)))
                {
                    unit.Outbox.MarkSent(message.EventId, sentAt);
                    metrics.Published(message.EventType, "published");
                    sent++;
                }

                if (sent < toPublish.Count)
                {
                    error = $"{toPublish.Count - sent} of {toPublish.Count} messages were not acknowledged; they stay pending: {published.Failure ?? "the transport did not say why"}";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = ex is ServiceUnavailableException ? ErrorText.Of(ex) : $"Publishing failed: {ErrorText.Of(ex)}";
            }
        }

        // What was decided is kept even when the page stopped early; the claims of the rest are released on commit.
        await unit.CommitAsync(cancellationToken);
        return (sent, suppressed, error, claimed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: {Published} published, {Suppressed} suppressed, {Purged} old messages deleted")]
    private partial void LogRelayed(int published, int suppressed, int purged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay stopped: {Error} ({Published} published, {Suppressed} suppressed before that; {Pending} pending)")]
    private partial void LogFailed(string error, int published, int suppressed, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: old messages could not be deleted ({Error}); the next relay deletes them")]
    private partial void LogPurgeFailed(string error);
}
