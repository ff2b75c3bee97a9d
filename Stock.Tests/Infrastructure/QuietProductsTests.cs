using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Domain;
using Stock.Simulation;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// Ozon's per-cluster stock asked where it matters (D52), through real checks of the simulated Ozon stored in each
/// database: a product that sells, one with stock in transit and one that just got stock are asked every check; a quiet
/// one (FBO stock, nothing sold for 60 days, nothing in transit) once a week on its own day, keeping its stored stock
/// between, so that a withdrawal shows on that day and not before; a quiet product that sells is asked again at once.
/// </summary>
[Trait("Needs", "Services")]
public sealed class QuietProductsTests
{
    private const string Seller = "ООО Амодекор";
    private const long Selling = 1_700_000_001;
    private const long Quiet = 1_700_000_002;
    private const long Coming = 1_700_000_003;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AQuietProduct_IsAskedOnceAWeek_KeepsItsStockBetween_AndIsAskedAgainOnceItSells(string provider)
    {
        SimulatedMarketplaces sim = null!;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = SimulatedHarness.OnDatabase(() => sim, database);
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        var seller = sim.AddSeller(Seller, "wb-token-quiet", "123456", "ozon-key-quiet");
        seller.AddOzonProduct(900_000_001, "CUP-SELLS", Selling, "Чашка продаётся", fbo: 300, fbsPresent: 10);
        seller.AddOzonProduct(900_000_002, "CUP-QUIET", Quiet, "Чашка лежит", fbo: 30, fbsPresent: 0);
        seller.AddOzonProduct(900_000_003, "CUP-COMING", Coming, "Чашка едет", fbo: 30, fbsPresent: 0);
        seller.SetOzonTransit(Coming, transit: 20);
        for (var day = 60; day >= 1; day--)
        {
            seller.AddOzonOrders(Selling, h.Today.AddDays(-day), 2);
        }

        await h.SendAsync(new SetMarketplaceKey(Seller, "ozon", ClientId: "123456", ApiKey: "ozon-key-quiet"));
        (await CheckAsync(h, sim)).Should().Contain([Selling, Quiet, Coming], "the first check asks every product: none is stored");

        // The quiet product's stock is withdrawn below the FBO threshold the next day; it is seen on its own day only.
        seller.SetOzonStock(Quiet, fbo: 4, fbsPresent: 0);
        var askedOn = new List<DateOnly>();
        for (var day = 1; day <= 7; day++)
        {
            h.Time.Advance(TimeSpan.FromDays(1));
            seller.AddOzonOrders(Selling, h.Today.AddDays(-1), 2);
            var since = h.Time.GetUtcNow();
            var asked = await CheckAsync(h, sim);
            asked.Should().Contain([Selling, Coming], $"day {day}: a product that sells, and one with stock in transit, are asked every check");
            var over = await FboOverAsync(database, since);
            if (asked.Contains(Quiet))
            {
                askedOn.Add(h.Today);
                over.Should().Contain(Quiet.ToString(System.Globalization.CultureInfo.InvariantCulture), "its own day shows the withdrawal");
            }
            else
            {
                over.Should().BeEmpty($"day {day}: a quiet product not asked keeps its stored stock and raises nothing");
                (await StoredFboAsync(database, Quiet)).Should().Be(askedOn.Count == 0 ? 30 : 4);
            }
        }

        askedOn.Should().ContainSingle("a quiet product is asked once a week");
        CatalogueRead.RefreshedOn(Quiet.ToString(System.Globalization.CultureInfo.InvariantCulture), askedOn[0]).Should().BeTrue("on its own day");

        // Stock again, and a sale: no longer quiet, asked on the next check whatever the day.
        seller.SetOzonStock(Quiet, fbo: 40, fbsPresent: 0);
        h.Time.Advance(TimeSpan.FromDays(1));
        seller.AddOzonOrders(Quiet, h.Today.AddDays(-1), 1);
        var next = await CheckAsync(h, sim);
        next.Should().Contain(Quiet, "a product that sold is asked every check");
    }

    // The skus the check asked /v1/analytics/stocks for.
    private static async Task<HashSet<long>> CheckAsync(ApplicationHarness h, SimulatedMarketplaces sim)
    {
        var before = sim.Requests.Count;
        var report = await h.CheckAsync(Seller, relay: false);
        report.Succeeded.Should().BeTrue(string.Join("; ", report.Marketplaces.Select(m => m.Error)));
        return [.. sim.Requests.Skip(before)
            .Where(r => r.Path == "/v1/analytics/stocks")
            .SelectMany(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("skus").EnumerateArray())
            .Select(s => long.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static async Task<List<string>> FboOverAsync(TestDatabase database, DateTimeOffset since)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        return [.. (await unit.Outbox.SinceAsync(entity.Id, since, default)).Where(m => m.EventType == "StockFBOOver").Select(m => m.Attributes["sku"])];
    }

    private static async Task<int> StoredFboAsync(TestDatabase database, long sku)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        return (await unit.Products.ListAsync(entity.Id, DateOnly.MinValue, default)).Single(p => p.Sku.Id == sku.ToString(System.Globalization.CultureInfo.InvariantCulture)).StockFbo;
    }
}
