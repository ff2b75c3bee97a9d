using System.Text.Json.Nodes;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// WB's catalogue read incrementally (D51) against a world that reads the whole catalogue every check: the same seller,
/// the same changes between checks (a card renamed and resized, a card added, a card trashed, stock moving on cards that
/// did not change, a trashed card restored as it was, one deleted), the same events and the same stored products, with
/// a fraction of the cards requested, and the whole list again after 7 days.
/// </summary>
[Trait("Needs", "Services")]
public sealed class IncrementalCatalogueTests
{
    private const string SellerName = "ООО Амодекор";
    private const string Token = "wb-token-incremental";
    private const long FirstNmId = 211_000_001;
    private const int Cards = 250;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChangedCardsOnly_GiveTheEventsAndProductsOfAWholeRead(string provider)
    {
        await using var incremental = await World.StartAsync(provider, wholeReadDays: 7);
        await using var whole = await World.StartAsync(provider, wholeReadDays: 0);
        World[] worlds = [incremental, whole];

        // Day 1: the first check reads everything in both worlds.
        foreach (var world in worlds)
        {
            await world.CheckAsync();
        }

        incremental.CardPages().Should().Be(3, "250 cards are 3 pages of 100");
        incremental.FirstCardsCursor().Should().BeNull();
        await SameAsync(incremental, whole, "day 1");

        // Day 2: one card renamed and resized (its FBS stock now on a new size), one added, one trashed with FBO stock
        // (merging it as listed would raise StockFBOOver), and FBO running out on two cards nobody edited.
        foreach (var world in worlds)
        {
            world.NextDay();
            var now = world.Sim.Time.GetUtcNow();
            world.Seller.ChangeWbCard(FirstNmId + 5, now.AddMinutes(-30), "Кружка переименованная", "M", "L");
            world.Seller.SetWbStock(FirstNmId + 5, fbo: 40, fbs: 7);
            world.Seller.AddWbProduct(FirstNmId + Cards, "NEW-CARD", "Новая кружка", fbo: 3, fbs: 2, now.AddMinutes(-20));
            world.Seller.TrashWbCard(FirstNmId + 7, now.AddMinutes(-10));
            world.Seller.SetWbStock(FirstNmId + 8, fbo: 2, fbs: 0);
            world.Seller.SetWbStock(FirstNmId + 9, fbo: 0, fbs: 0);
            await world.CheckAsync();
        }

        incremental.CardPages().Should().Be(1, "only the 2 changed cards come after the stored cursor");
        incremental.FirstCardsCursor().Should().StartWith(incremental.LastCardUpdated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), "it starts after the last card of day 1");
        whole.CardPages().Should().Be(3);
        var day2 = await SameAsync(incremental, whole, "day 2");
        day2.Should().Contain(e => e.StartsWith("fbo_over", StringComparison.Ordinal) && e.Contains($"\"{FirstNmId + 8}\"", StringComparison.Ordinal), "stock of unchanged cards is still read");
        day2.Should().NotContain(e => e.Contains($"\"{FirstNmId + 7}\"", StringComparison.Ordinal), "a trashed card is not checked");
        (await StoredAsync(incremental))[(FirstNmId + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)].StockFbs
            .Should().Be(7, "FBS stock is read by the changed card's new sizes");

        // Day 3: the trashed card restored as it was (its updatedAt unchanged: the changes do not show it), and the new
        // card deleted through the trash: the incremental world reads the whole catalogue once, and agrees again.
        foreach (var world in worlds)
        {
            world.NextDay();
            world.Seller.RestoreWbCard(FirstNmId + 7);
            world.Seller.TrashWbCard(FirstNmId + Cards, world.Sim.Time.GetUtcNow().AddMinutes(-5));
            world.Seller.DeleteWbCard(FirstNmId + Cards);
            await world.CheckAsync();
        }

        incremental.CardPages().Should().Be(1 + 3, "the changes, then the whole list once the restored card is seen missing from the trash");
        await SameAsync(incremental, whole, "day 3");
        var catalogue = await CatalogueAsync(incremental);
        catalogue[(FirstNmId + 7).ToString(System.Globalization.CultureInfo.InvariantCulture)].Should().Be(CardListing.Listed);
        catalogue[(FirstNmId + Cards).ToString(System.Globalization.CultureInfo.InvariantCulture)].Should().Be(CardListing.Gone);

        // Day 4: nothing edited: one page of changes (none), the same events.
        foreach (var world in worlds)
        {
            world.NextDay();
            world.Seller.SetWbStock(FirstNmId + 10, fbo: 1, fbs: 0);
            await world.CheckAsync();
        }

        incremental.CardPages().Should().Be(1);
        incremental.FirstCardsCursor().Should().NotBeNull();
        (await SameAsync(incremental, whole, "day 4")).Should().NotBeEmpty();

        // Day 10: the last whole read (day 3) is 7 days old: the whole list again, for safety.
        foreach (var world in worlds)
        {
            world.Harness.Time.Advance(TimeSpan.FromDays(6));
            await world.CheckAsync();
        }

        incremental.CardPages().Should().Be(3, "Stock:CatalogueFullReadDays is 7");
        incremental.FirstCardsCursor().Should().BeNull();
        await SameAsync(incremental, whole, "day 10");
    }

    /// <summary>Both worlds raised the same events in their last check and store the same products; returns those events.</summary>
    private static async Task<List<string>> SameAsync(World incremental, World whole, string day)
    {
        var events = await incremental.LastEventsAsync();
        events.Should().BeEquivalentTo(await whole.LastEventsAsync(), $"{day}: an incremental read raises what a whole read raises");
        (await StoredAsync(incremental)).Values.Select(Columns).Should().BeEquivalentTo((await StoredAsync(whole)).Values.Select(Columns), day);
        return events;
    }

    private static object Columns(Stock.Domain.Products.Product p) =>
        new { p.Sku.Id, p.Sku.VendorCode, p.Name, p.StockFbo, p.StockFbs, p.Status, p.CheckedOn, Units = string.Join(',', p.StockUnitIds) };

    private static async Task<Dictionary<string, Stock.Domain.Products.Product>> StoredAsync(World world)
    {
        await using var unit = world.Database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(SellerName), default))!;
        return (await unit.Products.ListAsync(entity.Id, DateOnly.MinValue, default)).ToDictionary(p => p.Sku.Id);
    }

    private static async Task<Dictionary<string, CardListing>> CatalogueAsync(World world)
    {
        await using var unit = world.Database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(SellerName), default))!;
        return (await unit.Products.CatalogueAsync(entity.Id, Marketplace.Wildberries, default)).ToDictionary(c => c.Card.Sku.Id, c => c.Listing);
    }

    private sealed class World : SimulatedWorld
    {
        private int _requestsBefore;
        private DateTimeOffset _checkedAt;

        private World(TestDatabase database, int wholeReadDays)
            : base(database, o => o.CatalogueFullReadDays = wholeReadDays)
        {
        }

        public SimulatedSeller Seller { get; private set; } = null!;

        /// <summary>The <c>updatedAt</c> of the last card of the seller's first catalogue.</summary>
        public DateTimeOffset LastCardUpdated { get; private set; }

        public static async Task<World> StartAsync(string provider, int wholeReadDays)
        {
            var world = new World(await TestDatabase.CreateAsync(provider), wholeReadDays);
            await world.StartSimulationAsync();
            var harness = world.Harness;
            world.Seller = world.Sim.AddSeller(SellerName, Token, "123456", "ozon-key-incremental");
            var random = new Random(7);
            var updated = harness.Time.GetUtcNow().AddDays(-90);
            for (var i = 0; i < Cards; i++)
            {
                var nmId = FirstNmId + i;
                world.Seller.AddWbProduct(nmId, $"MUG-{i:D3}", $"Кружка {i}", fbo: random.Next(0, 40), fbs: random.Next(0, 10), updated.AddMinutes(i), "S", "M");
                var perDay = random.Next(0, 4);
                for (var day = 30; day >= 1 && perDay > 0; day--)
                {
                    world.Seller.AddWbOrders(nmId, world.Sim.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), perDay);
                }
            }

            world.LastCardUpdated = updated.AddMinutes(Cards - 1);
            world.Seller.SetWbStock(FirstNmId + 7, fbo: 30, fbs: 5);
            world.Seller.SetWbStock(FirstNmId + 8, fbo: 30, fbs: 5);
            world.Seller.SetWbStock(FirstNmId + 9, fbo: 30, fbs: 5);
            world.Seller.SetWbStock(FirstNmId + 10, fbo: 30, fbs: 5);
            await harness.SendAsync(new Stock.Application.Commands.SetMarketplaceKey(SellerName, "wb", Token: Token));
            return world;
        }

        public void NextDay() => Harness.Time.Advance(TimeSpan.FromDays(1));

        public async Task CheckAsync()
        {
            _requestsBefore = Sim.Requests.Count;
            _checkedAt = Harness.Time.GetUtcNow();
            var report = await Harness.CheckAsync(SellerName, relay: false);
            report.Succeeded.Should().BeTrue(string.Join("; ", report.Marketplaces.Select(m => m.Error)));
        }

        private IEnumerable<SimulatedRequest> LastRequests(string path) => Sim.Requests.Skip(_requestsBefore).Where(r => r.Path.EndsWith(path, StringComparison.Ordinal));

        /// <summary>Pages of the cards list the last check asked for.</summary>
        public int CardPages() => LastRequests("/content/v2/get/cards/list").Count();

        /// <summary>The <c>updatedAt</c> the last check's first cards page started after; null for the start of the list.</summary>
        public string? FirstCardsCursor() => LastRequests("/content/v2/get/cards/list").Select(r => JsonNode.Parse(r.Body)!["settings"]!["cursor"]!["updatedAt"]?.GetValue<string>()).First();

        /// <summary>The alerts the last check wrote to the outbox, as topic-free normalised payloads.</summary>
        public async Task<List<string>> LastEventsAsync()
        {
            await using var unit = Database.Units.Begin();
            var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(SellerName), default))!;
            return [.. (await unit.Outbox.SinceAsync(entity.Id, _checkedAt, default)).Select(m =>
            {
                var data = JsonNode.Parse(m.Payload)!.AsObject();
                data.Remove("guid");
                data.Remove("time");
                return $"{EventTopic(m.EventType)} {data.ToJsonString()}";
            }).Order(StringComparer.Ordinal)];
        }

        private static string EventTopic(string eventType) => eventType switch
        {
            "StockFBOOver" => "fbo_over",
            "StockFBOReceived" => "fbo_received",
            "LowOnStock" => "low_on_stock",
            _ => eventType,
        };
    }
}
