using Microsoft.EntityFrameworkCore;

namespace Stock.Infrastructure.Persistence;

/// <summary>Which database Stock keeps its state in.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite, the embedded default: a file next to the app, no server.</summary>
    Sqlite = 0,

    /// <summary>MySQL or MariaDB, through Pomelo.</summary>
    MySql = 1,
}

/// <summary>Settings of the database, bound from <c>Stock:Database</c> (and <c>ConnectionStrings:Stock</c>, <c>DATABASE_URL</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Database";

    /// <summary>The SQLite database of a fresh clone.</summary>
    public const string DefaultConnectionString = "Data Source=stock.db";

    /// <summary>The provider (<c>Sqlite</c> or <c>MySql</c>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The ADO.NET connection string; <c>ConnectionStrings:Stock</c> by default.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>The MySQL/MariaDB server version the SQL is written for (JSON_TABLE needs MariaDB 10.6+ or MySQL 8).</summary>
    public string ServerVersion { get; set; } = "10.11.0-mariadb";

    /// <summary>Days of daily history kept per product (400); older days are deleted as products are saved.</summary>
    public int RetentionDays { get; set; } = 400;

    internal static ServerVersion DefaultMySqlServerVersion { get; } = new MariaDbServerVersion(new Version(10, 11, 0));

    /// <summary>Where the database is, for messages: never the password.</summary>
    public string Describe()
    {
        try
        {
            return Provider == DatabaseProvider.Sqlite
                ? $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}"
                : Describe(new MySqlConnector.MySqlConnectionStringBuilder(ConnectionString));
        }
        catch (ArgumentException)
        {
            return $"{Provider} (unreadable connection string)";
        }
    }

    private static string Describe(MySqlConnector.MySqlConnectionStringBuilder builder) =>
        builder.ConnectionProtocol == MySqlConnector.MySqlConnectionProtocol.UnixSocket || builder.Server.StartsWith('/')
            ? $"MySQL {builder.Server} (Unix socket)/{builder.Database}"
            : $"MySQL {builder.Server}:{builder.Port}/{builder.Database}";
}

/// <summary>
/// Reads the original service's <c>DATABASE_URL</c>: <c>mysql://user:pass@host:port/db</c> (a host name or a private
/// IP), or the form SQLAlchemy-style URLs use for Cloud SQL's Unix socket, which names no host:
/// <c>mysql://user:pass@/db?unix_socket=/cloudsql/PROJECT:REGION:INSTANCE</c>.
/// </summary>
public static class DatabaseUrl
{
    private const string Expected = "expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path";

    /// <summary>The MySqlConnector connection string for <paramref name="url"/>.</summary>
    /// <exception cref="StockConfigurationException">The URL is malformed; the message says which part, never the password.</exception>
    public static string ToConnectionString(string url)
    {
        var text = url?.Trim() ?? string.Empty;

        // System.Uri takes no URL without a host; the socket form has none, so it is read with a stand-in that is dropped.
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var hostless = at > 0 && text.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0 && scheme < at
            && !text[(scheme + 3)..at].Contains('/', StringComparison.Ordinal) && text.Length > at + 1 && text[at + 1] == '/';
        if (hostless)
        {
            text = text[..(at + 1)] + "socket.invalid" + text[(at + 1)..];
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new StockConfigurationException($"DATABASE_URL is not a URL: {Expected}.");
        }

        if (uri.Scheme is not ("mysql" or "mariadb" or "mysql+pymysql" or "mysql+mysqldb" or "mysql+mysqlconnector"))
        {
            throw new StockConfigurationException($"DATABASE_URL has scheme '{uri.Scheme}': {Expected}.");
        }

        var socket = Query(uri, "unix_socket");
        var database = uri.AbsolutePath.Trim('/');
        if ((hostless && socket is null) || string.IsNullOrEmpty(uri.Host) || string.IsNullOrEmpty(database) || database.Contains('/', StringComparison.Ordinal))
        {
            throw new StockConfigurationException($"DATABASE_URL lacks a host (or ?unix_socket=) or a database name: {Expected}.");
        }

        if (socket is not null && !socket.StartsWith('/'))
        {
            throw new StockConfigurationException($"DATABASE_URL's unix_socket is not an absolute path: {Expected}.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length == 0)
        {
            throw new StockConfigurationException($"DATABASE_URL lacks a user: {Expected}.");
        }

        var builder = new MySqlConnector.MySqlConnectionStringBuilder
        {
            UserID = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : string.Empty,
            Database = Uri.UnescapeDataString(database),
        };
        if (socket is not null)
        {
            // Cloud Run's --add-cloudsql-instances mounts the instance as /cloudsql/PROJECT:REGION:INSTANCE.
            builder.Server = socket;
            builder.ConnectionProtocol = MySqlConnector.MySqlConnectionProtocol.UnixSocket;
        }
        else
        {
            builder.Server = uri.Host;
            builder.Port = uri.IsDefaultPort || uri.Port < 0 ? 3306u : (uint)uri.Port;
        }

        return builder.ConnectionString;
    }

    private static string? Query(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (string.Equals(Uri.UnescapeDataString(parts[0]), name, StringComparison.Ordinal))
            {
                return parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            }
        }

        return null;
    }
}

/// <summary>A setting is missing or malformed; the message names it in one line and holds no secret.</summary>
public sealed class StockConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StockConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public StockConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StockConfigurationException()
        : base("A setting is missing or malformed.")
    {
    }
}

/// <summary>The database cannot be reached or used; the message names which database, never the password.</summary>
public sealed class StockDatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StockDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StockDatabaseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StockDatabaseException()
        : base("The database cannot be reached.")
    {
    }
}
