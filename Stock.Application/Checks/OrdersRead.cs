using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Rules;

namespace Stock.Application.Checks;

/// <summary>
/// The resumable part of a check: the orders since the last synced day, folded into units per sku and date. A long
/// sync (the first, or after a gap) stores its progress as it goes and resumes from it (D28).
/// </summary>
internal sealed partial class OrdersRead(IUnitOfWorkFactory units, TimeProvider time, IOptions<StockOptions> options, ILogger<OrdersRead> logger)
{
    // The (sku, date) counts a long sync holds unsaved at most (about 3 MB), whatever its save interval.
    private const int MaxUnsavedDays = 50_000;

    /// <summary>The orders folded, and whether it was a long sync (whose stored progress the check's last commit forgets).</summary>
    public async Task<(OrdersFold Orders, bool LongSync)> ReadAsync(
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
            }
            else
            {
                progress = null;
            }
        }

        return (await FoldAsync(client, legalEntityId, account, since, today, longSync, progress, cancellationToken), longSync);
    }

    /// <summary>
    /// Folds the order pages into units per sku and date. A long sync stores the pages folded since its last save
    /// every <see cref="StockOptions.SyncSaveInterval"/>, with the cursor after them, so that a cut sync resumes there.
    /// </summary>
    private async Task<OrdersFold> FoldAsync(
        IMarketplaceClient client, Guid legalEntityId, MarketplaceAccount account, DateOnly since, DateOnly today, bool resumable, SyncProgress? progress, CancellationToken cancellationToken)
    {
        var total = new OrdersFold(since, today);
        if (progress is not null)
        {
            // What the sync stored before it was cut, folded as it is read.
            await using var unit = units.Begin();
            await foreach (var day in unit.SyncProgress.ReadUnitsAsync(legalEntityId, account.Marketplace, cancellationToken))
            {
                total.Add(day);
            }

            LogResumed(account.Marketplace, progress.Since, total.Count);
        }

        // What a long sync fetched since its last save, folded too: stored every SyncSaveInterval, or sooner when it
        // holds MaxUnsavedDays (sku, date) counts, so that memory stays bounded however fast pages come. A save is
        // written while the next pages are fetched (one at a time, in order: each stored cursor has its units stored).
        var unsaved = new OrdersFold(since, today);
        var saved = time.GetTimestamp();
        var saving = Task.CompletedTask;
        try
        {
            await foreach (var page in client.ReadDailyOrdersAsync(account.Key, since, progress?.Cursor, cancellationToken))
            {
                total.Add(page.Units);
                if (!resumable || page.Cursor is null)
                {
                    continue;
                }

                unsaved.Add(page.Units);
                if (time.GetElapsedTime(saved) >= options.Value.SyncSaveInterval || unsaved.Count >= MaxUnsavedDays)
                {
                    await saving;
                    saving = SaveAsync(legalEntityId, account.Marketplace, since, page.Cursor, [.. unsaved.Days()], cancellationToken);
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
        return total;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marketplace}: resuming the sales sync from {Since} with {Units} stored day counts")]
    private partial void LogResumed(Marketplace marketplace, DateOnly since, int units);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Marketplace}: the sales sync's progress could not be saved while its fetch failed")]
    private partial void LogProgressNotSaved(Exception exception, Marketplace marketplace);
}
