using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Application.Commands;

/// <summary>Publish pending outbox messages, oldest first, at most <see cref="MaxMessages"/> of them.</summary>
/// <param name="MaxMessages">The most messages this relay handles.</param>
public sealed record RelayOutbox(int MaxMessages = 10_000) : ICommand<RelayReport>;

/// <summary>What a relay did.</summary>
/// <param name="Published">Messages published and marked sent.</param>
/// <param name="Suppressed">Messages marked suppressed: another event held their deduplication key.</param>
/// <param name="Error">Why the relay stopped early (the rest stays pending), or null.</param>
/// <param name="Skipped">Whether another relay was running, so this one did nothing.</param>
public sealed record RelayReport(int Published, int Suppressed, string? Error, bool Skipped = false)
{
    /// <summary>Messages left pending when the relay stopped on an error (they wait for the next relay); 0 otherwise.</summary>
    public int Pending { get; init; }

    /// <summary>Sent and suppressed messages older than the retention that this relay deleted.</summary>
    public int Purged { get; init; }

    /// <summary>A relay that failed before it could do anything.</summary>
    public static RelayReport Failed(string error) => new(0, 0, error);

    /// <summary>Whether the relay ended without an error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// The relay of CONTRACTS.md section 2: under a lease (so that two relays never publish the same rows), read pending
/// messages in order, claim each deduplication key, publish the claimed ones, and mark sent only what the transport
/// acknowledged. A key held by another event marks the message suppressed with the reason. A failure stops the relay
/// and leaves the rest pending for the next one: nothing is lost.
/// </summary>
internal sealed partial class RelayOutboxHandler(
    IUnitOfWorkFactory units,
    ILeaseStore leases,
    IDedupStore dedup,
    IEventPublisher publisher,
    TimeProvider time,
    IOptions<StockOptions> options,
    ILogger<RelayOutboxHandler> logger) : ICommandHandler<RelayOutbox, RelayReport>
{
    internal const string LeaseName = "outbox-relay";

    public async Task<RelayReport> HandleAsync(RelayOutbox command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ILease? lease;
        try
        {
            lease = await leases.TryAcquireAsync(LeaseName, settings.RelayLeaseDuration, cancellationToken);
        }
        catch (ServiceUnavailableException ex)
        {
            var pending = await CountPendingAsync(cancellationToken);
            LogFailed(ex.Message, 0, 0, pending);
            return new RelayReport(0, 0, ErrorText.OneLine(ex.Message)) { Pending = pending };
        }

        await using var relayLease = lease;
        if (lease is null)
        {
            LogSkipped();
            return new RelayReport(0, 0, null, Skipped: true);
        }

        var (published, suppressed) = (0, 0);
        while (published + suppressed < command.MaxMessages)
        {
            var page = Math.Min(settings.RelayBatchSize, command.MaxMessages - published - suppressed);
            var (sent, held, error, more) = await RelayPageAsync(page, settings.Rules.DedupWindow, cancellationToken);
            published += sent;
            suppressed += held;
            if (error is not null)
            {
                var pending = await CountPendingAsync(cancellationToken);
                LogFailed(error, published, suppressed, pending);
                return new RelayReport(published, suppressed, error) { Pending = pending };
            }

            if (!more)
            {
                break;
            }
        }

        var purged = await PurgeAsync(settings.OutboxRetentionDays, cancellationToken);
        LogRelayed(published, suppressed, purged);
        return new RelayReport(published, suppressed, null) { Purged = purged };
    }

    private async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = units.Begin();
            return await unit.Outbox.CountPendingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
    }

    private async Task<int> PurgeAsync(int retentionDays, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        return await unit.Outbox.PurgeAsync(time.GetUtcNow().AddDays(-retentionDays), cancellationToken);
    }

    private async Task<(int Sent, int Suppressed, string? Error, bool More)> RelayPageAsync(int size, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        var pending = await unit.Outbox.PendingAsync(size, cancellationToken);
        var toPublish = new List<OutboxMessage>(pending.Count);
        var suppressed = 0;
        string? error = null;
        try
        {
            foreach (var message in pending)
            {
                var claim = await dedup.ClaimAsync(message.DedupKey, message.EventId, window, cancellationToken);
                if (claim.Outcome == DedupOutcome.HeldByOther)
                {
                    unit.Outbox.MarkSuppressed(message.EventId, $"Deduplicated: key {message.DedupKey} is held by event {claim.Holder:D}.", time.GetUtcNow());
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
            error = ex is ServiceUnavailableException ? ErrorText.OneLine(ex.Message) : $"Deduplication store failed: {ErrorText.OneLine(ex.Message)}";
        }

        var sent = 0;
        if (error is null && toPublish.Count > 0)
        {
            try
            {
                var acknowledged = await publisher.PublishAsync(toPublish, cancellationToken);
                foreach (var message in toPublish.Where(m => acknowledged.Contains(m.EventId)))
                {
                    unit.Outbox.MarkSent(message.EventId, time.GetUtcNow());
                    sent++;
                }

                if (sent < toPublish.Count)
                {
                    error = $"{toPublish.Count - sent} of {toPublish.Count} messages were not acknowledged; they stay pending.";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = ex is ServiceUnavailableException ? ErrorText.OneLine(ex.Message) : $"Publishing failed: {ErrorText.OneLine(ex.Message)}";
            }
        }

        // What was decided is kept even when the page stopped early; the rest stays pending.
        await unit.CommitAsync(cancellationToken);
        return (sent, suppressed, error, pending.Count == size);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: another relay is running; skipped")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: {Published} published, {Suppressed} suppressed, {Purged} old messages deleted")]
    private partial void LogRelayed(int published, int suppressed, int purged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay stopped: {Error} ({Published} published, {Suppressed} suppressed before that; {Pending} pending)")]
    private partial void LogFailed(string error, int published, int suppressed, int pending);
}
