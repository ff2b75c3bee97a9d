namespace Stock.Infrastructure.Redis;

/// <summary>Redis for deduplication and leases, bound from <c>Stock:Redis</c> (or the original's <c>REDIS_URL</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=...</c>); empty: dedup and leases stay in the database.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>The prefix of every key Stock writes (<c>stock:</c>).</summary>
    public string KeyPrefix { get; set; } = "stock:";
}

/// <summary>Reads the original service's <c>REDIS_URL</c> (<c>redis://[:password@]host:port[/db]</c>).</summary>
public static class RedisUrl
{
    /// <summary>The StackExchange.Redis configuration string for <paramref name="url"/>.</summary>
    /// <exception cref="Persistence.StockConfigurationException">The URL is malformed; the message never holds the password.</exception>
    public static string ToConfiguration(string url)
    {
        const string expected = "expected redis://[:password@]host:port[/db]";
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            throw new Persistence.StockConfigurationException($"REDIS_URL is malformed: {expected}.");
        }

        var parts = new List<string> { $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}" };
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var db))
            {
                throw new Persistence.StockConfigurationException($"REDIS_URL has database '{database}', not a number: {expected}.");
            }

            parts.Add($"defaultDatabase={db}");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo.Length == 2 && userInfo[1].Length > 0)
        {
            parts.Add("password=" + Uri.UnescapeDataString(userInfo[1]));
            if (userInfo[0].Length > 0)
            {
                parts.Add("user=" + Uri.UnescapeDataString(userInfo[0]));
            }
        }

        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }
}
