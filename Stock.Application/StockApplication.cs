using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;

namespace Stock.Application;

/// <summary>Registers the application layer.</summary>
public static class StockApplication
{
    /// <summary>
    /// Registers the bus, the check flow and THE registry: every command and event mapping of Stock, in one place.
    /// Returns the registry, through which a consuming team adds its own listeners
    /// (<c>.AddEventListener&lt;TEvent, MyListener&gt;()</c>, for any event of the alert catalogue). Calling it again returns the same registry.
    /// </summary>
    public static MessageRegistry AddStockApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(MessageRegistry))?.ImplementationInstance is MessageRegistry existing)
        {
            return existing;
        }

        services.AddOptions<StockOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StockOptions>, StockOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IMessageBus, MessageBus>();
        services.TryAddScoped<CheckPolicy>();
        services.TryAddScoped<MarketplaceCheck>();
        services.TryAddSingleton<CatalogueGate>();
        services.TryAddScoped<CatalogueRead>();
        services.TryAddScoped<OrdersRead>();
        services.TryAddScoped<ProductStore>();
        services.TryAddScoped<HealthAlerts>();
        services.TryAddSingleton<Marketplaces.MarketplaceRegistry>();
        services.AddStockMetrics();

        var registry = new MessageRegistry(services);
        services.AddSingleton(registry);
        return registry
            .AddCommandHandler<CheckStocks, CheckReport, CheckStocksHandler>()
            .AddCommandHandler<LegalEntitiesToCheck, IReadOnlyList<string>, LegalEntitiesToCheckHandler>()
            .AddCommandHandler<RelayOutbox, RelayReport, RelayOutboxHandler>()
            .AddCommandHandler<SetMarketplaceKey, LegalEntitySummary, SetMarketplaceKeyHandler>()
            .AddCommandHandler<ListLegalEntities, IReadOnlyList<LegalEntitySummary>, ListLegalEntitiesHandler>()
            .AddCommandHandler<RotateKeyEncryption, int, RotateKeyEncryptionHandler>()
            .AddCommandHandler<ReportStock, StockReport, ReportStockHandler>()
            .AddCommandHandler<SetSupplyRule, SupplyOverride, SetSupplyRuleHandler>()
            .AddCommandHandler<ListSupplyRules, IReadOnlyList<SupplyOverride>, ListSupplyRulesHandler>();
    }
}
