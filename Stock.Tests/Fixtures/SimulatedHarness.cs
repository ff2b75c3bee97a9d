using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application;
using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Infrastructure;
using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.Persistence;
using Stock.Simulation;
using Stock.Tests.Fakes;

namespace Stock.Tests.Fixtures;

/// <summary>The application over a real database and the real adapters, pointed at the simulated marketplaces with their limits lifted.</summary>
internal static class SimulatedHarness
{
    /// <param name="sim">The simulation, started after the harness (it takes the harness's clock).</param>
    /// <param name="database">The database.</param>
    /// <param name="units">Units of work to use instead of the database's own.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <param name="supplyRule">Whether the supply rule runs.</param>
    /// <param name="extra">Services added last, e.g. Redis in front of the database's stores.</param>
    public static ApplicationHarness OnDatabase(
        Func<SimulatedMarketplaces> sim, TestDatabase database, IUnitOfWorkFactory? units = null, Action<StockOptions>? configure = null, bool supplyRule = false,
        Action<IServiceCollection>? extra = null) =>
        new(configure, replace: (services, time) =>
        {
            var contexts = new StockDbContextFactory(database.Options);
            services.AddSingleton(units ?? new EfUnitOfWorkFactory(contexts, time, database.Cipher));
            services.AddSingleton<ILeaseStore>(database.Options.Provider == DatabaseProvider.Sqlite ? new SqliteLeaseStore(database.Options, time) : new DatabaseLeaseStore(contexts, time));
            services.AddSingleton<IDedupStore>(new DatabaseDedupStore(contexts, time));
            services.RemoveAll<IMarketplaceClient>();
            services.RemoveAll<MarketplaceDefinition>();
            services.AddStockMarketplaces(new ConfigurationBuilder().Build());
            services.Configure<MarketplaceOptions>(o =>
            {
                sim().Configure(o);
                o.MaxRetries = 0;
                foreach (var bucket in AdapterLimits.Documented.Keys)
                {
                    o.RateLimits[bucket] = RateLimit.Of(1000, TimeSpan.FromSeconds(1), 1000);
                }
            });
            extra?.Invoke(services);
        }, supplyRule: supplyRule);
}
