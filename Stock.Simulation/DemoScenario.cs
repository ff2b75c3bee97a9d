namespace Stock.Simulation;

/// <summary>A clock that stands still until told to move: simulated days for the demo.</summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// The demo seller and what happens to its stock over three simulated days, chosen so that every event type
/// happens: a best-seller low on stock from day one, an FBO stock that runs out, and a supply that arrives.
/// </summary>
public sealed class DemoScenario
{
    /// <summary>The demo legal entity.</summary>
    public const string Seller = "ООО Амодекор";

    /// <summary>Its Wildberries token on the simulated marketplace.</summary>
    public const string WbToken = "demo-wb-token-0000000000000001";

    /// <summary>Its Ozon Client-Id.</summary>
    public const string OzonClientId = "123456";

    /// <summary>Its Ozon Api-Key.</summary>
    public const string OzonApiKey = "demo-ozon-key-0000000000000002";

    private readonly SimulatedSeller _seller;
    private readonly SimulatedMarketplaces _simulation;

    private DemoScenario(SimulatedMarketplaces simulation, SimulatedSeller seller)
    {
        _simulation = simulation;
        _seller = seller;
    }

    /// <summary>How many simulated days the demo runs.</summary>
    public static int Days => 3;

    /// <summary>Creates the seller with a generated catalog and 70 days of orders, and sets the stock of the featured products.</summary>
    public static DemoScenario Create(SimulatedMarketplaces simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var seller = simulation.AddSeller(Seller, WbToken, OzonClientId, OzonApiKey);
        seller.Generate(seed: 2026, wbProducts: 10, ozonProducts: 10, simulation.Today);
        var wb = seller.WbProducts;
        seller.AddWbProduct(211_999_001, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 3, fbs: 2, simulation.Time.GetUtcNow().AddDays(-90));
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211_999_001, simulation.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 3);
        }

        seller.SetWbStock(wb[0], fbo: 24, fbs: 0);
        seller.SetWbStock(wb[1], fbo: 2, fbs: 1);
        return new DemoScenario(simulation, seller);
    }

    /// <summary>What changes on the marketplaces before the check of <paramref name="day"/> (0-based), in words.</summary>
    public string Apply(int day)
    {
        var wb = _seller.WbProducts;
        switch (day)
        {
            case 0:
                return "a best-seller (MUG-RED-300) has 5 left; the rest of the catalog as generated";
            case 1:
                _seller.SetWbStock(wb[0], fbo: 4, fbs: 0);
                _seller.AddWbOrders(211_999_001, _simulation.Today.AddDays(-1).ToDateTime(new TimeOnly(15, 0)), 3);
                return $"the FBO stock of wb {wb[0]} fell from 24 to 4";
            default:
                _seller.SetWbStock(wb[1], fbo: 30, fbs: 1);
                _seller.AddWbOrders(211_999_001, _simulation.Today.AddDays(-1).ToDateTime(new TimeOnly(15, 0)), 2);
                return $"a supply of 28 units of wb {wb[1]} arrived on WB warehouses";
        }
    }
}
