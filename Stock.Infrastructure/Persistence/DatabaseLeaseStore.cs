using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Leases in the <c>leases</c> table: taken by inserting the name, or by taking over a row whose lease expired or whose
/// holder was a process of this machine that is gone (a conditional update, so two takers never both win); renewed and
/// released only by their holder.
/// </summary>
internal sealed class DatabaseLeaseStore(StockDbContextFactory contexts, TimeProvider time) : ILeaseStore
{
    public async Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + ttl;
        var holderName = holder.Length > 300 ? holder[..300] : holder;
        await using var db = contexts.Create();

        var takenOver = await db.Leases
            .Where(l => l.Name == name && l.ExpiresAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, token).SetProperty(l => l.HolderName, holderName).SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        if (takenOver == 1)
        {
            return new Lease(contexts, time, name, token);
        }

        db.Leases.Add(new LeaseRow { Name = name, Holder = token, HolderName = holderName, ExpiresAt = expires });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Lease(contexts, time, name, token);
        }
        catch (DbUpdateException ex) when (StockDbContextFactory.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
        }

        // Held and alive by the clock; but a holder on this machine whose process is gone (it died, or it could not
        // release its lease: a full disk lets no row be written) holds nothing any more.
        var held = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
        if (held is not null && HolderIsGone(held.HolderName))
        {
            var taken = await db.Leases
                .Where(l => l.Name == name && l.Holder == held.Holder)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, token).SetProperty(l => l.HolderName, holderName).SetProperty(l => l.ExpiresAt, expires), cancellationToken);
            if (taken == 1)
            {
                return new Lease(contexts, time, name, token);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the holder names a process on this machine that no longer runs: holders name themselves
    /// "… on &lt;machine&gt; (pid &lt;n&gt;)" (Stock.Application's HeldLease.Holder).
    /// </summary>
    internal static bool HolderIsGone(string holder)
    {
        var match = System.Text.RegularExpressions.Regex.Match(holder, @" on (?<machine>\S+) \(pid (?<pid>\d+)\)$");
        if (!match.Success || match.Groups["machine"].Value != Environment.MachineName
            || !int.TryParse(match.Groups["pid"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            || pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public async Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = contexts.Create();
        var row = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name && l.ExpiresAt > now, cancellationToken);
        return row is null ? null : new LeaseHolder(row.HolderName, new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero));
    }

    private sealed class Lease(StockDbContextFactory contexts, TimeProvider time, string name, Guid token) : ILease
    {
        public string Name => name;

        public async Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken)
        {
            var expires = time.GetUtcNow().UtcDateTime + ttl;
            await using var db = contexts.Create();
            return await db.Leases
                .Where(l => l.Name == name && l.Holder == token)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, expires), cancellationToken) == 1;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var db = contexts.Create();
                await db.Leases.Where(l => l.Name == name && l.Holder == token).ExecuteDeleteAsync();
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database is down: the lease expires by itself.
            }
        }
    }
}

/// <summary>
/// Deduplication keys in the <c>dedup_keys</c> table, with the rule of Redis <c>SET key id NX EX window</c>: a free or
/// expired key is claimed (insert, or a conditional update of the expired row), a held one reports its holder.
/// </summary>
internal sealed class DatabaseDedupStore(StockDbContextFactory contexts, TimeProvider time) : IDedupStore
{
    public async Task<DedupClaim> ClaimAsync(string key, Guid eventId, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = contexts.Create();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var held = await db.DedupKeys.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken);
            if (held is { } row && row.ExpiresAt > now)
            {
                return new DedupClaim(row.EventId == eventId ? DedupOutcome.HeldBySameEvent : DedupOutcome.HeldByOther, row.EventId);
            }

            if (held is not null)
            {
                var expiredAt = held.ExpiresAt;
                var claimed = await db.DedupKeys
                    .Where(d => d.Key == key && d.ExpiresAt == expiredAt)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.EventId, eventId).SetProperty(d => d.ExpiresAt, now + window), cancellationToken);
                if (claimed == 1)
                {
                    return new DedupClaim(DedupOutcome.Claimed, eventId);
                }

                continue;
            }

            db.DedupKeys.Add(new DedupKeyRow { Key = key, EventId = eventId, ExpiresAt = now + window });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new DedupClaim(DedupOutcome.Claimed, eventId);
            }
            catch (DbUpdateException ex) when (StockDbContextFactory.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear(); // lost the race: read the winner
            }
        }

        throw new StockDatabaseException($"Could not claim deduplication key {key}: it changed hands three times in a row.");
    }

    /// <summary>
    /// One query reads the keys already held, one insert claims the free ones; an expired key, or a batch that lost a
    /// race for a key, falls back to <see cref="ClaimAsync"/> key by key.
    /// </summary>
    public async Task<IReadOnlyList<DedupClaim>> ClaimManyAsync(IReadOnlyList<DedupRequest> requests, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new DedupClaim?[requests.Count];
        var keys = requests.Select(r => r.Key).ToList();
        Dictionary<string, DedupKeyRow> held;
        await using (var db = contexts.Create())
        {
            held = await db.DedupKeys.AsNoTracking().Where(d => keys.Contains(d.Key)).ToDictionaryAsync(d => d.Key, StringComparer.Ordinal, cancellationToken);
            var fresh = new List<int>();
            for (var i = 0; i < requests.Count; i++)
            {
                if (!held.TryGetValue(requests[i].Key, out var row))
                {
                    fresh.Add(i);
                }
                else if (row.ExpiresAt > now)
                {
                    claims[i] = new DedupClaim(row.EventId == requests[i].EventId ? DedupOutcome.HeldBySameEvent : DedupOutcome.HeldByOther, row.EventId);
                }
            }

            try
            {
                // One multi-row INSERT per 500 keys (EF would send one command per row on SQLite).
                foreach (var chunk in fresh.Chunk(500))
                {
                    var values = string.Join(", ", chunk.Select((_, n) => $"({{{3 * n}}}, {{{(3 * n) + 1}}}, {{{(3 * n) + 2}}})"));
                    var parameters = chunk.SelectMany(i => new object[] { requests[i].Key, db.Dialect.FormatGuid(requests[i].EventId), now + window }).ToArray();
                    var sql = "INSERT INTO dedup_keys (dedup_key, event_id, expires_at) VALUES " + values; // placeholders only: the values are parameters
                    await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
                }

                fresh.ForEach(i => claims[i] = new DedupClaim(DedupOutcome.Claimed, requests[i].EventId));
            }
            catch (Exception ex) when (StockDbContextFactory.IsUniqueViolation(ex))
            {
                // Another relay claimed one of them meanwhile: the keys of that statement were not written; go key by key.
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            claims[i] ??= await ClaimAsync(requests[i].Key, requests[i].EventId, window, cancellationToken);
        }

        return [.. claims.Select(c => c!.Value)];
    }
}
