using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Stock.Infrastructure;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

public sealed class DatabaseConfigurationTests
{
    [Fact]
    public void DatabaseUrl_OfTheOriginal_BecomesAMySqlConnection()
    {
        var options = Resolve(new() { ["DATABASE_URL"] = "mysql://stock:p%40ss@db.internal:3307/stock_prod" });

        options.Provider.Should().Be(DatabaseProvider.MySql);
        var builder = new MySqlConnectionStringBuilder(options.ConnectionString);
        (builder.Server, builder.Port, builder.UserID, builder.Password, builder.Database).Should().Be(("db.internal", 3307u, "stock", "p@ss", "stock_prod"));
        options.Describe().Should().Be("MySQL db.internal:3307/stock_prod").And.NotContain("p@ss");
    }

    [Theory]
    [InlineData("mysql://stock:p%40ss@/stock_prod?unix_socket=/cloudsql/my-project:europe-west1:stock")]
    [InlineData("mysql+pymysql://stock:p%40ss@/stock_prod?unix_socket=%2Fcloudsql%2Fmy-project%3Aeurope-west1%3Astock&charset=utf8mb4")]
    [InlineData("mysql://stock:p%40ss@localhost/stock_prod?unix_socket=/cloudsql/my-project:europe-west1:stock")]
    public void DatabaseUrl_OfCloudSqlsUnixSocket_BecomesASocketConnection(string url)
    {
        var options = Resolve(new() { ["DATABASE_URL"] = url });

        var builder = new MySqlConnectionStringBuilder(options.ConnectionString);
        (builder.Server, builder.ConnectionProtocol, builder.UserID, builder.Password, builder.Database)
            .Should().Be(("/cloudsql/my-project:europe-west1:stock", MySqlConnectionProtocol.UnixSocket, "stock", "p@ss", "stock_prod"));
        options.Describe().Should().Be("MySQL /cloudsql/my-project:europe-west1:stock (Unix socket)/stock_prod").And.NotContain("p@ss");
    }

    [Fact]
    public void Defaults_AreTheEmbeddedSqliteFile()
    {
        var options = Resolve([]);
        options.Provider.Should().Be(DatabaseProvider.Sqlite);
        options.ConnectionString.Should().Be("Data Source=stock.db");
    }

    [Fact]
    public void ExplicitSettings_WinOverDatabaseUrl()
    {
        var options = Resolve(new()
        {
            ["DATABASE_URL"] = "mysql://a:b@h/d",
            ["Stock:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Stock"] = "Data Source=other.db",
        });
        (options.Provider, options.ConnectionString).Should().Be((DatabaseProvider.Sqlite, "Data Source=other.db"));
    }

    [Theory]
    [InlineData("not a url", "DATABASE_URL is not a URL: expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    [InlineData("postgres://u:secret@h:5432/db", "DATABASE_URL has scheme 'postgres': expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    [InlineData("mysql://u:secret@h:3306/", "DATABASE_URL lacks a host (or ?unix_socket=) or a database name: expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    [InlineData("mysql://u:secret@/db", "DATABASE_URL lacks a host (or ?unix_socket=) or a database name: expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    [InlineData("mysql://u:secret@/db?unix_socket=cloudsql/p:r:i", "DATABASE_URL's unix_socket is not an absolute path: expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    [InlineData("mysql://h:3306/db", "DATABASE_URL lacks a user: expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.")]
    public void MalformedDatabaseUrl_GivesOneClearLine_WithoutTheSecret(string url, string message)
    {
        var thrown = FluentActions.Invoking(() => Resolve(new() { ["DATABASE_URL"] = url })).Should().Throw<StockConfigurationException>().Which;
        thrown.Message.Should().Be(message).And.NotContain("secret");
    }

    [Fact]
    public void UnknownProvider_IsNamed() =>
        FluentActions.Invoking(() => Resolve(new() { ["Stock:Database:Provider"] = "Oracle" }))
            .Should().Throw<StockConfigurationException>().WithMessage("Stock:Database is malformed*");

    [Fact]
    public async Task UnreachableServer_GivesOneClearLine_NamingIt_WithoutThePassword()
    {
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.MySql,
            ConnectionString = "Server=127.0.0.1;Port=1;User ID=stock;Password=hunter2;Database=stock;Connection Timeout=3",
        };

        var thrown = await FluentActions.Awaiting(() => new StockDatabase(new StockDbContextFactory(options), TimeProvider.System, NullLogger<StockDatabase>.Instance).MigrateAsync(default))
            .Should().ThrowAsync<StockDatabaseException>();

        thrown.Which.Message.Should().StartWith("Cannot reach the database (MySQL 127.0.0.1:1/stock): ");
        thrown.Which.Message.Should().NotContain("hunter2").And.NotContain("\n");
    }

    [Fact]
    public async Task EveryStatement_IsLoggedAtDebug_NotAtInformation()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-sql-log-{Guid.NewGuid():N}.db");
        using var logs = new Stock.Tests.Fakes.CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        try
        {
            var contexts = new StockDbContextFactory(new DatabaseOptions { ConnectionString = $"Data Source={file};Pooling=False" }, factory);
            await new StockDatabase(contexts, TimeProvider.System, NullLogger<StockDatabase>.Instance).MigrateAsync(default);
            await using var context = contexts.Create();
            await context.Database.ExecuteSqlRawAsync("SELECT 1");
        }
        finally
        {
            File.Delete(file);
        }

        var statements = logs.Lines.Where(l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal) && l.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();
        statements.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("Debug ", StringComparison.Ordinal), "Cloud Logging bills by volume: a check runs thousands of statements");
        logs.Lines.Where(l => l.StartsWith("Information ", StringComparison.Ordinal) && l.Contains("Microsoft.EntityFrameworkCore.Database", StringComparison.Ordinal)).Should().BeEmpty();
    }

    private static DatabaseOptions Resolve(Dictionary<string, string?> settings) =>
        DatabaseSettings.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}

public sealed class RedisConfigurationTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380/2", "127.0.0.1:6380,defaultDatabase=2")]
    [InlineData("redis://cache.internal", "cache.internal:6379")]
    [InlineData("redis://:s%40cret@cache.internal:6379/0", "cache.internal:6379,defaultDatabase=0,password=s@cret")]
    [InlineData("rediss://user:pw@cache.internal:6390", "cache.internal:6390,password=pw,user=user,ssl=true")]
    public void RedisUrl_OfTheOriginal_BecomesAConfigurationString(string url, string expected) =>
        Stock.Infrastructure.Redis.RedisUrl.ToConfiguration(url).Should().Be(expected);

    [Theory]
    [InlineData("http://cache:6379")]
    [InlineData("redis://cache:6379/zero")]
    [InlineData("not a url")]
    public void MalformedRedisUrl_IsNamed_WithoutThePassword(string url) =>
        FluentActions.Invoking(() => Stock.Infrastructure.Redis.RedisUrl.ToConfiguration(url))
            .Should().Throw<StockConfigurationException>().WithMessage("REDIS_URL *");
}

/// <summary>A migration lock left by a process killed while migrating never blocks the next command (found by the fault suite).</summary>
public sealed class MigrationLockTests
{
    [Fact]
    public async Task SqliteLockRowOfADeadProcess_NothingPending_MigrateReturnsAtOnce()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using (var db = database.Contexts.Create())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-11-26 07:00:00+00:00')");
        }

        var migrate = new StockDatabase(database.Contexts, TimeProvider.System, NullLogger<StockDatabase>.Instance).MigrateAsync(default);

        (await Task.WhenAny(migrate, Task.Delay(TimeSpan.FromSeconds(20)))).Should().BeSameAs(migrate, "a dead process's lock never blocks a database with nothing to migrate");
        await migrate;
        await using var check = database.Contexts.Create();
        (await check.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsLock\"").SingleAsync())
            .Should().Be(1, "with nothing pending, no lock is taken or released: the row is left as it was");
    }

    [Fact]
    public async Task SqliteLockRowOfADeadProcess_MigrationsPending_IsRemoved_AndTheSchemaIsCreated()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-lock-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False" };
        var contexts = new StockDbContextFactory(options);
        await using (var db = contexts.Create())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-11-26 07:00:00+00:00')");
        }

        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 3, 0, TimeSpan.Zero));
        await new StockDatabase(contexts, time, NullLogger<StockDatabase>.Instance).MigrateAsync(default).WaitAsync(TimeSpan.FromSeconds(20));

        await using (var db = contexts.Create())
        {
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        }

        File.Delete(file);
    }
}
