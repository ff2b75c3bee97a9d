using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Stock.Application;
using Stock.Application.Checks;
using Stock.Application.Ports;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// A check's lease held through a write of its own store that lasts longer than the lease's TTL (a first sync of a
/// large catalogue commits big batches): renewing it never waits behind the write (D50). The leases are where the
/// composition puts them: SQLite's in a file of their own, MariaDB's in its table (row locks), or Redis.
/// </summary>
[Trait("Needs", "Services")]
public sealed class LeaseThroughALongWriteTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(TestDatabase.Sqlite, false)]
    [InlineData(TestDatabase.MySql, false)]
    [InlineData(TestDatabase.MySql8, false)]
    [InlineData(TestDatabase.Sqlite, true)]
    public async Task ALeaseOutlivesAWriteOfItsStoreLongerThanItsTtl(string provider, bool redis)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        var settings = new Dictionary<string, string?>
        {
            ["Stock:Database:Provider"] = provider == TestDatabase.Sqlite ? "Sqlite" : "MySql",
            ["ConnectionStrings:Stock"] = database.Options.ConnectionString,
            ["Stock:Database:ServerVersion"] = database.Options.ServerVersion,
            ["Stock:Secrets:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Stock:Redis:Configuration"] = redis ? TestServices.Redis : "",
            ["Stock:Redis:KeyPrefix"] = $"lease:{Guid.NewGuid():N}:",
        };
        services.AddStock(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider_ = services.BuildServiceProvider();
        var store = provider_.GetRequiredService<ILeaseStore>();
        var options = new StockOptions { LeaseTtl = Ttl, LeaseRenewal = TimeSpan.FromMilliseconds(400) };
        using var metrics = new StockMetrics(null);
        await using var lease = (await HeldLease.TryAcquireAsync(store, "check:long-write", "check 1", options, TimeProvider.System, metrics, NullLogger.Instance, default))!;

        await using (var write = await LongWriteAsync(database))
        {
            await Task.Delay(Ttl * 3); // the write holds its locks for three TTLs
        }

        lease.Lost.IsCancellationRequested.Should().BeFalse("the renewals did not wait behind the write");
        (await store.TryAcquireAsync("check:long-write", "another check", Ttl, default)).Should().BeNull("the lease is still held");
    }

    // A write transaction on the check's own database, holding what a check's commit holds: SQLite's one writer lock,
    // or MariaDB's row locks on the rows it wrote.
    private static async Task<IAsyncDisposable> LongWriteAsync(TestDatabase database)
    {
        if (database.Options.Provider == DatabaseProvider.Sqlite)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.Options.ConnectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            await using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO legal_entities (id, name, created_at) VALUES ('00000000-0000-0000-0000-000000000001', 'ООО Запись', '2026-12-07 00:00:00')";
                await begin.ExecuteNonQueryAsync();
            }

            return connection;
        }

        // Not pooled: closing it ends the session, so that its transaction rolls back and the test's database can be dropped.
        var mysql = new MySqlConnection(new MySqlConnectionStringBuilder(database.Options.ConnectionString) { Pooling = false }.ConnectionString);
        await mysql.OpenAsync();
        await using (var begin = mysql.CreateCommand())
        {
            begin.CommandText = "START TRANSACTION; INSERT INTO legal_entities (id, name, created_at) VALUES (UUID(), 'ООО Запись', NOW())";
            await begin.ExecuteNonQueryAsync();
        }

        return mysql;
    }
}
