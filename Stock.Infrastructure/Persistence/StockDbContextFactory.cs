using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Stock.Infrastructure.Persistence;

/// <summary>Creates contexts of the configured provider from options built once; a unit of work, lease or claim takes its own.</summary>
internal sealed class StockDbContextFactory
{
    private readonly Func<StockDbContext> _create;

    public StockDbContextFactory(DatabaseOptions options, ILoggerFactory? loggerFactory = null, IEnumerable<IInterceptor>? interceptors = null)
    {
        Options = options;
        var extra = interceptors?.ToArray() ?? [];
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = Configure(new DbContextOptionsBuilder<SqliteStockDbContext>(), loggerFactory, extra)
                    .UseSqlite(SqliteConnectionString(options.ConnectionString), o => o.MigrationsAssembly(typeof(StockDbContext).Assembly.GetName().Name))
                    .Options;
                _create = () => new SqliteStockDbContext(sqlite);
                Writer = new SemaphoreSlim(1, 1);
                break;
            case DatabaseProvider.MySql:
                var version = ServerVersion.Parse(options.ServerVersion);
                var mysql = Configure(new DbContextOptionsBuilder<MySqlStockDbContext>(), loggerFactory, extra)
                    .UseMySql(options.ConnectionString, version, o => o.TranslateParameterizedCollectionsToConstants())
                    .Options;
                _create = () => new MySqlStockDbContext(mysql);
                break;
            default:
                throw new StockConfigurationException($"Stock:Database:Provider '{options.Provider}' is not Sqlite or MySql.");
        }
    }

    public DatabaseOptions Options { get; }

    /// <summary>
    /// SQLite lets one transaction write at a time, and a connection that finds the database locked polls for it with
    /// sleeps (Microsoft.Data.Sqlite's busy loop), where a profile found a check's concurrent batches asleep (D32).
    /// Units of work of this process queue here for their commit instead, and
    /// the next starts as soon as one ends; the busy loop is left for writers of other processes (leases, a second
    /// check). Null for MariaDB, whose transactions lock rows, not the database.
    /// </summary>
    public SemaphoreSlim? Writer { get; }

    public StockDbContext Create() => _create();

    /// <summary>Whether <paramref name="exception"/> says a unique key was violated (a lost insert race).</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        MySqlConnector.MySqlException mysql => mysql.ErrorCode == MySqlConnector.MySqlErrorCode.DuplicateKeyEntry,
        _ => false,
    };

    /// <summary>Whether <paramref name="exception"/> says the database could not be reached or used at all.</summary>
    public static bool IsUnavailable(Exception exception) => exception is DbException or InvalidOperationException { InnerException: DbException };

    private static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder, ILoggerFactory? loggerFactory, IInterceptor[] interceptors)
        where T : DbContext
    {
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.TrackAll);

        // Every statement EF Core runs is logged at Debug, not at its default Information: a check runs thousands, and
        // Cloud Logging bills by volume (`Logging:LogLevel:Microsoft.EntityFrameworkCore=Debug` shows them).
        builder.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandExecuted, LogLevel.Debug),
            (RelationalEventId.CommandCreated, LogLevel.Debug),
            (RelationalEventId.ConnectionOpened, LogLevel.Debug),
            (RelationalEventId.ConnectionClosed, LogLevel.Debug)));
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        return builder;
    }

    private static string SqliteConnectionString(string connectionString)
    {
        // Concurrent batches wait for the writer instead of failing at once with "database is locked".
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 60)
        {
            builder.DefaultTimeout = 60;
        }

        return builder.ConnectionString;
    }
}
