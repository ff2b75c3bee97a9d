using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Rules;

namespace Stock.Application.Checks;

/// <summary>
/// The orders a check read: a long sync's units are in its stored progress (read a batch of products at a time when
/// they are stored, never all at once), the others are held folded in memory.
/// </summary>
/// <param name="Memory">Units folded in memory: every unit of a short sync; a long sync's pages that carried no cursor.</param>
/// <param name="Stored">Whether the sync's stored progress holds the rest (a long sync that can resume).</param>
/// <param name="LongSync">Whether it was a long sync, whose stored progress the check's last commit forgets.</param>
internal sealed record SalesRead(OrdersFold Memory, bool Stored, bool LongSync)
{
    /// <summary>The units of <paramref name="skuIds"/>: those folded in memory, and those the sync stored.</summary>
    public async Task<OrdersFold> OfAsync(IUnitOfWork unit, Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CancellationToken cancellationToken)
    {
        if (!Stored)
        {
            return Memory;
        }

        var batch = new OrdersFold(Memory.Since, Memory.Today);
        foreach (var sku in skuIds)
        {
            batch.Add(sku, Memory.Of(sku));
        }

        batch.Add(await unit.SyncProgress.ReadUnitsAsync(legalEntityId, marketplace, skuIds, cancellationToken));
        return batch;
    }
}

/// <summary>
/// The resumable part of a check: the orders since the last synced day, folded into units per sku and date. A long
/// sync (the first, or after a gap) stores its progress as it goes and resumes from it, and what it stored stays
/// there until the products are stored, a batch at a time (D28).
/// </summary>
internal sealed partial class OrdersRead(IUnitOfWorkFactory units, TimeProvider time, IOptions<StockOptions> options, ILogger<OrdersRead> logger)
{
    // The (sku, date) counts a long sync holds unsaved at most (about 3 MB), whatever its save interval.
    private const int MaxUnsavedDays = 50_000;

    /// <summary>The orders read.</summary>
    public async Task<SalesRead> ReadAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly today, CancellationToken cancellationToken)
    {
        var rules = options.Value.Rules;
        var since = SalesSync.StartDate(account.SalesSyncedThrough, today, rules);
        var longSync = today.DayNumber - since.DayNumber > rules.SalesSyncOverlapDays + 1;
        SyncProgress? progress = null;
        if (longSync)
        {
            await using var unit = units.Begin();
            progress = await unit.SyncProgress.FindAsync(legalEntityId, account.Marketplace, cancellationToken);
            if (progress is not null && progress.Since <= since)
            {
                since = progress.Since;
                LogResumed(account.Marketplace, progress.Since);
            }
            else
            {
                progress = null;
            }
        }

        var (memory, stored) = await FoldAsync(client, legalEntityId, account, since, today, longSync, progress, cancellationToken);
        return new SalesRead(memory, stored || progress is not null, longSync);
    }

    /// <summary>
    /// Folds the order pages into units per sku and date. A long sync stores the pages folded since its last save
    /// every <see cref="StockOptions.SyncSaveInterval"/>, with the cursor after them, so that a cut sync resumes there,
    /// and the rest when the pages end; only pages without a cursor stay in memory. Returns what is in memory, and
    /// whether anything was stored.
    /// </summary>
    private async Task<(OrdersFold Memory, bool Stored)> FoldAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly since, DateOnly today, bool resumable, SyncProgress? progress, CancellationToken cancellationToken)
    {
        var memory = new OrdersFold(since, today);

        // What a long sync fetched since its last save: stored every SyncSaveInterval, or sooner when it holds
        // MaxUnsavedDays (sku, date) counts, so that memory stays bounded however fast pages come. A save is written
        // while the next pages are fetched (one at a time, in order: each stored cursor has its units stored).
        var unsaved = new OrdersFold(since, today);
        string? cursor = null;
        var stored = false;
        var saved = time.GetTimestamp();
        var saving = Task.CompletedTask;
        try
        {
            await foreach (var page in client.ReadDailyOrdersAsync(account.Key, since, progress?.Cursor, cancellationToken))
            {
                if (!resumable || page.Cursor is null)
                {
                    memory.Add(page.Units);
                    continue;
                }

                unsaved.Add(page.Units);
                cursor = page.Cursor;
                if (time.GetElapsedTime(saved) >= options.Value.SyncSaveInterval || unsaved.Count >= MaxUnsavedDays)
                {
                    await saving;
                    saving = SaveAsync(legalEntityId, account.Marketplace, since, cursor, [.. unsaved.Days()], cancellationToken);
                    stored = true;
                    unsaved = new OrdersFold(since, today);
                    saved = time.GetTimestamp();
                }
            }
        }
        catch
        {
            // The fetch's failure is the one the check reports; the save under way still ends before it does.
            await SavedAnywayAsync(saving, account.Marketplace, cancellationToken);
            throw;
        }

        await saving;
        if (cursor is not null && unsaved.Count > 0)
        {
            await SaveAsync(legalEntityId, account.Marketplace, since, cursor, [.. unsaved.Days()], cancellationToken);
            stored = true;
        }

        return (memory, stored);
    }

    private async Task SaveAsync(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, DailyOrders[] days, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        unit.SyncProgress.Stage(legalEntityId, marketplace, since, cursor, days);
        await unit.CommitAsync(cancellationToken);
    }

    private async Task SavedAnywayAsync(Task saving, Marketplace marketplace, CancellationToken cancellationToken)
    {
        try
        {
            await saving;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next check resumes from the save before this one.
            LogProgressNotSaved(ex, marketplace);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marketplace}: resuming the sales sync from {Since}")]
    private partial void LogResumed(Marketplace marketplace, DateOnly since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Marketplace}: the sales sync's progress could not be saved while its fetch failed")]
    private partial void LogProgressNotSaved(Exception exception, Marketplace marketplace);
}
