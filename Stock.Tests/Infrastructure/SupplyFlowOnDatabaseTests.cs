using System.Text.Json;
using Stock.Application.Commands;
using Stock.Domain;
using Stock.Simulation;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// The supply rule through real checks of the simulated WB and Ozon, stored in each database: stock in transit on both
/// marketplaces, a product's own settings, one alert per depletion, and the re-arm after a supply.
/// </summary>
[Trait("Needs", "Services")]
public sealed class SupplyFlowOnDatabaseTests
{
    private const string Seller = "ООО Амодекор";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SupplyDue_CountsStockInTransit_HonoursOverrides_RaisesOncePerDepletion_AndReArmsAfterASupply(string provider)
    {
        SimulatedMarketplaces sim = null!;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = Harness(() => sim, database);
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        var seller = sim.AddSeller(Seller, "wb-token-supply", "123456", "ozon-key-supply");
        // Every product sells 4 a day: ship is due at FBO + in transit <= 4 x 11 = 44 (WB and Ozon lead 10 days).
        seller.AddWbProduct(211111111, "MUG-A", "Кружка А", fbo: 30, fbs: 500, DateTimeOffset.UtcNow.AddDays(-200));   // due
        seller.AddWbProduct(211111112, "MUG-B", "Кружка Б", fbo: 20, fbs: 500, DateTimeOffset.UtcNow.AddDays(-200));   // 20 + 60 in transit
        seller.AddWbProduct(211111113, "MUG-C", "Кружка В", fbo: 60, fbs: 500, DateTimeOffset.UtcNow.AddDays(-200));   // due only at 20 days
        seller.AddOzonProduct(900000001, "CUP-D", 1700000001, "Чашка Г", fbo: 20, fbsPresent: 500);                       // 20 + 30 in transit
        seller.AddOzonProduct(900000002, "CUP-E", 1700000002, "Чашка Д", fbo: 25, fbsPresent: 500);                       // due
        for (var day = 60; day >= 1; day--)
        {
            foreach (var nmId in new long[] { 211111111, 211111112, 211111113 })
            {
                seller.AddWbOrders(nmId, sim.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 4);
            }

            seller.AddOzonOrders(1700000001, sim.Today.AddDays(-day), 4);
            seller.AddOzonOrders(1700000002, sim.Today.AddDays(-day), 4);
        }

        seller.AddWbSupply(statusId: 3, preorder: false, (211111112, 60, 0));
        seller.AddWbSupply(statusId: 5, preorder: false, (211111111, 100, 100)); // accepted: no longer in transit
        seller.SetOzonTransit(1700000001, transit: 20, requested: 10);
        await h.SendAsync(new SetMarketplaceKey(Seller, "wb", Token: "wb-token-supply"));
        await h.SendAsync(new SetMarketplaceKey(Seller, "ozon", ClientId: "123456", ApiKey: "ozon-key-supply"));

        var first = await h.CheckAsync();

        first.Succeeded.Should().BeTrue(string.Join("; ", first.Marketplaces.Select(m => m.Error)));
        var ships = await ShipAlertsAsync(database, since: h.Time.GetUtcNow().AddDays(-1));
        ships.Keys.Should().BeEquivalentTo(["211111111", "1700000002"], "B and D have enough in transit; C has 60");
        ships["211111111"].GetProperty("in_transit").GetInt32().Should().Be(0, "the accepted supply is on sale, not in transit");
        var stored = await StoredAsync(database);
        (stored["211111112"].InTransit, stored["1700000001"].InTransit).Should().Be((60, 30));

        var rule = await h.SendAsync(new SetSupplyRule(Seller, "wb", "211111113", ShipLeadTimeDays: 20, PackSize: 25));
        rule.Settings.Should().Be(new Stock.Domain.Supply.SupplySettings(20, null, 25, false));
        (await h.SendAsync(new ListSupplyRules(Seller))).Should().ContainSingle().Which.Sku.Id.Should().Be("211111113");
        h.Time.Advance(TimeSpan.FromDays(1));
        var second = await h.CheckAsync();

        second.Succeeded.Should().BeTrue();
        var later = await ShipAlertsAsync(database, since: h.Time.GetUtcNow().AddHours(-1));
        later.Keys.Should().BeEquivalentTo(["211111113"], "A and E were alerted in this depletion; C is due at its own 20 days");
        later["211111113"].GetProperty("lead_time_days").GetInt32().Should().Be(20);
        (later["211111113"].GetProperty("recommended_supply").GetInt32() % 25).Should().Be(0, "rounded up to its pack of 25");

        seller.SetWbStock(211111111, fbo: 400, fbs: 500); // a supply of A arrived
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.CheckAsync();
        (await ShipAlertsAsync(database, since: h.Time.GetUtcNow().AddHours(-1))).Should().NotContainKey("211111111");
        (await StoredAsync(database))["211111111"].ShipDueSince.Should().BeNull("re-armed by the supply");

        seller.SetWbStock(211111111, fbo: 20, fbs: 500); // sold through again
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.CheckAsync();
        (await ShipAlertsAsync(database, since: h.Time.GetUtcNow().AddHours(-1))).Should().ContainKey("211111111", "a new depletion raises it again");
    }

    // The ship alerts written since then, by sku: their payloads.
    private static async Task<Dictionary<string, JsonElement>> ShipAlertsAsync(TestDatabase database, DateTimeOffset since)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        return (await unit.Outbox.SinceAsync(entity.Id, since, default))
            .Where(m => m.EventType == "SupplyDue" && m.Attributes["kind"] == "ship")
            .ToDictionary(m => m.Attributes["sku"], m => JsonDocument.Parse(m.Payload).RootElement.Clone());
    }

    private static async Task<Dictionary<string, Stock.Domain.Products.Product>> StoredAsync(TestDatabase database)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        return (await unit.Products.ListAsync(entity.Id, DateOnly.MinValue, default)).ToDictionary(p => p.Sku.Id);
    }

    private static ApplicationHarness Harness(Func<SimulatedMarketplaces> sim, TestDatabase database) =>
        SimulatedHarness.OnDatabase(sim, database, supplyRule: true);
}
