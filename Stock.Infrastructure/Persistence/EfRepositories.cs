using Stock.Application.Commands;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence.Rows;
using Stock.Infrastructure.Secrets;

namespace Stock.Infrastructure.Persistence;

/// <summary>Legal entities and their keys; a key is encrypted on its way into <c>api_keys.secret</c> and decrypted on its way out.</summary>
internal sealed class EfLegalEntityRepository(StockDbContext db, TimeProvider time, KeyCipher cipher) : ILegalEntityRepository
{
    public async Task<LegalEntity?> FindByNameAsync(LegalEntityName name, CancellationToken cancellationToken)
    {
        var row = await db.LegalEntities.AsNoTracking().Include(e => e.Keys).FirstOrDefaultAsync(e => e.Name == name.Value, cancellationToken);
        return row is null ? null : Map(row);
    }

    public async Task<IReadOnlyList<LegalEntity>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.LegalEntities.AsNoTracking().Include(e => e.Keys).ToListAsync(cancellationToken);
        return rows.Select(Map).OrderBy(e => e.Name.Value, StringComparer.Ordinal).ToArray();
    }

    public async Task<LegalEntity> SetKeyAsync(LegalEntityName name, MarketplaceKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = db.LegalEntities.Local.FirstOrDefault(e => e.Name == name.Value)
            ?? await db.LegalEntities.Include(e => e.Keys).FirstOrDefaultAsync(e => e.Name == name.Value, cancellationToken);
        if (row is null)
        {
            row = new LegalEntityRow { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = name.Value, CreatedAt = now };
            db.LegalEntities.Add(row);
        }

        var marketplace = key.Marketplace.ToWire();
        var keyRow = row.Keys.FirstOrDefault(k => k.Marketplace == marketplace);
        if (keyRow is null)
        {
            keyRow = new ApiKeyRow { LegalEntityId = row.Id, Marketplace = marketplace };
            row.Keys.Add(keyRow);
        }

        keyRow.ClientId = key.ClientId;
        keyRow.Secret = cipher.Encrypt(key.Secret, RowOf(keyRow));
        keyRow.UpdatedAt = now;
        return Map(row);
    }

    public async Task MarkSalesSyncedAsync(Guid legalEntityId, Marketplace marketplace, DateOnly through, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp, cancellationToken);
        if (key is not null)
        {
            key.SalesSyncedThrough = through;
        }
    }

    public async Task RecordCheckAsync(Guid legalEntityId, Marketplace marketplace, DateTimeOffset at, string? failure, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var key = db.ApiKeys.Local.FirstOrDefault(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp)
            ?? await db.ApiKeys.FirstOrDefaultAsync(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp, cancellationToken);
        if (key is null)
        {
            return;
        }

        if (failure is null)
        {
            key.LastSuccessAt = at.UtcDateTime;
        }
        else
        {
            key.LastFailureAt = at.UtcDateTime;
            key.LastFailure = failure.Length > 500 ? failure[..500] : failure;
        }
    }

    public async Task<int> RewriteKeysAsync(CancellationToken cancellationToken)
    {
        var rows = await db.ApiKeys.ToListAsync(cancellationToken);
        var rewritten = 0;
        foreach (var row in rows.Where(r => !r.Secret.StartsWith($"enc:v1:{cipher.CurrentKeyId}:", StringComparison.Ordinal)))
        {
            row.Secret = cipher.Encrypt(cipher.Decrypt(row.Secret, RowOf(row)), RowOf(row));
            rewritten++;
        }

        return rewritten;
    }

    /// <summary>The associated data that binds a ciphertext to its row.</summary>
    private static string RowOf(ApiKeyRow row) => $"legal entity {row.LegalEntityId:D} {row.Marketplace}";

    private LegalEntity Map(LegalEntityRow row) => new(
        row.Id,
        LegalEntityName.From(row.Name),
        row.Keys.OrderBy(k => k.Marketplace, StringComparer.Ordinal).Select(k => new MarketplaceAccount(Key(k), k.SalesSyncedThrough)
        {
            LastSuccessAt = Utc(k.LastSuccessAt),
            LastFailureAt = Utc(k.LastFailureAt),
            LastFailure = k.LastFailure,
        }).ToArray());

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

    private MarketplaceKey Key(ApiKeyRow row) => MarketplaceNames.Parse(row.Marketplace) switch
    {
        Marketplace.Ozon => MarketplaceKey.Ozon(row.ClientId ?? string.Empty, cipher.Decrypt(row.Secret, RowOf(row))),
        Marketplace.Wildberries => MarketplaceKey.Wildberries(cipher.Decrypt(row.Secret, RowOf(row))),
        var other => throw new InvalidOperationException($"No key shape is known for marketplace {other}; the stored key is left as it is."),
    };
}

internal sealed class EfOutbox(StockDbContext db) : IOutbox
{
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

    public Task<int> PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken)
    {
        var before = processedBefore.UtcDateTime;
        return db.OutboxMessages
            .Where(m => m.Status != (int)OutboxStatus.Pending && m.ProcessedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
    }

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
        foreach (var message in _added.Where(m => seen.Add(m.EventId)))
        {
            db.OutboxMessages.Add(new OutboxMessageRow
            {
                EventId = message.EventId,
                EventType = message.EventType,
                DedupKey = message.DedupKey,
                LegalEntityId = message.LegalEntityId,
                Payload = message.Payload,
                Attributes = JsonSerializer.Serialize(message.Attributes),
                CreatedAt = message.CreatedAt.UtcDateTime,
                Status = (int)message.Status,
                ProcessedAt = message.ProcessedAt?.UtcDateTime,
                Reason = message.Reason,
            });
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

internal sealed class EfCheckRunRepository(StockDbContext db) : ICheckRunRepository
{
    public void Add(CheckRun run) => db.CheckRuns.Add(Map(run));

    public void Update(CheckRun run)
    {
        var tracked = db.CheckRuns.Local.FirstOrDefault(r => r.Id == run.Id);
        if (tracked is not null)
        {
            db.Entry(tracked).CurrentValues.SetValues(Map(run));
        }
        else
        {
            db.CheckRuns.Update(Map(run));
        }
    }

    public Task<int> AbandonRunningAsync(Guid legalEntityId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var running = nameof(CheckOutcome.Running);
        var abandoned = nameof(CheckOutcome.Abandoned);
        var finished = at.UtcDateTime;
        return db.CheckRuns
            .Where(r => r.LegalEntityId == legalEntityId && r.Outcome == running)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Outcome, abandoned).SetProperty(r => r.FinishedAt, finished), cancellationToken);
    }

    public async Task<IReadOnlyList<CheckRun>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken)
    {
        var rows = await db.CheckRuns.AsNoTracking()
            .Where(r => r.LegalEntityId == legalEntityId)
            .OrderByDescending(r => r.StartedAt)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(Map).ToArray();
    }

    private static CheckRunRow Map(CheckRun run) => new()
    {
        Id = run.Id,
        LegalEntityId = run.LegalEntityId,
        BusinessDate = run.BusinessDate,
        StartedAt = run.StartedAt.UtcDateTime,
        FinishedAt = run.FinishedAt?.UtcDateTime,
        Outcome = run.Outcome.ToString(),
        Marketplaces = JsonSerializer.Serialize(run.Marketplaces.ToDictionary(m => m.Key.ToWire(), m => m.Value)),
        Products = run.Products,
        Events = JsonSerializer.Serialize(run.Events.ByType.ToDictionary(c => c.Key.Name, c => c.Value)),
    };

    private static CheckRun Map(CheckRunRow row) => new()
    {
        Id = row.Id,
        LegalEntityId = row.LegalEntityId,
        BusinessDate = row.BusinessDate,
        StartedAt = new DateTimeOffset(row.StartedAt, TimeSpan.Zero),
        FinishedAt = row.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
        Outcome = Enum.Parse<CheckOutcome>(row.Outcome),
        Marketplaces = (JsonSerializer.Deserialize<Dictionary<string, string>>(row.Marketplaces) ?? [])
            .ToDictionary(m => MarketplaceNames.Parse(m.Key), m => m.Value),
        Products = row.Products,
        Events = EventCounts.From(JsonSerializer.Deserialize<Dictionary<string, int>>(row.Events) ?? []),
    };
}
