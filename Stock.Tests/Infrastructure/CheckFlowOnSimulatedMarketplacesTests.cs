using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Infrastructure;
using Stock.Infrastructure.Marketplaces;
using Stock.Simulation;
using Stock.Tests.Fixtures;
using Stock.Tests.Fakes;

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
            services.AddStockMarketplaces(new ConfigurationBuilder().Build());
            services.Configure<MarketplaceOptions>(o =>
            {
                sim.Configure(o);
                foreach (var bucket in Endpoints.DocumentedLimits.Keys)
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
}
