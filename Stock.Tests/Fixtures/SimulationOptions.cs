using Stock.Infrastructure.Marketplaces;
using Stock.Simulation;

namespace Stock.Tests.Fixtures;

/// <summary>Points the adapters' options at a running simulation (the typed twin of its configuration values).</summary>
internal static class SimulationOptions
{
    public static void Configure(this SimulatedMarketplaces simulation, MarketplaceOptions options)
    {
        options.Wildberries.ContentBaseUrl = new Uri(simulation.BaseUrl, "wb-content/");
        options.Wildberries.StatisticsBaseUrl = new Uri(simulation.BaseUrl, "wb-statistics/");
        options.Wildberries.MarketplaceBaseUrl = new Uri(simulation.BaseUrl, "wb-marketplace/");
        options.Wildberries.AnalyticsBaseUrl = new Uri(simulation.BaseUrl, "wb-analytics/");
        options.Wildberries.SuppliesBaseUrl = new Uri(simulation.BaseUrl, "wb-supplies/");
        options.Ozon.BaseUrl = new Uri(simulation.BaseUrl, "ozon/");
    }
}
