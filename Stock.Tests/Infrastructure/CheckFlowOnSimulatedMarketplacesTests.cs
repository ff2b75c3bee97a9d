using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application.Marketplaces;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Infrastructure;
using Stock.Infrastructure.Marketplaces;
using Stock.Simulation;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>The check flow with the real WB and Ozon adapters against the simulated marketplaces.</summary>
public sealed class CheckFlowOnSimulatedMarketplacesTests
{
    [Fact]
    public async Task ChecksOfTwoDays_ReadBothMarketplaces_AndAlertOnTheChangedStock()
    {
        SimulatedMarketplaces sim = null!;
        await using var h = new ApplicationHarness(replace: (services, _) =>
        {
            services.RemoveAll<IMarketplaceClient>();
            services.RemoveAll<MarketplaceDefinition>();
            services.AddStockMarketplaces(new ConfigurationBuilder().Build());
            services.Configure<MarketplaceOptions>(o =>
            {
                sim.Configure(o);
                foreach (var bucket in AdapterLimits.Documented.Keys)
                {
                    o.RateLimits[bucket] = RateLimit.Of(1000, TimeSpan.FromSeconds(1), 100);
                }
            });
        });
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        var seller = sim.AddSeller("ООО Амодекор", "wb-token-e2e", "123456", "ozon-key-e2e");
        seller.Generate(seed: 5, wbProducts: 30, ozonProducts: 30, sim.Today);
        h.Database.AddLegalEntity("ООО Амодекор", MarketplaceKey.Wildberries("wb-token-e2e"), MarketplaceKey.Ozon("123456", "ozon-key-e2e"));

        var wbTarget = seller.WbProducts[0];
        var ozonTarget = seller.OzonProducts[0];
        seller.SetWbStock(wbTarget, fbo: 5, fbs: 0);
        seller.SetOzonStock(ozonTarget, fbo: 20, fbsPresent: 0);

        var first = await h.CheckAsync();

        first.Succeeded.Should().BeTrue(string.Join("; ", first.Marketplaces.Select(m => m.Error)));
        first.Products.Should().Be(60);
        seller.SetWbStock(wbTarget, fbo: 40, fbs: 0);
        seller.SetOzonStock(ozonTarget, fbo: 0, fbsPresent: 0);
        h.Time.Advance(TimeSpan.FromDays(1));
        var between = h.Publisher.Published.Count;
        await h.CheckAsync();
        seller.SetWbStock(wbTarget, fbo: 2, fbs: 0);
        h.Time.Advance(TimeSpan.FromDays(1));

        var third = await h.CheckAsync();

        third.Succeeded.Should().BeTrue();
        var published = h.Publisher.Published.Skip(between).ToList();
        published.Should().Contain(m => m.EventType == StockFboOver.TypeName && m.Attributes["sku"] == wbTarget.ToString());
        published.Should().Contain(m => m.EventType == StockFboReceived.TypeName && m.Attributes["sku"] == wbTarget.ToString());
        published.Should().Contain(m => m.EventType == StockFboOver.TypeName && m.Attributes["marketplace"] == "ozon" && m.Attributes["sku"] == ozonTarget.ToString());
        h.Database.Read(db => db.Products.Count).Should().Be(60);
        h.Database.Read(db => db.Products.Values.Count(p => p.State.Sku.Marketplace == Marketplace.Ozon && p.Days.Count > 0)).Should().BeGreaterThan(10, "60 days of Ozon order history were read");
    }

    [Fact]
    public async Task AnOzonClusterRunningDry_WhileTheTotalLooksFine_IsAlertedFromTheSimulatedAnalyticsStocks()
    {
        SimulatedMarketplaces sim = null!;
        await using var h = new ApplicationHarness(replace: (services, _) =>
        {
            services.RemoveAll<IMarketplaceClient>();
            services.RemoveAll<MarketplaceDefinition>();
            services.AddStockMarketplaces(new ConfigurationBuilder().Build());
            services.Configure<MarketplaceOptions>(o => sim.Configure(o));
        });
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        var seller = sim.AddSeller("ООО Амодекор", "wb-token-e2e", "123456", "ozon-key-e2e");
        seller.AddOzonProduct(900_000_001, "CUP-OZ", 1_700_000_001, "Чашка", fbo: 0, fbsPresent: 0);
        seller.SetOzonClusters(1_700_000_001, new SimulatedCluster(4007, "Москва, МО и Дальние регионы", 90, 3.0), new SimulatedCluster(4039, "Новосибирск", 1, 0.5));
        seller.AddOzonProduct(900_000_002, "PLATE-OZ", 1_700_000_002, "Тарелка", fbo: 30, fbsPresent: 0);
        h.Database.AddLegalEntity("ООО Амодекор", MarketplaceKey.Ozon("123456", "ozon-key-e2e"));

        var report = await h.CheckAsync();

        report.Succeeded.Should().BeTrue(string.Join("; ", report.Marketplaces.Select(m => m.Error)) + string.Join("\n", h.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal))));
        var low = h.Publisher.Published.Where(m => m.EventType == StockClusterLow.TypeName).Should().ContainSingle().Subject;
        low.Attributes["cluster"].Should().Be("4039");
        low.Payload.Should().Contain("\"cluster_name\":\"Новосибирск\"").And.Contain("\"stock\":1,\"ads\":0.5,\"days_of_cover\":2");
        h.Database.Read(db => db.Products.Values.Single(p => p.State.Sku.Id == "1700000001").State.StockFbo).Should().Be(91, "the FBO stock is the clusters' sum");
    }
}
