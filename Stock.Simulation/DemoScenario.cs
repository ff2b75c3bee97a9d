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
/// happens: a best-seller low on stock from day one, another whose supply to WB is due weeks before it would be low on
/// stock (and one as fast whose supply is on its way, so none is due), a WB token that expires soon, an Ozon cluster
/// running dry while the total looks fine, an FBO stock that runs out, a supply that arrives, and on the last day a
/// withdrawn WB token.
/// </summary>
public sealed class DemoScenario
{
    /// <summary>The demo legal entity.</summary>
    public const string Seller = "ООО Амодекор";

    /// <summary>Its Ozon Client-Id.</summary>
    public const string OzonClientId = "123456";

    /// <summary>Its Ozon Api-Key.</summary>
    public const string OzonApiKey = "demo-ozon-key-0000000000000002";

    /// <summary>Days from the first check to the expiry of the demo's WB token.</summary>
    public const int WbTokenDaysLeft = 10;

    /// <summary>The featured Ozon sku whose Novosibirsk cluster runs dry.</summary>
    public const long OzonClusterSku = 1_799_999_001;

    /// <summary>The best-seller whose supply is due days before it is low on stock: 6 a day, 60 on WB's warehouses, 120 at the seller's.</summary>
    public const long BestSellerNmId = 211_999_002;

    /// <summary>A product that sells as fast, with a supply on its way to WB: no supply is due.</summary>
    public const long InTransitNmId = 211_999_003;

    private readonly SimulatedSeller _seller;
    private readonly SimulatedMarketplaces _simulation;

    private DemoScenario(SimulatedMarketplaces simulation, SimulatedSeller seller)
    {
        _simulation = simulation;
        _seller = seller;
    }

    /// <summary>How many simulated days the demo runs.</summary>
    public static int Days => 3;

    /// <summary>Its Wildberries token: a JWT that expires <see cref="WbTokenDaysLeft"/> days (and an hour) after the first check.</summary>
    public string WbToken => _seller.WbToken;

    /// <summary>Creates the seller with a generated catalog and 70 days of orders, and sets the stock of the featured products.</summary>
    public static DemoScenario Create(SimulatedMarketplaces simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var token = SimulatedMarketplaces.WbJwt(simulation.Time.GetUtcNow().AddDays(WbTokenDaysLeft).AddHours(1));
        var seller = simulation.AddSeller(Seller, token, OzonClientId, OzonApiKey);
        seller.Generate(seed: 2026, wbProducts: 10, ozonProducts: 10, simulation.Today);
        var wb = seller.WbProducts;
        seller.AddWbProduct(211_999_001, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 3, fbs: 2, simulation.Time.GetUtcNow().AddDays(-90));
        seller.AddOzonProduct(900_999_001, "MUG-BLUE-300", OzonClusterSku, "Кружка керамическая синяя 300 мл", fbo: 0, fbsPresent: 60);
        seller.AddWbProduct(BestSellerNmId, "KETTLE-1L", "Чайник стеклянный 1 л", fbo: 60, fbs: 120, simulation.Time.GetUtcNow().AddDays(-120));
        seller.AddWbProduct(InTransitNmId, "KETTLE-2L", "Чайник стеклянный 2 л", fbo: 30, fbs: 300, simulation.Time.GetUtcNow().AddDays(-120));
        seller.AddWbSupply(statusId: 3, preorder: false, (InTransitNmId, 60, 0));
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211_999_001, simulation.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 3);
            seller.AddWbOrders(BestSellerNmId, simulation.Today.AddDays(-day).ToDateTime(new TimeOnly(11, 0)), 6);
            seller.AddWbOrders(InTransitNmId, simulation.Today.AddDays(-day).ToDateTime(new TimeOnly(11, 0)), 6);
            seller.AddOzonOrders(OzonClusterSku, simulation.Today.AddDays(-day), 3);
        }

        seller.SetOzonClusters(
            OzonClusterSku,
            new SimulatedCluster(4007, "Москва, МО и Дальние регионы", 60, 2.0),
            new SimulatedCluster(4039, "Новосибирск", 2, 1.0));
        seller.SetWbStock(wb[0], fbo: 24, fbs: 0);
        seller.SetWbStock(wb[1], fbo: 2, fbs: 1);
        return new DemoScenario(simulation, seller);
    }

    /// <summary>The marketplace (<c>wb</c> or <c>ozon</c>) whose part of the check of <paramref name="day"/> fails on purpose, if any.</summary>
    public static string? ExpectedFailure(int day) => day == Days - 1 ? "wb" : null;

    /// <summary>The generated WB product whose FBO stock falls from 24 to 4 on the second day.</summary>
    public long FboRunsOutNmId => _seller.WbProducts[0];

    /// <summary>The generated WB product a supply of 28 units arrives for on the second day.</summary>
    public long SupplyArrivesNmId => _seller.WbProducts[1];

    /// <summary>
    /// Makes what happens on the marketplaces before the check of <paramref name="day"/> (0-based) happen; the demo
    /// tells it in its own words: day 1 the state <see cref="Create"/> set, day 2 <see cref="FboRunsOutNmId"/> runs
    /// out on WB and <see cref="SupplyArrivesNmId"/>'s supply arrives, day 3 the WB token is withdrawn.
    /// </summary>
    public void Apply(int day)
    {
        switch (day)
        {
            case 0:
                return;
            case 1:
                _seller.SetWbStock(FboRunsOutNmId, fbo: 4, fbs: 0);
                _seller.SetWbStock(SupplyArrivesNmId, fbo: 30, fbs: 1);
                _seller.AddWbOrders(211_999_001, _simulation.Today.AddDays(-1).ToDateTime(new TimeOnly(15, 0)), 3);
                return;
            default:
                _seller.WbTokenWithdrawn = true;
                _seller.AddOzonOrders(OzonClusterSku, _simulation.Today.AddDays(-1), 3);
                return;
        }
    }
}
