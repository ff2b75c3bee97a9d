using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Stock.Infrastructure.Persistence;

/// <summary>Creates or upgrades the schema, and answers whether the database is reachable.</summary>
public interface IStockDatabase
{
    /// <summary>Applies every pending migration of the configured provider.</summary>
    /// <exception cref="StockDatabaseException">The database cannot be reached; the message names it, never the password.</exception>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Whether the database answers.</summary>
    Task<bool> CanConnectAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Migrations as every command runs them. EF Core 9 takes its migration lock before it looks for pending migrations,
/// and on SQLite that lock is a row of <c>__EFMigrationsLock</c> that a killed process leaves behind: every later
/// <c>Migrate</c> would then wait for ever. So nothing is locked when nothing is pending (the usual case, one query),
/// and on SQLite a lock row older than <see cref="StaleLock"/> is a dead process's and is removed first.
/// </summary>
internal sealed partial class StockDatabase(StockDbContextFactory contexts, TimeProvider time, ILogger<StockDatabase> logger) : IStockDatabase
{
    /// <summary>How old a SQLite migration lock must be to be taken as left by a dead process (a migration takes seconds).</summary>
    internal static readonly TimeSpan StaleLock = TimeSpan.FromMinutes(2);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = contexts.Create();
            if (contexts.Options.Provider == DatabaseProvider.Sqlite)
            {
                // Readers do not block the writer, so that concurrent batches and relays wait less.
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            if (!(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                return;
            }

            if (contexts.Options.Provider == DatabaseProvider.Sqlite)
            {
                await RemoveStaleSqliteLockAsync(db, cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (StockDbContextFactory.IsUnavailable(ex))
        {
            throw new StockDatabaseException($"Cannot reach the database ({contexts.Options.Describe()}): {ex.Message}", ex);
        }
    }

    private async Task RemoveStaleSqliteLockAsync(StockDbContext db, CancellationToken cancellationToken)
    {
        var hasLockTable = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'")
            .SingleAsync(cancellationToken) > 0;
        if (!hasLockTable)
        {
            return;
        }

        var cutoff = time.GetUtcNow() - StaleLock;
        var stamps = await db.Database.SqlQueryRaw<string>("SELECT \"Timestamp\" AS \"Value\" FROM \"__EFMigrationsLock\"").ToListAsync(cancellationToken);
        foreach (var stamp in stamps)
        {
            if (!DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) || at < cutoff)
            {
                LogStaleLock(stamp);
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed a migration lock taken at {Timestamp} by a process that died while migrating")]
    private partial void LogStaleLock(string timestamp);

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
