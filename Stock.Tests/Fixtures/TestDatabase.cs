using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySqlConnector;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.Secrets;

namespace Stock.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or a throwaway database on the MariaDB that
/// <c>scripts/test.sh</c> starts (<c>STOCK_TEST_MYSQL</c>), or on the MariaDB it starts with MySQL 8's settings
/// (<c>STOCK_TEST_MYSQL8</c>: MySQL 8's sql_mode and group_concat_max_len), with Pomelo writing its SQL for MySQL 8
/// as on Cloud SQL. Counts the SQL commands sent. Dropped on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string MySql = "MySql";
    public const string MySql8 = "MySql8";

    /// <summary>The server version Stock is told on MySQL 8 (<c>Stock:Database:ServerVersion</c>), as for Cloud SQL.</summary>
    public const string MySql8ServerVersion = "8.0.41-mysql";

    private readonly (string Server, string Name)? _dropDatabase;
    private readonly string? _file;

    private TestDatabase(DatabaseOptions options, TimeProvider time, (string Server, string Name)? dropDatabase, string? file)
    {
        Options = options;
        Time = time;
        _dropDatabase = dropDatabase;
        _file = file;
        Contexts = new StockDbContextFactory(options, interceptors: [Commands]);
        Units = new EfUnitOfWorkFactory(Contexts, time, Cipher);
    }

    public static TheoryData<string> Providers => [Sqlite, MySql, MySql8];

    public DatabaseOptions Options { get; }
    public TimeProvider Time { get; }
    public CommandCounter Commands { get; } = new();
    public StockDbContextFactory Contexts { get; }

    /// <summary>The encryption of keys at rest, with a key of this test's own.</summary>
    public KeyCipher Cipher { get; } = new(() => new KeyRing(EncryptionKey.From(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), []));
    public EfUnitOfWorkFactory Units { get; }

    /// <summary>The server connection string of the test MariaDB, or a clear failure when the test script did not start it.</summary>
    public static string MySqlServer =>
        Environment.GetEnvironmentVariable("STOCK_TEST_MYSQL")
        ?? throw new InvalidOperationException("STOCK_TEST_MYSQL is not set: run the tests with ./scripts/test.sh, which starts MariaDB.");

    /// <summary>The server connection string of the test MariaDB with MySQL 8's settings.</summary>
    public static string MySql8Server =>
        Environment.GetEnvironmentVariable("STOCK_TEST_MYSQL8")
        ?? throw new InvalidOperationException("STOCK_TEST_MYSQL8 is not set: run the tests with ./scripts/test.sh, which starts MariaDB with MySQL 8's settings.");

    /// <summary>The Unix socket of the test MariaDB (<c>STOCK_TEST_MYSQL_SOCKET</c>), as Cloud Run reaches Cloud SQL.</summary>
    public static string MySqlSocket =>
        Environment.GetEnvironmentVariable("STOCK_TEST_MYSQL_SOCKET")
        ?? throw new InvalidOperationException("STOCK_TEST_MYSQL_SOCKET is not set: run the tests with ./scripts/test.sh, which starts MariaDB.");

    public static async Task<TestDatabase> CreateAsync(string provider, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        TestDatabase database;
        if (provider == Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"stock-test-{Guid.NewGuid():N}.db");
            database = new TestDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" }, time, null, file);
        }
        else
        {
            var server = provider == MySql8 ? MySql8Server : MySqlServer;
            var name = await CreateMySqlDatabaseAsync(server);
            var builder = new MySqlConnectionStringBuilder(server) { Database = name };
            var options = new DatabaseOptions { Provider = DatabaseProvider.MySql, ConnectionString = builder.ConnectionString };
            if (provider == MySql8)
            {
                options.ServerVersion = MySql8ServerVersion;
            }

            database = new TestDatabase(options, time, (server, name), null);
        }

        await new StockDatabase(database.Contexts, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<StockDatabase>.Instance).MigrateAsync(CancellationToken.None);
        database.Commands.Reset();
        return database;
    }

    /// <summary>Creates an empty database on <paramref name="server"/> and returns its name.</summary>
    public static async Task<string> CreateMySqlDatabaseAsync(string server)
    {
        var name = $"stock_test_{Guid.NewGuid():N}"[..30];
        await using var connection = new MySqlConnection(server);
        await connection.OpenAsync();
        await using var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    public static async Task DropMySqlDatabaseAsync(string server, string name)
    {
        await using var connection = new MySqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dropDatabase is { } drop)
        {
            await DropMySqlDatabaseAsync(drop.Server, drop.Name);
        }

        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}

/// <summary>Counts the commands EF Core sends to the database.</summary>
internal sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of every command sent, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Texts { get; } = new();

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        Texts.Enqueue(command.CommandText);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref _count);
        return base.NonQueryExecuting(command, eventData, result);
    }
}
