using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stock.Application.Ports;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Leases of the embedded SQLite default, in a SQLite file of their own beside the database (<c>stock.db.leases</c>):
/// SQLite lets one transaction write at a time, so a lease in the database being written would wait behind the
/// check's own commits, and a long one (a first sync of a large catalogue) would outlast the lease (D50). The store is
/// <see cref="DatabaseLeaseStore"/>, with its rules, over that file, whose schema is brought up to date on first use.
/// </summary>
internal sealed class SqliteLeaseStore : ILeaseStore, IDisposable
{
    private readonly StockDatabase _schemaOf;
    private readonly DatabaseLeaseStore _leases;
    private readonly SemaphoreSlim _schema = new(1, 1);
    private readonly SqliteConnection? _memory;
    private volatile bool _migrated;

    public SqliteLeaseStore(DatabaseOptions database, TimeProvider time, ILogger<StockDatabase>? logger = null)
    {
        var source = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        string connectionString;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            // An in-memory database lives in this process only, and so do its leases: a shared in-memory file kept open.
            connectionString = $"Data Source=file:stock-leases-{Guid.NewGuid():N}?mode=memory&cache=shared";
            _memory = new SqliteConnection(connectionString);
            _memory.Open();
        }
        else
        {
            connectionString = new SqliteConnectionStringBuilder { DataSource = File(database), Pooling = false }.ToString();
        }

        var contexts = new StockDbContextFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connectionString });
        _schemaOf = new StockDatabase(contexts, time, logger ?? NullLogger<StockDatabase>.Instance);
        _leases = new DatabaseLeaseStore(contexts, time);
    }

    /// <summary>The lease file of a SQLite database: its path with <c>.leases</c> appended.</summary>
    public static string File(DatabaseOptions database) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource) + ".leases";

    public async Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _leases.TryAcquireAsync(name, holder, ttl, cancellationToken);
    }

    public async Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _leases.FindHolderAsync(name, cancellationToken);
    }

    public void Dispose()
    {
        _memory?.Dispose();
        _schema.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _schema.WaitAsync(cancellationToken);
        try
        {
            if (!_migrated)
            {
                // As every command migrates: no migration lock when nothing is pending, a dead process's lock removed.
                await _schemaOf.MigrateAsync(cancellationToken);
                _migrated = true;
            }
        }
        finally
        {
            _schema.Release();
        }
    }
}
