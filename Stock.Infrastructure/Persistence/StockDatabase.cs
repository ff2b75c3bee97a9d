using Microsoft.EntityFrameworkCore;

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

internal sealed class StockDatabase(StockDbContextFactory contexts) : IStockDatabase
{
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

            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (StockDbContextFactory.IsUnavailable(ex))
        {
            throw new StockDatabaseException($"Cannot reach the database ({contexts.Options.Describe()}): {ex.Message}", ex);
        }
    }

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
