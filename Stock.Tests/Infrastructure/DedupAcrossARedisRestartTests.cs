using Microsoft.Extensions.Configuration;
using Stock.Application.Commands;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// The 15-hour deduplication window when Redis restarts empty (Memorystore Basic does, on maintenance) between two
/// checks on consecutive business days: what an intact Redis suppressed, the database still remembers (D49).
/// </summary>
[Trait("Needs", "Services")]
public sealed class DedupAcrossARedisRestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoChecksAcrossABusinessDate_ARedisRestartedEmptyBetweenThem_DeliversWhatAnIntactRedisDelivers(bool restart)
    {
        SimulatedMarketplaces sim = null!;
        using var redis = new PrivateRedis();
        await redis.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var h = SimulatedHarness.OnDatabase(() => sim, database, extra: services => services.AddStockRedis(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stock:Redis:Configuration"] = redis.Configuration,
        }).Build()));
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        h.Time.Advance(TimeSpan.FromHours(13)); // 23:00 in Moscow, the evening of the first business day
        var token = SimulatedMarketplaces.WbJwt(h.Time.GetUtcNow().AddDays(5));
        var seller = sim.AddSeller("ООО Амодекор", token, "123456", "ozon-key");
        seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 30, fbs: 2, h.Time.GetUtcNow().AddDays(-100));
        await h.SendAsync(new SetMarketplaceKey("ООО Амодекор", "wb", Token: token));

        var evening = await h.CheckAsync();
        if (restart)
        {
            redis.Stop();
            await redis.StartAsync();
        }

        h.Time.Advance(TimeSpan.FromHours(9)); // 08:00 the next morning: a new business date, within the 15-hour window
        var morning = await h.CheckAsync();

        evening.Relay!.Published.Should().Be(1, "the key expires in 5 days");
        morning.Relay!.Error.Should().BeNull();
        (morning.Relay.Published, morning.Relay.Suppressed).Should().Be((0, 1), "the expiry, raised again on the new business date, was delivered 9 hours ago");
        h.Publisher.Published.Count(m => m.EventType == "MarketplaceKeyExpiring").Should().Be(1);
    }
}
