using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// The progress of long sales syncs: one row per legal entity and marketplace (where its pages resume) and the units
/// folded so far, added to in one statement per save. Writes are staged and done in the unit of work's transaction.
/// </summary>
internal sealed class EfSyncProgressRepository(StockDbContext db, TimeProvider time) : ISyncProgressRepository
{
    // Skus whose stored units one statement deletes (60 days each at most).
    private const int ClearSkusPerStatement = 2_000;

    private readonly List<Func<CancellationToken, Task>> _staged = [];

    public async Task<SyncProgress?> FindAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var row = await db.SyncProgress.AsNoTracking().SingleOrDefaultAsync(p => p.LegalEntityId == legalEntityId && p.Marketplace == mp, cancellationToken);
        return row is null ? null : new SyncProgress(row.Since, row.Cursor);
    }

    public async Task<IReadOnlyList<DailyOrders>> ReadUnitsAsync(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var skus = skuIds.ToList();
        return await db.SyncOrders.AsNoTracking()
            .Where(o => o.LegalEntityId == legalEntityId && o.Marketplace == mp && skus.Contains(o.Sku))
            .Select(o => new DailyOrders(o.Sku, o.Date, o.Quantity))
            .ToListAsync(cancellationToken);
    }

    public void Stage(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, IReadOnlyList<DailyOrders> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var mp = marketplace.ToWire();
        var rows = units.Where(u => u.Quantity != 0).ToArray();
        _staged.Add(async cancellationToken =>
        {
            // A WB page alone folds into tens of thousands of rows.
            var le = db.Dialect.FormatGuid(legalEntityId);
            foreach (var json in JsonBatches.Of(rows.Select(u => new { le, m = mp, s = u.SkuId, d = u.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), q = u.Quantity })))
            {
                await db.Database.ExecuteSqlRawAsync(db.Dialect.AddSyncOrders, [json], cancellationToken);
            }

            var progress = await db.SyncProgress.SingleOrDefaultAsync(p => p.LegalEntityId == legalEntityId && p.Marketplace == mp, cancellationToken);
            if (progress is null)
            {
                db.SyncProgress.Add(progress = new SyncProgressRow { LegalEntityId = legalEntityId, Marketplace = mp });
            }

            progress.Since = since;
            progress.Cursor = cursor;
            progress.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        });
    }

    public void Clear(Guid legalEntityId, Marketplace marketplace)
    {
        var mp = marketplace.ToWire();
        _staged.Add(async cancellationToken =>
        {
            // A few thousand skus a statement: a first sync at 100,000 products leaves millions of rows, whose one DELETE
            // outlasted MariaDB's command timeout (30 s); each of these is a range of the primary key.
            var skus = await db.SyncOrders.AsNoTracking()
                .Where(o => o.LegalEntityId == legalEntityId && o.Marketplace == mp)
                .Select(o => o.Sku)
                .Distinct()
                .ToListAsync(cancellationToken);
            foreach (var chunk in skus.Chunk(ClearSkusPerStatement))
            {
                await db.SyncOrders.Where(o => o.LegalEntityId == legalEntityId && o.Marketplace == mp && chunk.Contains(o.Sku)).ExecuteDeleteAsync(cancellationToken);
            }

            await db.SyncProgress.Where(p => p.LegalEntityId == legalEntityId && p.Marketplace == mp).ExecuteDeleteAsync(cancellationToken);
        });
    }

    /// <summary>Does the staged writes, in order, inside the unit of work's transaction.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        foreach (var write in _staged)
        {
            await write(cancellationToken);
        }

        _staged.Clear();
    }
}
