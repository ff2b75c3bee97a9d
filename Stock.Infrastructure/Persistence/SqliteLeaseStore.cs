using Microsoft.Data.Sqlite;
using Stock.Application.Ports;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Leases of the embedded SQLite default, in a SQLite file of their own beside the database (<c>stock.db.leases</c>):
/// SQLite lets one transaction write at a time, so a lease in the database being written would wait behind the
/// check's own commits, and a long one (a first sync of a large catalogue) would outlast the lease (D50). The rules are
/// those of <see cref="DatabaseLeaseStore"/>: taken when free, expired, or held by a process of this machine that is
/// gone; renewed and released only by their holder.
/// </summary>
internal sealed class SqliteLeaseStore : ILeaseStore, IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS leases (name TEXT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, holder_name TEXT NOT NULL, expires_at INTEGER NOT NULL)";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schema = new(1, 1);
    private readonly SqliteConnection? _memory;
    private bool _created;

    public SqliteLeaseStore(DatabaseOptions database, TimeProvider time)
    {
        _time = time;
        var source = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            // An in-memory database lives in this process only, and so do its leases: a shared in-memory file kept open.
            _connectionString = new SqliteConnectionStringBuilder { DataSource = $"file:stock-leases-{Guid.NewGuid():N}?mode=memory&cache=shared" }.ToString();
            _memory = new SqliteConnection(_connectionString);
            _memory.Open();
        }
        else
        {
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = File(database),
                Pooling = false,
                DefaultTimeout = 10,
            }.ToString();
        }
    }

    public void Dispose()
    {
        _memory?.Dispose();
        _schema.Dispose();
    }

    /// <summary>The lease file of a SQLite database: its path with <c>.leases</c> appended.</summary>
    public static string File(DatabaseOptions database) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource) + ".leases";

    public async Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var holderName = holder.Length > 300 ? holder[..300] : holder;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: read and take in one writer turn
        bool? free = null; // null: no row; true: expired, or its holder is gone; false: held
        await using (var read = Command(connection, transaction, "SELECT holder_name, expires_at FROM leases WHERE name = $name", ("$name", name)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                free = reader.GetInt64(1) <= now || DatabaseLeaseStore.HolderIsGone(reader.GetString(0));
            }
        }

        if (free == false)
        {
            return null;
        }

        var sql = free is null
            ? "INSERT INTO leases (name, holder, holder_name, expires_at) VALUES ($name, $holder, $holderName, $expires)"
            : "UPDATE leases SET holder = $holder, holder_name = $holderName, expires_at = $expires WHERE name = $name";
        await using (var write = Command(connection, transaction, sql, ("$name", name), ("$holder", token), ("$holderName", holderName), ("$expires", now + (long)ttl.TotalMilliseconds)))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new Lease(this, name, token);
    }

    public async Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = Command(connection, null, "SELECT holder_name, expires_at FROM leases WHERE name = $name AND expires_at > $now", ("$name", name), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LeaseHolder(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))) : null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_created)
        {
            await _schema.WaitAsync(cancellationToken);
            try
            {
                if (!_created)
                {
                    await using var create = Command(connection, null, "PRAGMA journal_mode = WAL; " + Schema);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    _created = true;
                }
            }
            finally
            {
                _schema.Release();
            }
        }

        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        return command;
    }

    private sealed class Lease(SqliteLeaseStore store, string name, string token) : ILease
    {
        public string Name => name;

        public async Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken)
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var renew = Command(connection, null, "UPDATE leases SET expires_at = $expires WHERE name = $name AND holder = $holder",
                ("$expires", store._time.GetUtcNow().ToUnixTimeMilliseconds() + (long)ttl.TotalMilliseconds), ("$name", name), ("$holder", token));
            return await renew.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var connection = await store.OpenAsync(CancellationToken.None);
                await using var release = Command(connection, null, "DELETE FROM leases WHERE name = $name AND holder = $holder", ("$name", name), ("$holder", token));
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (SqliteException)
            {
                // The file cannot be written (a full disk): the lease expires by itself, or is free once this process is gone.
            }
        }
    }
}
