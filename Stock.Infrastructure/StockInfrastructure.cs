using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Stock.Application;
using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Infrastructure.Health;
using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.Marketplaces.Ozon;
using Stock.Infrastructure.Marketplaces.Wildberries;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.Secrets;

namespace Stock.Infrastructure;

/// <summary>Registers the infrastructure adapters.</summary>
public static class StockInfrastructure
{
    /// <summary>
    /// Registers every adapter from configuration: Redis (when configured), the database, the Wildberries and Ozon
    /// adapters, and the event publisher. <see cref="StockServiceCollectionExtensions.AddStock"/> calls it.
    /// </summary>
    public static IServiceCollection AddStockInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStockRedis(configuration);
        services.AddStockPersistence(configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddStockMarketplaces(configuration);
        services.AddStockEvents(configuration);
        return services;
    }

    /// <summary>
    /// Registers the database (SQLite by default, MySQL/MariaDB when configured), the units of work, and the
    /// database-backed leases and deduplication keys (Redis replaces those two when configured).
    /// </summary>
    internal static IServiceCollection AddStockPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = DatabaseSettings.Resolve(configuration);
        return services.AddStockPersistence(options, () => KeyRingSource.Resolve(configuration, options));
    }

    /// <summary>
    /// Registers the Wildberries and Ozon adapters (<c>Stock:Marketplaces</c>): one resilient, rate-limited HTTP
    /// client per marketplace host.
    /// </summary>
    internal static IServiceCollection AddStockMarketplaces(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MarketplaceOptions>().Bind(configuration.GetSection(MarketplaceOptions.SectionName));
        services.AddOptions<StockOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMarketplaceHttpClients(WildberriesProtocol.Instance);
        services.AddMarketplace<WildberriesMarketplaceClient>(WildberriesProtocol.Definition);
        services.AddMarketplaceHttpClients(OzonProtocol.Instance);
        services.AddMarketplace<OzonMarketplaceClient>(OzonProtocol.Definition);
        return services;
    }

    /// <summary>Registers the database with explicit options, and where the keys that encrypt marketplace keys at rest come from.</summary>
    internal static IServiceCollection AddStockPersistence(this IServiceCollection services, DatabaseOptions options, Func<KeyRing> keys)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IInterceptor>(sp => new DbCommandCounter(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new StockDbContextFactory(options, sp.GetService<ILoggerFactory>(), sp.GetServices<IInterceptor>()));
        services.AddSingleton(new KeyCipher(keys));
        services.AddSingleton<IUnitOfWorkFactory, EfUnitOfWorkFactory>();
        services.AddSingleton<IStockDatabase, StockDatabase>();
        // SQLite's leases live in a file of their own, so that renewing one never waits behind the check's writes (D50).
        services.TryAddSingleton<ILeaseStore>(sp => options.Provider == DatabaseProvider.Sqlite
            ? new SqliteLeaseStore(options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<StockDatabase>>())
            : new DatabaseLeaseStore(sp.GetRequiredService<StockDbContextFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IDedupStore, DatabaseDedupStore>();
        return services;
    }
}

/// <summary>Resolves <see cref="DatabaseOptions"/> from configuration, honouring the original's <c>DATABASE_URL</c>.</summary>
internal static class DatabaseSettings
{
    public static DatabaseOptions Resolve(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        try
        {
            configuration.GetSection(DatabaseOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new StockConfigurationException($"{DatabaseOptions.SectionName} is malformed: {ex.Message}", ex);
        }

        var explicitConnection = configuration.GetConnectionString("Stock");
        var databaseUrl = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(explicitConnection))
        {
            options.ConnectionString = explicitConnection;
        }
        else if (!string.IsNullOrWhiteSpace(databaseUrl))
        {
            options.Provider = DatabaseProvider.MySql;
            options.ConnectionString = DatabaseUrl.ToConnectionString(databaseUrl);
        }

        if (options.RetentionDays < 60)
        {
            throw new StockConfigurationException($"{DatabaseOptions.SectionName}:RetentionDays must be at least 60 (the rules read 60 days), not {options.RetentionDays}.");
        }

        return options;
    }
}
