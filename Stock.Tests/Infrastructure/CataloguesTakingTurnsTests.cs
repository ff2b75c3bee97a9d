using Stock.Application.Checks;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// Catalogues one at a time (Stock:CataloguesAtOnce, D53), through real checks of both simulated marketplaces on SQLite:
/// each marketplace's orders are read before its catalogue, one marketplace's catalogue is read and stored before the
/// other's is asked for, and the events are those of a process that holds both at once.
/// </summary>
public sealed class CataloguesTakingTurnsTests
{
    private const string SellerName = "ООО Амодекор";

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 0, 2)]
    [InlineData(0, 383L * 1024 * 1024, 1)]
    [InlineData(0, 767L * 1024 * 1024, 0)]
    [InlineData(3, 767L * 1024 * 1024, 3)]
    public void Turns_AreTheSettings_OrOneInASmallInstance(int setting, long runtimeMemory, int turns) =>
        CatalogueGate.TurnsFor(setting, runtimeMemory).Should().Be(turns);

    [Fact]
    public async Task OneAtATime_ReadsOrdersFirst_NeverTwoCataloguesAtOnce_AndRaisesTheSameEvents()
    {
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes.Should().BeGreaterThanOrEqualTo(
            CatalogueGate.SmallInstanceBytes, "the world compared with holds both catalogues at once by default");

        await using var turns = await World.StartAsync(cataloguesAtOnce: 1);
        await using var together = await World.StartAsync(cataloguesAtOnce: 0);
        for (var day = 0; day < 2; day++)
        {
            var before = turns.Sim.Requests.Count;
            await turns.CheckAsync();
            await together.CheckAsync();

            var requests = turns.Sim.Requests.Skip(before).Select(r => (Marketplace: r.Host == "ozon" ? "ozon" : "wb", Orders: IsOrders(r.Path))).ToList();
            foreach (var marketplace in new[] { "wb", "ozon" })
            {
                var lastOrders = requests.FindLastIndex(r => r.Marketplace == marketplace && r.Orders);
                var firstCatalogue = requests.FindIndex(r => r.Marketplace == marketplace && !r.Orders);
                lastOrders.Should().BeGreaterThanOrEqualTo(0, $"day {day}: {marketplace}'s orders are read");
                firstCatalogue.Should().BeGreaterThan(lastOrders, $"day {day}: {marketplace}'s catalogue waits for its orders");
            }

            var catalogues = requests.Where(r => !r.Orders).Select(r => r.Marketplace).ToList();
            catalogues.Zip(catalogues.Skip(1)).Count(pair => pair.First != pair.Second).Should().Be(
                1, $"day {day}: one marketplace's catalogue is read and stored before the other's is asked for");

            turns.Published().Should().NotBeEmpty().And.Equal(together.Published(), $"day {day}: the same events either way");
            turns.NextDay();
            together.NextDay();
        }
    }

    private static bool IsOrders(string path) =>
        path.Contains("supplier/orders", StringComparison.Ordinal) || path.Contains("/analytics/data", StringComparison.Ordinal) || path.Contains("/posting/", StringComparison.Ordinal);

    private sealed class World : SimulatedWorld
    {
        private World(TestDatabase database, int cataloguesAtOnce)
            : base(database, o => o.CataloguesAtOnce = cataloguesAtOnce)
        {
        }

        public SimulatedSeller Seller { get; private set; } = null!;

        public static async Task<World> StartAsync(int cataloguesAtOnce)
        {
            var world = new World(await TestDatabase.CreateAsync(TestDatabase.Sqlite), cataloguesAtOnce);
            await world.StartSimulationAsync();
            world.Seller = world.Sim.AddSeller(SellerName, "wb-token-turns", "123456", "ozon-key-turns");
            world.Seller.Generate(seed: 17, wbProducts: 300, ozonProducts: 300, world.Sim.Today, historyDays: 30);
            await world.Harness.SendAsync(new Stock.Application.Commands.SetMarketplaceKey(SellerName, "wb", Token: "wb-token-turns"));
            await world.Harness.SendAsync(new Stock.Application.Commands.SetMarketplaceKey(SellerName, "ozon", ClientId: "123456", ApiKey: "ozon-key-turns"));
            return world;
        }

        public async Task CheckAsync()
        {
            Harness.Publisher.Published.Clear();
            var report = await Harness.CheckAsync(SellerName, relay: true);
            report.Succeeded.Should().BeTrue(string.Join("; ", report.Marketplaces.Select(m => m.Error)));
        }

        /// <summary>What the last check published, each as type and payload without its guid and time.</summary>
        public List<string> Published() =>
            [.. Harness.Publisher.Published.Select(m => Stock.Tests.Faults.FaultWorld.Normalize(m.EventType, m.Payload)).Order(StringComparer.Ordinal)];

        /// <summary>A day passes: most products sell, and every fifth changes stock (alike in both worlds).</summary>
        public void NextDay()
        {
            Harness.Time.Advance(TimeSpan.FromDays(1));
            var yesterday = Sim.Today.AddDays(-1);
            var random = new Random(yesterday.DayNumber);
            foreach (var nmId in Seller.WbProducts)
            {
                Seller.AddWbOrders(nmId, yesterday.ToDateTime(new TimeOnly(13, 0)), random.Next(0, 3));
                if (random.Next(5) == 0)
                {
                    Seller.SetWbStock(nmId, random.Next(0, 30), random.Next(0, 10));
                }
            }

            foreach (var sku in Seller.OzonProducts)
            {
                Seller.AddOzonOrders(sku, yesterday, random.Next(0, 3));
                if (random.Next(5) == 0)
                {
                    Seller.SetOzonStock(sku, random.Next(0, 30), random.Next(0, 10));
                }
            }
        }
    }
}
