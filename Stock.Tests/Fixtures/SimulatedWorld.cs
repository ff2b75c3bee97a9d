using Stock.Application;
using Stock.Simulation;
using Stock.Tests.Fakes;

namespace Stock.Tests.Fixtures;

/// <summary>
/// A seller's world, for tests that compare checks of two of them: a database, the application over it with the real
/// adapters, and the simulated marketplaces on the application's clock (started by <see cref="StartSimulationAsync"/>).
/// </summary>
internal abstract class SimulatedWorld : IAsyncDisposable
{
    private SimulatedMarketplaces? _sim;

    protected SimulatedWorld(TestDatabase database, Action<StockOptions>? configure)
    {
        Database = database;
        Harness = SimulatedHarness.OnDatabase(() => Sim, database, configure: configure);
    }

    public TestDatabase Database { get; }

    public ApplicationHarness Harness { get; }

    public SimulatedMarketplaces Sim => _sim ?? throw new InvalidOperationException("The simulated marketplaces have not started.");

    protected async Task StartSimulationAsync() => _sim = await SimulatedMarketplaces.StartAsync(Harness.Time);

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
