using Stock.Application.Ports;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>
/// Tests that time real requests against the simulation's clock: they run alone, after the parallel ones, because a
/// loaded 2-core machine delays one request past the next by more than a gateway's slack (CI once saw a 429 of a client
/// that paced itself exactly at one a second, while forty other tests ran).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Runs alone: real-time pacing";
}

/// <summary>The adapters' own pacing against the simulation that enforces the documented limits.</summary>
[Collection(RunsAlone.Name)]
public sealed class PacingTests : IAsyncLifetime
{
    private const string OzonKey = "ozon-sim-key-SECRET-888";
    private static readonly MarketplaceKey Ozon = MarketplaceKey.Ozon("123456", OzonKey);

    private SimulatedMarketplaces _sim = null!;
    private SimulatedSeller _seller = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedMarketplaces.StartAsync();
        _seller = _sim.AddSeller("ООО Амодекор", "wb-sim-token-SECRET-777", "123456", OzonKey);
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task EnforcedLimits_LetAClientAtTheDocumentedLimitsThrough()
    {
        _sim.EnforceDocumentedLimits = true;
        _seller.Generate(seed: 5, wbProducts: 0, ozonProducts: 250, _sim.Today, historyDays: 2);
        await using var host = new AdapterHost(o =>
        {
            _sim.Configure(o);
            foreach (var (bucket, limit) in AdapterLimits.Documented)
            {
                o.RateLimits[bucket] = limit; // the adapters' own limits, which the test host otherwise lifts
            }
        });

        var products = await host.Ozon.GetProductsAsync(Ozon, default);
        await host.Ozon.GetFboStockAsync(Ozon, products, default);
        await host.Ozon.GetFbsStockAsync(Ozon, products, default);
        await host.Ozon.GetDailyOrdersAsync(Ozon, _sim.Today.AddDays(-1), default);

        _sim.Requests.Should().HaveCountGreaterThan(6).And.OnlyContain(r => r.Status == 200);
    }

}
