using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence;

internal sealed class EfOutbox(StockDbContext db) : IOutbox
{
    private static readonly JsonSerializerOptions _json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly List<OutboxMessage> _added = [];
    private readonly Dictionary<Guid, OutboxMessageRow> _pending = [];
    private readonly Dictionary<DateTime, List<Guid>> _sent = [];

    public void Add(IReadOnlyCollection<OutboxMessage> messages) => _added.AddRange(messages);

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken)
    {
        var rows = await db.OutboxMessages
            .Where(m => m.Status == (int)OutboxStatus.Pending)
            .OrderBy(m => m.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            _pending[row.EventId] = row;
        }

        return rows.Select(Map).ToArray();
    }

    /// <summary>Stages marking a message sent: the whole batch is marked by one statement on commit, not one per row.</summary>
    public void MarkSent(Guid eventId, DateTimeOffset at)
    {
        if (!_pending.Remove(eventId))
        {
            throw new InvalidOperationException($"Outbox message {eventId} was not read as pending in this unit of work.");
        }

        var when = at.UtcDateTime;
        if (!_sent.TryGetValue(when, out var ids))
        {
            _sent[when] = ids = [];
        }

        ids.Add(eventId);
    }

    /// <summary>Marks the messages staged as sent, one statement per moment marked (a relay marks a batch at one moment).</summary>
    public async Task WriteSentAsync(CancellationToken cancellationToken)
    {
        foreach (var (at, ids) in _sent)
        {
            await db.OutboxMessages
                .Where(m => ids.Contains(m.EventId))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(m => m.Status, (int)OutboxStatus.Sent).SetProperty(m => m.ProcessedAt, at)
                        .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null),
                    cancellationToken);
        }

        _sent.Clear();
    }

    public void MarkSuppressed(Guid eventId, string reason, DateTimeOffset at) => Mark(eventId, OutboxStatus.Suppressed, at, reason);

    public async Task<IReadOnlyList<OutboxMessage>> ClaimPendingAsync(Guid relay, int max, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        var until = at + ttl;
        while (true)
        {
            var candidates = await Claimable(at).OrderBy(m => m.Id).Select(m => m.Id).Take(max).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return [];
            }

            // The conditions again: a row another relay claimed since the read is not taken from it.
            var claimed = await Claimable(at)
                .Where(m => candidates.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, relay).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
            if (claimed > 0)
            {
                break;
            }
        }

        var rows = await db.OutboxMessages
            .Where(m => m.Status == (int)OutboxStatus.Pending && m.ClaimedBy == relay)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            _pending[row.EventId] = row;
        }

        return rows.Select(Map).ToArray();
    }

    public async Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var pending = db.OutboxMessages.Where(m => m.Status == (int)OutboxStatus.Pending);
        var count = await pending.CountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTime?)null : await pending.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
        return new OutboxBacklog(count, oldest is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null);
    }

    /// <summary>Ends the claims of the rows read as claimed and left unmarked, so that the next relay takes them at once.</summary>
    public void ReleaseUnmarkedClaims()
    {
        foreach (var row in _pending.Values.Where(r => r.Status == (int)OutboxStatus.Pending && r.ClaimedBy is not null))
        {
            row.ClaimedBy = null;
            row.ClaimedUntil = null;
        }
    }

    private IQueryable<OutboxMessageRow> Claimable(DateTime at) =>
        db.OutboxMessages.Where(m => m.Status == (int)OutboxStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil < at));

    public async Task<int> PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken)
    {
        // The ids first, by a plain read, then those rows alone: a DELETE by a range scan takes InnoDB's next-key locks on
        // every row it passes, and deadlocked with relays claiming rows (RelayClaimsTests, MariaDB). At most
        // PurgeBatch rows a call: the next relay purges the rest.
        var before = processedBefore.UtcDateTime;
        var ids = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status != (int)OutboxStatus.Pending && m.ProcessedAt < before)
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(PurgeBatch)
            .ToListAsync(cancellationToken);
        return ids.Count == 0 ? 0 : await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    private const int PurgeBatch = 10_000;

    public async Task<IReadOnlyList<OutboxMessage>> SinceAsync(Guid legalEntityId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = since.UtcDateTime;
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LegalEntityId == legalEntityId && m.CreatedAt >= from)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(Map).ToArray();
    }

    public async Task<IReadOnlyList<OutboxMessage>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken)
    {
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LegalEntityId == legalEntityId)
            .OrderByDescending(m => m.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(Map).ToArray();
    }

    /// <summary>Adds the staged messages whose event ids are not in the outbox yet (one query for the whole batch).</summary>
    public async Task StageAddedAsync(CancellationToken cancellationToken)
    {
        if (_added.Count == 0)
        {
            return;
        }

        var ids = _added.Select(m => m.EventId).Distinct().ToList();
        var existing = await db.OutboxMessages.Where(m => ids.Contains(m.EventId)).Select(m => m.EventId).ToListAsync(cancellationToken);
        var seen = existing.ToHashSet();
        var dialect = db.Dialect;
        var rows = _added.Where(m => seen.Add(m.EventId)).Select(m => new
        {
            id = dialect.FormatGuid(m.EventId),
            t = m.EventType,
            k = m.DedupKey,
            le = dialect.FormatGuid(m.LegalEntityId),
            p = m.Payload,
            a = JsonSerializer.Serialize(m.Attributes),
            c = dialect.FormatDateTime(m.CreatedAt.UtcDateTime),
            s = (int)m.Status,
            pa = m.ProcessedAt is { } at ? dialect.FormatDateTime(at.UtcDateTime) : null,
            r = m.Reason,
        }).ToArray();
        foreach (var json in JsonBatches.Of(rows, _json))
        {
            await db.Database.ExecuteSqlRawAsync(dialect.InsertOutbox, [json], cancellationToken);
        }

        _added.Clear();
    }

    private void Mark(Guid eventId, OutboxStatus status, DateTimeOffset at, string? reason)
    {
        var row = _pending.GetValueOrDefault(eventId)
            ?? throw new InvalidOperationException($"Outbox message {eventId} was not read as pending in this unit of work.");
        row.Status = (int)status;
        row.ProcessedAt = at.UtcDateTime;
        row.Reason = reason is { Length: > 500 } ? reason[..500] : reason;
    }

    private static OutboxMessage Map(OutboxMessageRow row) => new(
        row.EventId,
        row.EventType,
        row.DedupKey,
        row.LegalEntityId,
        row.Payload,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.Attributes) ?? [],
        new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))
    {
        Status = (OutboxStatus)row.Status,
        ProcessedAt = row.ProcessedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
        Reason = row.Reason,
    };
}
