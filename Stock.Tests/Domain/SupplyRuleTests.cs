using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Supply;
using static Stock.Tests.Domain.DomainTestData;

namespace Stock.Tests.Domain;

/// <summary>The forecast and the supply rule of docs/forecast.md, on examples worked by hand.</summary>
public sealed class SupplyRuleTests
{
    // Ages count back from yesterday (age 0); the forecast reads the 56 complete days before today.
    private static DayRecord[] Days(Func<int, int> quantityAtAge, int count = 56) =>
        [.. Enumerable.Range(0, count).Select(age => new DayRecord(Today.AddDays(-1 - age), quantityAtAge(age), InStock: true))];

    // A product as the repository restores it with its own supply settings (stock rules set stores them).
    private static Product WithSettings(Product product, SupplySettings settings) =>
        Product.Restore(new ProductState(
            product.LegalEntityId, product.Sku, product.Name, product.Url, product.StockFbo, product.StockFbs, product.Status, product.ReplenishedLevel,
            product.NotifiedBand, product.NotifiedOn, product.CheckedOn, [.. product.History.Days])
        {
            SupplySettings = settings,
        });

    [Fact]
    public void Forecast_OfSteadyDemand_IsThatDemand_WithNoSpread()
    {
        var forecast = DemandForecast.Of(new DailyHistory(Days(_ => 4)), ProductStatus.Ordinary, Today)!;

        (forecast.PerDay, forecast.DailyDeviation, forecast.InStockDays).Should().Be((4m, 0m, 56));
    }

    [Fact]
    public void Forecast_WeightsADayHalfAfterTwoWeeks_AndReadsInStockDaysOnly()
    {
        // Yesterday 6 (weight 1), 14 days before it 2 (weight 0.5), and an out-of-stock day between them that sold 0:
        // (6 + 0.5 x 2) / 1.5 = 4.6667. The spread of 6 and 2: sqrt(((6 - 4)^2 + (2 - 4)^2) / 1) = 2.8284.
        var history = new DailyHistory([new DayRecord(Today.AddDays(-1), 6, true), new DayRecord(Today.AddDays(-8), 0, false), new DayRecord(Today.AddDays(-15), 2, true)]);

        var forecast = DemandForecast.Of(history, ProductStatus.Ordinary, Today)!;

        (forecast.PerDay, forecast.DailyDeviation, forecast.InStockDays).Should().Be((4.6667m, 2.8284m, 2));
    }

    [Fact]
    public void Forecast_OfALinearRamp_IsTomorrowsDemand()
    {
        // 100 sold yesterday, one fewer each day before: the weighted mean (84.03) lags the ramp by its mean age (15.97
        // days); the slope of the last two weeks against the six before is 1 a day, so tomorrow is 84.03 + 1 x 16.97 = 101.
        var forecast = DemandForecast.Of(new DailyHistory(Days(age => 100 - age)), ProductStatus.Ordinary, Today)!;

        forecast.PerDay.Should().Be(101m);
    }

    [Fact]
    public void Forecast_TrendIsClamped_AndANewProductHasNone()
    {
        // 60 yesterday, one fewer each day before: 44.03 + 1 x 16.97 = 61 would be 1.39 times the weighted mean; kept at 1.25.
        DemandForecast.Of(new DailyHistory(Days(age => 60 - age)), ProductStatus.Ordinary, Today)!.PerDay.Should().Be(55.0393m);
        DemandForecast.Of(new DailyHistory(Days(age => 60 - age)), ProductStatus.New, Today)!.PerDay.Should().Be(44.0315m, "a new product's history is too short for a trend");
    }

    [Fact]
    public void Forecast_WithoutASale_OnAnInStockDay_IsNone()
    {
        DemandForecast.Of(new DailyHistory(Days(_ => 0)), ProductStatus.Ordinary, Today).Should().BeNull();
        DemandForecast.Of(new DailyHistory([new DayRecord(Today.AddDays(-3), 5, InStock: false)]), ProductStatus.Ordinary, Today).Should().BeNull();
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.95, 1.6448536)]
    [InlineData(0.99, 2.3263479)]
    [InlineData(0.01, -2.3263479)]
    public void SafetyStock_UsesTheNormalQuantileOfTheServiceLevel(double level, double z) =>
        SupplyRule.StandardNormalQuantile(level).Should().BeApproximately(z, 1e-6);

    [Fact]
    public void Ship_SteadyDemand_IsDueWhenFboAndTransitLastNoLongerThanTheLeadTime_WithItsDatesAndSupply()
    {
        // 4 a day, no spread: ship is due at FBO + transit <= 4 x (10 + 1) = 44. FBO 40: runs out in 10 days; act today;
        // supply 4 x (10 + 30) - 40 = 120, of which the seller's 50 hold 50. Reorder: 40 + 50 = 90 <= 4 x 46 = 184; runs
        // out in 22 days, 45 days' lead time: act today; 4 x (45 + 30) - 90 = 210.
        var product = Stored(fbo: 40, fbs: 50, ProductStatus.Ordinary, days: Days(_ => 4));

        product.Merge(Fetched(fbo: 40, fbs: 50), Today, AllRules);

        var due = product.PullEvents().OfType<SupplyDue>().ToDictionary(e => e.Need.Kind);
        due[SupplyKind.Ship].Need.Should().Be(new SupplyNeed(SupplyKind.Ship, 40, 10, Today.AddDays(10), Today, 120, 50));
        due[SupplyKind.Reorder].Need.Should().Be(new SupplyNeed(SupplyKind.Reorder, 90, 45, Today.AddDays(22), Today, 210, 0));
        due[SupplyKind.Ship].ForecastPerDay.Should().Be(4m);
    }

    [Fact]
    public void Ship_IsNotDue_WhileEnoughIsInTransit_ButItsAvailableStockCountsIt()
    {
        var product = Stored(fbo: 20, fbs: 0, ProductStatus.Ordinary, days: Days(_ => 4));

        product.Merge(Fetched(fbo: 20, fbs: 0) with { InTransit = 30 }, Today, AllRules);

        var due = product.PullEvents().OfType<SupplyDue>().Should().ContainSingle("20 + 30 in transit > 44: no ship; but 50 <= 184: reorder").Subject;
        due.Need.Kind.Should().Be(SupplyKind.Reorder);
        due.InTransit.Should().Be(30);
        product.ShipDueSince.Should().BeNull();
    }

    [Fact]
    public void Ship_WithAVaryingDemand_AddsSafetyStock_AndActsByTheStockOutLessTheLeadTime()
    {
        // 1, 1, 1, 5 repeating (mean 2): the spread is sqrt((42 x 1 + 14 x 9) / 55) = 1.7477; over 5 + 1 days at 0.95
        // the safety stock is 1.6449 x 1.7477 x sqrt(6) = 7.04. 15 units last about 8 days: act by 3 days from now.
        var product = Stored(fbo: 15, fbs: 0, ProductStatus.Ordinary, days: Days(age => age % 4 == 3 ? 5 : 1));
        var settings = AllRules with { Supply = AllRules.Supply with { ShipLeadTimeDays = 5 } };

        product.Merge(Fetched(fbo: 15, fbs: 0), Today, settings);

        var forecast = DemandForecast.Of(product.History, ProductStatus.Ordinary, Today)!;
        forecast.DailyDeviation.Should().Be(1.7477m);
        SupplyRule.SafetyStock(forecast, 5, 0.95).Should().BeApproximately(7.04m, 0.01m);
        var ship = product.PullEvents().OfType<SupplyDue>().Single(e => e.Need.Kind == SupplyKind.Ship);
        var stockout = Today.AddDays((int)Math.Floor(15 / forecast.PerDay));
        (ship.Need.StockoutDate, ship.Need.ActByDate).Should().Be((stockout, stockout.AddDays(-5)));
        forecast.PerDay.Should().BeInRange(1.6m, 2.2m, "the mean is 2; the weights favour the recent 1s a little");
    }

    [Fact]
    public void OneDepletion_RaisesEachKindOnce_ASupplyReArmsIt_AndTheNextDepletionIsANewEvent()
    {
        var product = Stored(fbo: 40, fbs: 0, ProductStatus.Ordinary, days: Days(_ => 4));

        product.Merge(Fetched(fbo: 40, fbs: 0), Today, AllRules);
        var first = product.PullEvents().OfType<SupplyDue>().Single(e => e.Need.Kind == SupplyKind.Ship);
        product.Merge(Fetched(fbo: 36, fbs: 0, salesFrom: Today, orders: new Dictionary<DateOnly, int> { [Today] = 4 }), Today.AddDays(1), AllRules);
        product.PullEvents().OfType<SupplyDue>().Should().BeEmpty("the depletion was alerted and nothing arrived");
        product.ShipDueSince.Should().Be(Today);

        product.Merge(Fetched(fbo: 200, fbs: 0, salesFrom: Today.AddDays(2)), Today.AddDays(2), AllRules);
        product.PullEvents().OfType<SupplyDue>().Should().BeEmpty();
        product.ShipDueSince.Should().BeNull("a supply arrived: re-armed");

        product.Merge(Fetched(fbo: 30, fbs: 0, salesFrom: Today.AddDays(3)), Today.AddDays(3), AllRules);
        var next = product.PullEvents().OfType<SupplyDue>().Single(e => e.Need.Kind == SupplyKind.Ship);
        next.Identity.Id.Should().NotBe(first.Identity.Id);
        next.Identity.DedupKey.Should().NotBe(first.Identity.DedupKey, "a new depletion is a new alert, even within the dedup window");
        first.Identity.DedupKey.Should().EndWith(":ship:" + Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Overrides_LeadTimePackAndOff_WinOverTheSettings()
    {
        var product = Stored(fbo: 40, fbs: 0, ProductStatus.Ordinary, days: Days(_ => 4));
        product = WithSettings(product, new SupplySettings(ShipLeadTimeDays: 5, PackSize: 25));

        product.Merge(Fetched(fbo: 20, fbs: 0), Today, AllRules);

        // 20 <= 4 x 6 = 24: due; 4 x (5 + 30) - 20 = 120, rounded up to packs of 25: 125.
        var ship = product.PullEvents().OfType<SupplyDue>().Single(e => e.Need.Kind == SupplyKind.Ship);
        (ship.Need.LeadTimeDays, ship.Need.RecommendedSupply, ship.Need.StockoutDate, ship.Need.ActByDate).Should().Be((5, 125, Today.AddDays(5), Today));

        var off = Stored(fbo: 1, fbs: 0, ProductStatus.Ordinary, days: Days(_ => 4));
        off = WithSettings(off, new SupplySettings(Off: true));
        off.Merge(Fetched(fbo: 1, fbs: 0), Today, AllRules);
        off.PullEvents().OfType<SupplyDue>().Should().BeEmpty();
        FluentActions.Invoking(() => new SupplySettings(PackSize: 0).EnsureValid()).Should().Throw<DomainException>().WithMessage("A pack size must be between 1 and 100000, not 0.");
    }

    [Fact]
    public void ShipLeadTime_PerMarketplace_OverTheDefault()
    {
        var settings = AllRules with { Supply = AllRules.Supply with { ShipLeadTimeDaysByMarketplace = new Dictionary<string, int> { ["ozon"] = 14 } } };
        var ozon = Stored(fbo: 50, fbs: 0, ProductStatus.Ordinary, days: Days(_ => 4), sku: Sku.From(Marketplace.Ozon, 1700000001, "MUG"));

        ozon.Merge(Fetched(fbo: 50, fbs: 0, sku: Sku.From(Marketplace.Ozon, 1700000001, "MUG")), Today, settings);

        ozon.PullEvents().OfType<SupplyDue>().Single(e => e.Need.Kind == SupplyKind.Ship).Need.LeadTimeDays.Should().Be(14, "50 <= 4 x 15 on Ozon's 14 days; WB's 10 would not be due");
        settings.Supply.ShipLeadTimeOf(Marketplace.Wildberries).Should().Be(10);
    }
}
